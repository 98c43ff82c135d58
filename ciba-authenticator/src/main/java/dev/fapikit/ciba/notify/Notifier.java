package dev.fapikit.ciba.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fapikit.ciba.approval.PendingApproval;
import dev.fapikit.ciba.delivery.WebhookOutbound;
import dev.fapikit.ciba.events.CibaEvents;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;

/** Tells the user about a pending request on every channel the realm configured, and records an event per channel. */
public final class Notifier {

    /** Outcome: {@code delivered} when at least one channel reached the user (the app channel always does). */
    public record Result(boolean delivered, List<String> failures) {
    }

    private final KeycloakSession session;
    private final WebhookOutbound webhook;

    public Notifier(KeycloakSession session, WebhookOutbound webhook) {
        this.session = session;
        this.webhook = webhook;
    }

    /** The page a notified user opens to decide. */
    public static URI approvalPage(KeycloakSession session, RealmModel realm) {
        return Urls.realmBase(session.getContext().getUri().getBaseUri())
                .path(realm.getName()).path("fapi-kit-ciba").path("approvals").build();
    }

    public Result notify(NotificationSettings settings, PendingApproval request, UserModel user, ClientModel client) {
        RealmModel realm = session.getContext().getRealm();
        String approvalUri = approvalPage(session, realm).toString();
        String clientName = client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("clientName", clientName);
        attributes.put("bindingMessage", request.bindingMessage());
        attributes.put("approvalUri", approvalUri);
        attributes.put("expiresInMinutes", Math.max(1, (request.expiresAt() - org.keycloak.common.util.Time.currentTime() + 59) / 60));
        attributes.put("realmName", realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName());

        boolean delivered = false;
        List<String> failures = new ArrayList<>();
        for (NotificationSettings.Channel channel : settings.channels()) {
            String failure = switch (channel) {
                case APP -> null;
                case EMAIL -> new EmailNotification(session).send(user, attributes);
                case WEBHOOK -> settings.webhookUrl() == null ? "no webhook URL configured"
                        : new WebhookNotification(session, webhook).send(settings.webhookUrl(),
                                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                                user.getId(), request.expiresAt(), webhookClaims(request, user, client, approvalUri));
            };
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.OAUTH2_DEVICE_AUTH).user(user).client(client)
                    .detail(CibaEvents.DETAIL_STEP, "notified")
                    .detail("fapi_kit_ciba_channel", channel.name().toLowerCase())
                    .detail("auth_result_id", request.id());
            if (failure == null) {
                delivered = true;
                event.success();
            } else {
                failures.add(channel.name().toLowerCase() + ": " + failure);
                event.detail("reason", failure).error("notification_failed");
            }
        }
        return new Result(delivered, failures);
    }

    private static Map<String, Object> webhookClaims(PendingApproval request, UserModel user, ClientModel client, String approvalUri) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("auth_result_id", request.id());
        claims.put("preferred_username", user.getUsername());
        claims.put("email", user.getEmail());
        claims.put("phone_number", user.getFirstAttribute("phoneNumber"));
        claims.put("client_id", client.getClientId());
        claims.put("client_name", client.getName());
        claims.put("scope", request.scope());
        claims.put("binding_message", request.bindingMessage());
        claims.put("acr_values", request.acrValues());
        claims.put("approval_uri", approvalUri);
        return claims;
    }
}
