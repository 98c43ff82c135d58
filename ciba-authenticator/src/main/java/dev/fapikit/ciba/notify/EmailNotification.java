package dev.fapikit.ciba.notify;

import java.util.Locale;
import java.util.Map;

import dev.fapikit.ciba.approval.ThemeRenderer;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/** Sends the approval e-mail through the realm's SMTP settings (template {@code fapi-kit-ciba-request.ftl}). */
final class EmailNotification {

    static final String TEMPLATE = "fapi-kit-ciba-request.ftl";

    private final KeycloakSession session;

    EmailNotification(KeycloakSession session) {
        this.session = session;
    }

    /** Returns null when sent, else the reason it could not be. */
    String send(UserModel user, Map<String, Object> attributes) {
        RealmModel realm = session.getContext().getRealm();
        if (user.getEmail() == null) return "the user has no e-mail address";
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) return "the realm has no SMTP settings";
        Locale locale = session.getContext().resolveLocale(user, Theme.Type.EMAIL);
        ThemeRenderer renderer = new ThemeRenderer(session);
        ThemeRenderer.Rendered html = renderer.render(Theme.Type.EMAIL, "html/" + TEMPLATE, attributes, locale);
        ThemeRenderer.Rendered text = renderer.render(Theme.Type.EMAIL, "text/" + TEMPLATE, attributes, locale);
        String subject = html.message("fapiKitCibaEmailSubject", attributes.get("clientName"));
        try {
            session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), user, subject, text.body(), html.body());
            return null;
        } catch (EmailException e) {
            return "SMTP failed: " + e.getMessage();
        }
    }
}
