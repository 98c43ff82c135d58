package dev.fapikit.core.policy;

import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/** A client-policy executor factory without set-up or tear-down that reports its bundle in the server info. */
public abstract class ExecutorFactorySupport extends ProviderFactorySupport<ClientPolicyExecutorProvider>
        implements ClientPolicyExecutorProviderFactory {
}
