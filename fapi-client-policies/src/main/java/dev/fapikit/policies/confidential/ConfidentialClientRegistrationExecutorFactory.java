package dev.fapikit.policies.confidential;

import dev.fapikit.core.policy.SimpleExecutorFactory;

/** Creates the {@value #PROVIDER_ID} executor, for a policy over client registration in a FAPI realm. */
public final class ConfidentialClientRegistrationExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-confidential-client-registration";

    public ConfidentialClientRegistrationExecutorFactory() {
        super(PROVIDER_ID, session -> new ConfidentialClientRegistrationExecutor(),
                "Refuses creating a public client, or making a client public, through the admin console, admin API or "
                        + "dynamic registration (invalid_client_metadata). FAPI has confidential clients only. Use it in a policy "
                        + "whose condition matches registrations (e.g. 'client-updater-context'), because a policy limited to "
                        + "confidential clients never sees a public one.");
    }
}
