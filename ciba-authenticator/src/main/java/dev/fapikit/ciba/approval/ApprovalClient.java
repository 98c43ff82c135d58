package dev.fapikit.ciba.approval;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * The realm client through which the approval page sends the user into the realm's browser flow (so the realm's MFA,
 * WebAuthn and step-up apply). It redirects only to the approval page, and its codes are redeemed only inside the
 * server ({@link ApprovalSignIn}): it is confidential with a random secret nobody is told, so no one can redeem its codes
 * at the token endpoint.
 * <p>
 * It is created when a realm is created or imported and, for the realms there at start-up, once the server has
 * started ({@link Installer}); never by a page visit. An admin may delete it; the page then shows an error page.
 */
public final class ApprovalClient {

    public static final String CLIENT_ID = "fapi-kit-ciba-approval";

    private static final Logger LOG = Logger.getLogger(ApprovalClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApprovalClient() {
    }

    public static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/fapi-kit-ciba/approvals";
    }

    /** The realm's approval client, or null when an admin removed it. */
    public static ClientModel find(RealmModel realm) {
        return realm.getClientByClientId(CLIENT_ID);
    }

    /** Adds the approval client to {@code realm} unless it has one. */
    public static void install(RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) return;
        ClientModel c = realm.addClient(CLIENT_ID);
        c.setName("${fapiKitCibaApprovalClientName}");
        c.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        c.setPublicClient(false);
        c.setClientAuthenticatorType("client-secret");
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        c.setSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setServiceAccountsEnabled(false);
        c.setConsentRequired(false);
        c.setFullScopeAllowed(false);
        c.setRootUrl(Constants.AUTH_BASE_URL_PROP);
        c.setBaseUrl(pagePath(realm));
        c.setRedirectUris(Set.of(pagePath(realm)));
        c.setAttribute("pkce.code.challenge.method", "S256");
        c.setAttribute("post.logout.redirect.uris", "+");
        LOG.infof("Added client %s (CIBA approval page sign-in) to realm %s", CLIENT_ID, realm.getName());
    }

    /** Creates the approval client in each realm created or imported, and in every realm once the server has started. */
    public static final class Installer implements ProviderEventListener {

        private static final int STARTUP_TASK_TIMEOUT_SECONDS = 300;

        private final KeycloakSessionFactory factory;

        public Installer(KeycloakSessionFactory factory) {
            this.factory = factory;
        }

        @Override
        public void onEvent(ProviderEvent event) {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                install(created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                        .executeIfNotExecuted("fapi-kit-ciba-approval-client", STARTUP_TASK_TIMEOUT_SECONDS, () -> {
                            KeycloakModelUtils.runJobInTransaction(factory,
                                    tx -> tx.realms().getRealmsStream().forEach(ApprovalClient::install));
                            return null;
                        }));
            }
        }
    }
}
