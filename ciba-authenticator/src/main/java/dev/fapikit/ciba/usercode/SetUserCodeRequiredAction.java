package dev.fapikit.ciba.usercode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.fapikit.ciba.approval.ThemeRenderer;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

/** The form where the user chooses a CIBA user code (entered twice); it is stored hashed. */
final class SetUserCodeRequiredAction implements RequiredActionProvider {

    static final String TEMPLATE = "fapi-kit-ciba-user-code.ftl";

    private final KeycloakSession session;

    SetUserCodeRequiredAction(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(form(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = form.getFirst("user-code");
        String error = problem(code, form.getFirst("user-code-confirm"));
        if (error != null) {
            context.challenge(form(context, error));
            return;
        }
        UserCodeCredentialProvider provider = (UserCodeCredentialProvider) session.getProvider(CredentialProvider.class,
                UserCodeCredentialProviderFactory.PROVIDER_ID);
        provider.set(context.getRealm(), context.getUser(), code);
        context.getEvent().event(EventType.UPDATE_CREDENTIAL).detail("credential_type", UserCodeCredentialProvider.TYPE).success();
        context.success();
    }

    /** Message key of what is wrong with the chosen code, or null. */
    static String problem(String code, String confirmation) {
        if (code == null || code.isBlank()) return "fapiKitCibaUserCodeMissing";
        int length = code.codePointCount(0, code.length());
        if (length < SetUserCodeRequiredActionFactory.MIN_LENGTH || length > SetUserCodeRequiredActionFactory.MAX_LENGTH) {
            return "fapiKitCibaUserCodeLength";
        }
        if (!code.equals(confirmation)) return "fapiKitCibaUserCodeMismatch";
        return null;
    }

    private Response form(RequiredActionContext context, String error) {
        Locale locale = session.getContext().resolveLocale(context.getUser());
        Map<String, Object> model = new HashMap<>();
        model.put("actionUrl", context.getActionUrl().toString());
        model.put("error", error == null ? "" : error);
        model.put("minLength", SetUserCodeRequiredActionFactory.MIN_LENGTH);
        String html = new ThemeRenderer(session).render(Theme.Type.LOGIN, TEMPLATE, model, locale).body();
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").build();
    }

    @Override
    public void close() {
    }
}
