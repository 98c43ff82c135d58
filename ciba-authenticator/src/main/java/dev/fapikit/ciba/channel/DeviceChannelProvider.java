package dev.fapikit.ciba.channel;


import jakarta.ws.rs.core.Response;

import dev.fapikit.ciba.approval.PendingApproval;
import dev.fapikit.ciba.approval.PendingApprovalStore;
import dev.fapikit.ciba.delivery.CibaDelivery;
import dev.fapikit.ciba.notify.NotificationSettings;
import dev.fapikit.ciba.notify.Notifier;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.services.ErrorResponseException;

/**
 * Stores the request as a pending approval (keyed by its {@code auth_result_id}, which is also the user-code key of
 * Keycloak's device-code store) and notifies the user. Refuses when the realm has no notification channel, the user
 * has too many pending requests (overall, or from this client), or no channel could reach the user; a refused request
 * gives its slots back at once.
 */
record DeviceChannelProvider(KeycloakSession session, int maxPendingPerUser, int maxPendingPerClientUser)
        implements AuthenticationChannelProvider {

    private static final Logger LOG = Logger.getLogger(DeviceChannelProvider.class);

    @Override
    public boolean requestAuthentication(CIBAAuthenticationRequest request, String infoUsedByAuthenticator) {
        RealmModel realm = session.getContext().getRealm();
        NotificationSettings settings;
        try {
            settings = NotificationSettings.of(realm);
        } catch (IllegalStateException e) {
            throw new ErrorResponseException(OAuthErrorException.SERVER_ERROR, e.getMessage(), Response.Status.SERVICE_UNAVAILABLE);
        }
        if (settings.channels().isEmpty()) {
            // Refuse at once rather than leave the client polling a request nobody can see.
            throw new ErrorResponseException(OAuthErrorException.ACCESS_DENIED, "Realm '" + realm.getName()
                    + "' has no CIBA notification channel; an administrator must set realm attribute "
                    + NotificationSettings.REALM_ATTR_CHANNELS, Response.Status.FORBIDDEN);
        }
        PendingApproval pending = new PendingApproval(request.getAuthResultId(), realm.getId(), request.getUser().getId(),
                request.getClient().getClientId(), request.getScope(), request.getBindingMessage(), request.getAcrValues(),
                request.getExp(), 0);
        PendingApprovalStore store = new PendingApprovalStore(session, maxPendingPerUser, maxPendingPerClientUser);
        PendingApprovalStore.Reservation reservation = store.reserve(pending).orElseThrow(() -> new ErrorResponseException(
                OAuthErrorException.ACCESS_DENIED, "The user has too many pending authentication requests", Response.Status.FORBIDDEN));
        Notifier.Result result;
        try {
            result = new Notifier(session, CibaDelivery.of(session).webhook()).notify(settings, pending, request.getUser(), request.getClient());
        } catch (RuntimeException e) {
            store.release(reservation);
            throw e;
        }
        if (!result.delivered()) {
            LOG.warnf("CIBA request for client '%s' refused: no channel reached the user: %s", request.getClient().getClientId(), result.failures());
            // the refused request must not hold the user's slots (its record is dropped with the transaction)
            store.release(reservation);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
    }
}
