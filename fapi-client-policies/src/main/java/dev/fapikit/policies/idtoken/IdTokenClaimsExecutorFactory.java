package dev.fapikit.policies.idtoken;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** Creates the {@value #PROVIDER_ID} executor. */
public class IdTokenClaimsExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-id-token-claims";

    /** Executor option: leave out the standard claims of scopes the request did not name. */
    public static final String ONLY_REQUESTED_SCOPES = "only-requested-scope-claims";

    /** Executor option: leave out {@code typ} and {@code sid} for clients not registered for logout. */
    public static final String LOGOUT_CLAIMS = "logout-claims-only-for-logout-clients";

    public IdTokenClaimsExecutorFactory() {
        super(PROVIDER_ID, session -> new IdTokenClaimsExecutor(),
                "ID tokens of this profile's clients carry what the client asked for: no standard claims of scopes it did "
                        + "not request, no Keycloak 'typ' and 'sid' unless it takes part in logout.",
                bool(ONLY_REQUESTED_SCOPES, "Only claims of requested scopes", true,
                        "On: an ID token carries a standard user claim (OpenID Connect Core 5.1: name, email, phone_number, "
                                + "address, ...) only when the request's scope named its scope (profile, email, phone, address; "
                                + "Core 5.4) or the claims parameter asked for it in the ID token (Core 5.5). Keycloak otherwise "
                                + "adds the claims of every default client scope. The userinfo endpoint and access tokens are "
                                + "unchanged; other claims (your own mappers) are kept."),
                bool(LOGOUT_CLAIMS, "typ and sid only for clients that log out", true,
                        "On: Keycloak's 'typ' claim and the session id 'sid' are left out of the ID token unless the client is "
                                + "registered for logout: post-logout redirect URIs (RP-Initiated Logout 1.0; Keycloak's default "
                                + "'+' alone does not count), a front-channel or a back-channel logout URL. Keycloak's logout "
                                + "endpoint needs 'typ' in an id_token_hint, "
                                + "and 'sid' names the session that a logout token ends. A client without these settings logs "
                                + "out with client_id instead of id_token_hint."));
    }
}
