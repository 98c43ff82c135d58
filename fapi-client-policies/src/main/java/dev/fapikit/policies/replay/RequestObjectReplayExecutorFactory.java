package dev.fapikit.policies.replay;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;
import static dev.fapikit.core.policy.ProfileOptions.integer;

/** Creates the {@value #PROVIDER_ID} executor. */
public class RequestObjectReplayExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-request-object-replay";

    public static final String REQUIRE_JTI = "require-jti";
    /**
     * Off: RFC 9101 and FAPI 1.0 / 2.0 do not make {@code jti} mandatory in request objects (CIBA Core §7.1.1 does for signed
     * authentication requests,
     * and Keycloak's {@code secure-ciba-signed-authn-req} enforces that).
     */
    public static final boolean DEFAULT_REQUIRE_JTI = false;

    public static final String MAX_LIFETIME = "max-lifetime";
    /** FAPI 1.0 Part 2 §5.2.2 and FAPI 2.0 Message Signing (signed requests): exp is at most 60 minutes after nbf. */
    public static final int DEFAULT_MAX_LIFETIME = 3600;

    public RequestObjectReplayExecutorFactory() {
        super(PROVIDER_ID, RequestObjectReplayExecutor::new,
                "Accepts each request object 'jti' only once during the request object's lifetime, across all cluster "
                        + "nodes: request objects sent to the authorization endpoint (request or remote request_uri), pushed "
                        + "authorization requests, and signed CIBA authentication requests. A replay is refused with "
                        + "invalid_request_object (invalid_request for CIBA).",
                bool(REQUIRE_JTI, "Require jti", DEFAULT_REQUIRE_JTI,
                        "On: request objects and signed CIBA requests without a 'jti' claim are refused. Off: they are "
                                + "accepted, but cannot be protected against replay."),
                integer(MAX_LIFETIME, "Maximum remembered lifetime (seconds)", DEFAULT_MAX_LIFETIME,
                        "How long a 'jti' is remembered at most: until the request object's 'exp', capped by this value; "
                                + "used as is for request objects without 'exp'. Keep it at least as long as the longest "
                                + "request object lifetime the realm accepts (60 minutes under FAPI)."));
    }
}
