package dev.fapikit.mtls.auth;

import java.util.List;
import java.util.Map;

import org.keycloak.authentication.authenticators.client.AbstractClientAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.mtls.flow.ClientFlowInstaller;

/**
 * A FAPI Kit client authenticator of RFC 8705 mutual TLS: added to every realm's client authentication flow by
 * {@link ClientFlowInstaller}, not configurable, with per-client settings only and no adapter configuration.
 */
abstract class MtlsClientAuthenticator extends AbstractClientAuthenticator implements ServerInfoAwareProviderFactory {

    private final String id;
    private final List<ProviderConfigProperty> perClientProperties;

    /**
     * @param id                  the authenticator's provider id
     * @param perClientProperties the settings on each client's Credentials tab
     */
    MtlsClientAuthenticator(String id, List<ProviderConfigProperty> perClientProperties) {
        this.id = id;
        this.perClientProperties = perClientProperties;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ClientFlowInstaller(factory, getId()));
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return perClientProperties;
    }

    // no @Override: the signature of Keycloak 26.5+, absent on 26.4 (the same source builds against both)
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return Map.of();
    }

    /** Keycloak 26.4's signature of {@link #getAdapterConfiguration(KeycloakSession, ClientModel)}; unused on 26.5+. */
    public Map<String, Object> getAdapterConfiguration(ClientModel client) {
        return Map.of();
    }

    /** The module and version of the concrete authenticator's JAR. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
