package dev.fapikit.core.rar.consent;

import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/**
 * {@value #PROVIDER_ID}: the browser's consent step for {@code authorization_details} (RFC 9396 §7). Register and enable
 * it in the realm's Required actions; it then runs by itself, after every browser sign-in whose authorization request
 * carries {@code authorization_details}, whatever the browser flow. Without it the {@code payment_initiation} processor
 * issues no token with payment details ({@code invalid_authorization_details}).
 * <p>
 * Loads on Keycloak 26.4 too: it names only the required-action SPI and FAPI Kit's own parser and wording.
 */
public final class PaymentConsentRequiredActionFactory extends ProviderFactorySupport<RequiredActionProvider>
        implements RequiredActionFactory {

    public static final String PROVIDER_ID = "fapi-kit-payment-consent";

    /** Name in the admin console's Required actions list. */
    static final String DISPLAY_TEXT = "Confirm payment details (authorization_details, RFC 9396)";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PaymentConsentRequiredAction();
    }

    @Override
    public String getDisplayText() {
        return DISPLAY_TEXT;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
