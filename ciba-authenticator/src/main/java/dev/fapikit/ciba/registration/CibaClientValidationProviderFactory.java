package dev.fapikit.ciba.registration;

import org.keycloak.validation.ClientValidationProvider;
import org.keycloak.validation.ClientValidationProviderFactory;

import dev.fapikit.core.metadata.SimpleProviderFactory;

/**
 * Same-id override of Keycloak's {@code clientValidation} provider {@value #PROVIDER_ID}, which refuses the CIBA push
 * mode. Runs for the admin console and API and for dynamic registration. Wins over the built-in by the
 * non-{@code org.keycloak} package at equal order.
 */
public final class CibaClientValidationProviderFactory extends SimpleProviderFactory<ClientValidationProvider>
        implements ClientValidationProviderFactory {

    public static final String PROVIDER_ID = "default";

    public CibaClientValidationProviderFactory() {
        super(PROVIDER_ID, session -> new CibaClientValidationProvider());
    }
}
