package dev.fapikit.jarm.executor;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** {@value #PROVIDER_ID}: the clients of the policy receive authorization responses only as JARM JWTs. */
public class JarmRequiredExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-jarm-required";

    public static final String AUTO_CONFIGURE = AutoConfiguringExecutor.AUTO_CONFIGURE;
    /** JARM §4.1: each response is a JWT with its own iss claim, so the RFC 9207 parameter must not duplicate it. */
    static final boolean DEFAULT_AUTO_CONFIGURE = true;

    public JarmRequiredExecutorFactory() {
        super(PROVIDER_ID, JarmRequiredExecutor::new,
                "Requires JARM (FAPI 2.0 Message Signing): authorization requests must use response_mode jwt, query.jwt, "
                        + "fragment.jwt or form_post.jwt. Any other response mode, or none, is refused with invalid_request, "
                        + "delivered as a JARM response in the JWT counterpart of the requested mode; at the PAR endpoint the "
                        + "request is refused with invalid_request. Put it first in the profile, so that no other executor "
                        + "answers a request in a plain response mode before it.",
                bool(AUTO_CONFIGURE, "Auto-configure", DEFAULT_AUTO_CONFIGURE,
                        "If On, the client is set to leave out the separate RFC 9207 'iss' parameter (Exclude Issuer From Authentication "
                                + "Response), when it is created or updated and, for clients created earlier, at its next authorization "
                                + "request: every JARM response carries the issuer as the JWT's own 'iss' claim, and Keycloak would "
                                + "otherwise put a second 'iss' member into the JWT. If Off, creating or updating a client without that "
                                + "setting is refused."));
    }
}
