package dev.fapikit.ciba.usercode;

import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/**
 * Required action in which a user sets or changes the CIBA user code. Register it in the realm's Required actions;
 * an application (or the account console) starts it with {@code kc_action=}{@value #PROVIDER_ID}.
 */
public final class SetUserCodeRequiredActionFactory extends ProviderFactorySupport<RequiredActionProvider>
        implements RequiredActionFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-set-user-code";

    /**
     * Shortest user code accepted (CIBA Core §7.1 user_code, §15.1): with 8 characters even an all-digit code has 10^8
     * values, against user-code-max-guesses (5) per 15-minute window.
     */
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 64;

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new SetUserCodeRequiredAction();
    }

    @Override
    public String getDisplayText() {
        return "Set CIBA user code";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
