package dev.fapikit.ciba.registration;

import org.keycloak.models.KeycloakSession;
import org.keycloak.validation.ClientValidationProvider;
import org.keycloak.validation.ClientValidationProviderFactory;

import dev.fapikit.core.metadata.ProviderFactorySupport;

/**
 * Same-id override of Keycloak's {@code clientValidation} provider {@value #PROVIDER_ID}, which refuses the CIBA push
 * mode. Runs for the admin console and API and for dynamic registration. Wins over the built-in by the
 * non-{@code org.keycloak} package at equal order.
 */
public final class CibaClientValidationProviderFactory extends ProviderFactorySupport<ClientValidationProvider>
        implements ClientValidationProviderFactory {

    public static final String PROVIDER_ID = "default";

    private final CibaClientValidationProvider provider = new CibaClientValidationProvider();

    @Override
    public ClientValidationProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
