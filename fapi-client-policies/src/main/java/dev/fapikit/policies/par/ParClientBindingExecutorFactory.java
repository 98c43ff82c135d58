package dev.fapikit.policies.par;

import dev.fapikit.core.policy.SimpleExecutorFactory;

/** Creates the {@value #PROVIDER_ID} executor. */
public class ParClientBindingExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-par-client-binding";

    /** How this Keycloak version stores pushed requests; chosen once (26.4 / 26.5+). */
    private static final PushedRequestStore PUSHED_REQUESTS = PushedRequestStore.forRuntime();

    public ParClientBindingExecutorFactory() {
        super(PROVIDER_ID, session -> new ParClientBindingExecutor(session, PUSHED_REQUESTS),
                "RFC 9126 section 4: a request_uri from the pushed authorization request endpoint is accepted at the "
                        + "authorization endpoint only from the client that pushed it; another client's request_uri, or an "
                        + "unknown, expired or already used one, is refused with invalid_request_uri. The pushed request stays "
                        + "usable by its own client. Place it before secure-par-content in a profile.");
    }
}
