package dev.fapikit.policies.assertion;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** Creates the {@value #PROVIDER_ID} executor. */
public class ArrayAudienceExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-client-assertion-audience";

    /** Executor option: whether client assertions may carry an array {@code aud}. */
    public static final String ALLOW_ARRAY = "allow-array-audience";

    public ArrayAudienceExecutorFactory() {
        super(PROVIDER_ID, ArrayAudienceExecutor::new,
                "Whether the private_key_jwt client assertions of clients under this profile may carry an array "
                        + "aud: allowed by FAPI 1.0, refused by FAPI 2.0.",
                bool(ALLOW_ARRAY, "Allow an array audience in client assertions", false,
                        "On: a client's private_key_jwt assertions may carry an aud array that contains "
                                + "this server's issuer or token endpoint (FAPI 1.0, RFC 7523 section 3). Off: only a single aud "
                                + "value is accepted (FAPI 2.0 Security Profile section 5.3.2.1). Recorded as the client attribute "
                                + ClientAssertionAudience.ATTR_ARRAY_AUDIENCE + " when a client is created or updated under "
                                + "this profile, and corrected at the client's next request under it (clients imported "
                                + "with a realm file)."));
    }
}
