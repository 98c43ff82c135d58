package dev.fapikit.mtls.flow;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import org.jboss.logging.Logger;

/**
 * Puts a client authenticator into every realm's client authentication flow as an ALTERNATIVE execution, as Keycloak's
 * {@code DefaultAuthenticationFlows.clientAuthFlow} does for its built-in ones: for the realms that exist when the
 * server has started, and for each realm created or imported later. A flow that already has the execution is left as
 * it is.
 *
 * @param factory         the server's session factory, for the realms that exist at start-up
 * @param authenticatorId the client authenticator to add
 */
public record ClientFlowInstaller(KeycloakSessionFactory factory, String authenticatorId) implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(ClientFlowInstaller.class);
    /** Cluster-wide guard so that two nodes starting together do not add the execution twice. */
    private static final int STARTUP_TASK_TIMEOUT_SECONDS = 300;

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            install(created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted("fapi-kit-client-flow-" + authenticatorId, STARTUP_TASK_TIMEOUT_SECONDS, () -> {
                        KeycloakModelUtils.runJobInTransaction(factory,
                                tx -> tx.realms().getRealmsStream().forEach(this::install));
                        return null;
                    }));
        }
    }

    /** Adds the execution to the realm's client authentication flow unless it is there already. */
    public void install(RealmModel realm) {
        AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
        if (flow == null || realm.getAuthenticationExecutionsStream(flow.getId())
                .anyMatch(execution -> authenticatorId.equals(execution.getAuthenticator()))) {
            return;
        }
        int lastPriority = realm.getAuthenticationExecutionsStream(flow.getId())
                .mapToInt(AuthenticationExecutionModel::getPriority).max().orElse(0);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
        execution.setAuthenticator(authenticatorId);
        execution.setPriority(lastPriority + 10);
        execution.setAuthenticatorFlow(false);
        realm.addAuthenticatorExecution(execution);
        LOG.infof("Added client authenticator '%s' to the client authentication flow '%s' of realm '%s'", authenticatorId,
                flow.getAlias(), realm.getName());
    }
}
