package dev.fapikit.ciba.endpoint;

import jakarta.ws.rs.Path;

import dev.fapikit.ciba.app.ApproverApiResource;
import dev.fapikit.ciba.approval.ApprovalClient;
import dev.fapikit.ciba.approval.ApprovalPageResource;
import dev.fapikit.ciba.approval.ApprovalService;
import dev.fapikit.ciba.approval.PendingApprovalStore;
import dev.fapikit.ciba.channel.DeviceChannelProviderFactory;
import dev.fapikit.core.metadata.ProviderFactorySupport;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves the authentication device under {@code /realms/{realm}/fapi-kit-ciba}: the approval page ({@code /approvals})
 * and the authenticator-app API ({@code /app}).
 */
public final class CibaRealmResourceProviderFactory extends ProviderFactorySupport<RealmResourceProvider>
        implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba";

    private KeycloakSessionFactory sessionFactory;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Root(session, maxPendingPerUser());
    }

    private int maxPendingPerUser() {
        var channel = sessionFactory.getProviderFactory(AuthenticationChannelProvider.class, DeviceChannelProviderFactory.PROVIDER_ID);
        // another channel selected: nothing is ever stored, so one slot to look at is enough
        return channel instanceof DeviceChannelProviderFactory f ? f.maxPendingPerUser() : 1;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        // ISSUE16 §4: the page's sign-in client exists before any visit; a page GET never changes the realm.
        factory.register(new ApprovalClient.Installer(factory));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** The JAX-RS root; one per request. */
    public static final class Root implements RealmResourceProvider {

        private final KeycloakSession session;
        private final int maxPendingPerUser;

        Root(KeycloakSession session, int maxPendingPerUser) {
            this.session = session;
            this.maxPendingPerUser = maxPendingPerUser;
        }

        @Override
        public Object getResource() {
            return this;
        }

        @Path("approvals")
        public ApprovalPageResource approvals() {
            return new ApprovalPageResource(session, service());
        }

        @Path("app")
        public ApproverApiResource app() {
            return new ApproverApiResource(session, service());
        }

        private ApprovalService service() {
            return new ApprovalService(session, new PendingApprovalStore(session, maxPendingPerUser));
        }

        @Override
        public void close() {
        }
    }
}
