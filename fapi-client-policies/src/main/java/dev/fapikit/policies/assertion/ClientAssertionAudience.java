package dev.fapikit.policies.assertion;

import org.keycloak.models.ClientModel;

/** The client attribute that lets a client's assertions carry an array {@code aud} (set by FAPI 1.0 profiles). */
public final class ClientAssertionAudience {

    /** Client attribute: {@code true} when the client's assertions may have an array {@code aud} containing the server's identifier. */
    public static final String ATTR_ARRAY_AUDIENCE = "fapi-kit.client-assertion.array-audience";

    /** Session attribute: the id of the client whose assertion was accepted in this request with an array {@code aud}. */
    static final String SESSION_ARRAY_ACCEPTED = "fapi-kit.client-assertion.array-audience-accepted";

    private ClientAssertionAudience() {
    }

    static boolean allowsArray(ClientModel client) {
        return client != null && Boolean.parseBoolean(client.getAttribute(ATTR_ARRAY_AUDIENCE));
    }
}
