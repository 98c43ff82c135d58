package dev.fapikit.ciba.registration;

import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.validation.ClientValidationProvider;
import org.keycloak.validation.ClientValidationProviderFactory;

/**
 * Same-id override of Keycloak's {@code clientValidation} provider {@value #PROVIDER_ID}, which refuses the CIBA push
 * mode. Runs for the admin console and API and for dynamic registration. Wins over the built-in by the
 * non-{@code org.keycloak} package at equal order.
 */
public final class CibaClientValidationProviderFactory implements ClientValidationProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";

    private final CibaClientValidationProvider provider = new CibaClientValidationProvider();

    @Override
    public ClientValidationProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
