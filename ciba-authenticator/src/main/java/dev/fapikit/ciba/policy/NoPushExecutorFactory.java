package dev.fapikit.ciba.policy;

import java.util.List;

import dev.fapikit.core.policy.SimpleExecutorFactory;

/** Creates the {@value #PROVIDER_ID} executor; belongs in every FAPI-CIBA client profile. */
public final class NoPushExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-no-push";

    public NoPushExecutorFactory() {
        super(PROVIDER_ID, session -> new NoPushExecutor(), List.of());
    }

    @Override
    public String getHelpText() {
        return "Refuses the CIBA push token delivery mode, as FAPI-CIBA requires: a client cannot be registered or updated "
                + "(admin console, admin API, dynamic registration) with backchannel_token_delivery_mode push, and a push "
                + "client's backchannel authentication request is refused with unauthorized_client.";
    }
}
