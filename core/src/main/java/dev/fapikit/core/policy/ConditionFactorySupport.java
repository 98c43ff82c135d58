package dev.fapikit.core.policy;

import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/** A client-policy condition factory without set-up or tear-down that reports its bundle in the server info. */
public abstract class ConditionFactorySupport extends ProviderFactorySupport<ClientPolicyConditionProvider>
        implements ClientPolicyConditionProviderFactory {
}
