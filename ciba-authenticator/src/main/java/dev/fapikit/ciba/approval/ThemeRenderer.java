package dev.fapikit.ciba.approval;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

/**
 * Renders a FAPI Kit template with the realm's own theme when it provides the template (so a realm theme extending
 * {@code fapi-kit} can override it), else with the {@code fapi-kit} theme the bundle ships: the e-mail templates.
 * The login pages (approval page, user-code form) are not rendered here but by Keycloak's login forms with the realm's
 * login theme, which has their templates and messages through the themes JAR's {@code theme-resources}; {@link
 * #messages} reads those messages for the app API. Templates are HTML auto-escaped by Keycloak's FreeMarker setup;
 * plain-text templates declare {@code output_format="plainText"}.
 */
public final class ThemeRenderer {

    /** The theme in the {@code themes} module that carries the CIBA templates and messages. */
    public static final String BUNDLED_THEME = "fapi-kit";

    private final KeycloakSession session;

    public ThemeRenderer(KeycloakSession session) {
        this.session = session;
    }

    public record Rendered(String body, Properties messages) {
        public String message(String key, Object... args) {
            String pattern = messages.getProperty(key, key);
            return args.length == 0 ? pattern : new java.text.MessageFormat(pattern).format(args);
        }
    }

    /** Messages of the theme that renders {@code template} for {@code type}. */
    public Properties messages(Theme.Type type, String template, Locale locale) {
        try {
            return themeFor(type, template).getEnhancedMessages(session.getContext().getRealm(), locale);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot load FAPI Kit messages", e);
        }
    }

    private Theme themeFor(Theme.Type type, String template) throws IOException {
        Theme theme = session.theme().getTheme(type);
        return theme.getTemplate(template) != null ? theme : session.theme().getTheme(BUNDLED_THEME, type);
    }

    public Rendered render(Theme.Type type, String template, Map<String, Object> attributes, Locale locale) {
        try {
            Theme theme = themeFor(type, template);
            Properties messages = theme.getEnhancedMessages(session.getContext().getRealm(), locale);
            Map<String, Object> model = new HashMap<>(attributes);
            model.put("msg", new MessageFormatterMethod(locale, messages));
            model.put("locale", locale.toLanguageTag());
            String body = session.getProvider(FreeMarkerProvider.class).processTemplate(model, template, theme);
            return new Rendered(body, messages);
        } catch (IOException | FreeMarkerException e) {
            throw new IllegalStateException("Cannot render FAPI Kit template " + template, e);
        }
    }
}
