package dev.fapikit.mtls.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
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

    /**
     * RFC 8705 §2: the client the request names, when it is registered for this authenticator and its registration is
     * usable, authenticates by the certificate chain it presented in the mutual-TLS handshake; every refusal is
     * {@code invalid_client} (RFC 6749 §5.2).
     */
    @Override
    public final void authenticateClient(ClientAuthenticationFlowContext context) {
        // null also when another execution of the flow authenticates this client: its keys are left alone
        ClientModel client = ClientFromRequest.resolveFor(context, id);
        if (client == null) {
            return;
        }
        String misregistered = registrationRefusal(context, client);
        if (misregistered != null) {
            ClientAuthRefusal.refuse(context, misregistered);
            return;
        }
        X509Certificate[] chain = ClientFromRequest.presentedChain(context, e -> Logger.getLogger(getClass())
                .debugf(e, "Unreadable client certificate for client '%s'", client.getClientId()));
        if (chain == null) {
            return;
        }
        String refused = certificateRefusal(context, client, chain);
        if (refused != null) {
            ClientAuthRefusal.refuse(context, refused);
            return;
        }
        context.success();
    }

    /**
     * Checked before the certificate is read.
     *
     * @return why the client's own settings cannot authenticate it (the error description), or {@code null}
     */
    String registrationRefusal(ClientAuthenticationFlowContext context, ClientModel client) {
        return null;
    }

    /**
     * @param chain the chain the client presented, not empty
     * @return why the certificate does not authenticate the client (the error description), or {@code null} when it
     *         does
     */
    abstract String certificateRefusal(ClientAuthenticationFlowContext context, ClientModel client, X509Certificate[] chain);

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
