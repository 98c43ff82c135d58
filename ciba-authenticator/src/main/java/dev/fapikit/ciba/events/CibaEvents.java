package dev.fapikit.ciba.events;

/**
 * Event details of FAPI Kit's CIBA steps, shared by the endpoint, the approval, the grant and the delivery packages.
 * The values are what admins query in the events store (docs/operations.md), so they never change.
 */
public final class CibaEvents {

    /** Event detail naming the CIBA step (accepted, notified, approved, denied, expired, ping, push). */
    public static final String DETAIL_STEP = "fapi_kit_ciba_step";

    /** Event detail naming where the user decided (page, app). */
    public static final String DETAIL_VIA = "fapi_kit_ciba_via";

    private CibaEvents() {
    }
}
