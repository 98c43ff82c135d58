package dev.fapikit.ciba.usercode;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.EventType;

/** The form where the user chooses a CIBA user code (entered twice); it is stored hashed. */
final class SetUserCodeRequiredAction implements RequiredActionProvider {

    static final String TEMPLATE = "fapi-kit-ciba-user-code.ftl";

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
        UserCodeCredentialProvider provider = (UserCodeCredentialProvider) context.getSession().getProvider(CredentialProvider.class,
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

    /** The form in the realm's login theme (Keycloak's login forms: keycloak.v2's template.ftl or a custom theme's). */
    private Response form(RequiredActionContext context, String error) {
        return context.form()
                .setAttribute("actionUrl", context.getActionUrl().toString())
                .setAttribute("error", error == null ? "" : error)
                .setAttribute("minLength", SetUserCodeRequiredActionFactory.MIN_LENGTH)
                .setResponseHeader("Cache-Control", "no-store")
                .createForm(TEMPLATE);
    }

    @Override
    public void close() {
    }
}
