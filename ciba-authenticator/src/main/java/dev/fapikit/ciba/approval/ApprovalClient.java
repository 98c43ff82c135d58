package dev.fapikit.ciba.approval;

import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The realm client through which the approval page sends the user into the realm's browser flow (so the realm's MFA,
 * WebAuthn and step-up apply). A public client with PKCE, created on first use, redirecting only to the approval page.
 */
public final class ApprovalClient {

    public static final String CLIENT_ID = "fapi-kit-ciba-approval";

    private static final Logger LOG = Logger.getLogger(ApprovalClient.class);

    private ApprovalClient() {
    }

    public static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/fapi-kit-ciba/approvals";
    }

    /** Returns the client, creating it in its own transaction when the realm lacks it. */
    public static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client != null) return client;
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realm.getId());
                if (r.getClientByClientId(CLIENT_ID) != null) return;
                ClientModel c = r.addClient(CLIENT_ID);
                c.setName("${fapiKitCibaApprovalClientName}");
                c.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
                c.setPublicClient(true);
                c.setStandardFlowEnabled(true);
                c.setImplicitFlowEnabled(false);
                c.setDirectAccessGrantsEnabled(false);
                c.setConsentRequired(false);
                c.setFullScopeAllowed(false);
                c.setRootUrl(Constants.AUTH_BASE_URL_PROP);
                c.setBaseUrl(pagePath(r));
                c.setRedirectUris(Set.of(pagePath(r)));
                c.setAttribute("pkce.code.challenge.method", "S256");
                c.setAttribute("post.logout.redirect.uris", "+");
            });
        } catch (RuntimeException e) {
            // Another node created it at the same moment; the next request finds it.
            LOG.debugf(e, "Creating client %s in realm %s raced", CLIENT_ID, realm.getName());
        }
        return session.clients().getClientByClientId(realm, CLIENT_ID);
    }
}
