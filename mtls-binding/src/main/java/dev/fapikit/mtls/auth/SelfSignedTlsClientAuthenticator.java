package dev.fapikit.mtls.auth;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.fapikit.mtls.flow.ClientFlowInstaller;

/**
 * RFC 8705 §2.2 {@code self_signed_tls_client_auth}: the client proves possession of a key it registered in its JWK set
 * ({@code jwks} or {@code jwks_uri}) by presenting a certificate that carries that key in the mutual-TLS handshake. No
 * PKI is involved; the certificate is read from Keycloak's configured {@code x509cert-lookup}.
 *
 * <p>Advertised automatically in {@code token_endpoint_auth_methods_supported} (and the introspection and revocation
 * lists), chosen by dynamic client registration for {@code token_endpoint_auth_method=self_signed_tls_client_auth}, and
 * added to every realm's client authentication flow by {@link ClientFlowInstaller}.
 */
public class SelfSignedTlsClientAuthenticator extends MtlsClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(SelfSignedTlsClientAuthenticator.class);

    public static final String PROVIDER_ID = "client-x509-self-signed";
    /** RFC 8705 §2.2 / §2.2.1: the {@code token_endpoint_auth_method} value. */
    public static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";

    private static final List<ProviderConfigProperty> PER_CLIENT_PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name("use.jwks.url")
            .label("Use JWKS URL")
            .helpText("Fetch the client's keys from the JWKS URL below (RFC 8705 §2.2: jwks_uri). Off: the keys come from "
                    + "the JWK set, certificate or public key imported on the client's Keys tab.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .add()
            .property()
            .name("jwks.url")
            .label("JWKS URL")
            .helpText("HTTPS URL of the client's JWK set. The certificate the client presents in the mutual-TLS "
                    + "handshake must carry the public key of one of these JWKs; where a JWK has an x5c chain, it must be "
                    + "exactly the first certificate of that chain.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .build();

    public SelfSignedTlsClientAuthenticator() {
        super(PROVIDER_ID, PER_CLIENT_PROPERTIES);
    }

    @Override
    String certificateRefusal(ClientAuthenticationFlowContext context, ClientModel client, X509Certificate[] chain) {
        X509Certificate presented = chain[0];
        try {
            presented.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return "The client certificate is expired or not yet valid";
        }
        boolean registered;
        try {
            registered = RegisteredKeys.match(context.getSession(), client, presented);
        } catch (Exception e) {
            LOG.warnf("Cannot load the registered keys of client '%s' in realm '%s': %s", client.getClientId(),
                    context.getRealm().getName(), e.getMessage());
            return "The client's registered keys (jwks or jwks_uri) could not be loaded";
        }
        return registered ? null : "The client certificate does not match any key registered in the client's JWK set";
    }

    @Override
    public String getDisplayType() {
        return "Self-signed X509 certificate (RFC 8705)";
    }

    @Override
    public String getHelpText() {
        return "RFC 8705 self_signed_tls_client_auth: the client presents, in the mutual-TLS handshake, a certificate "
                + "whose key is registered in its JWK set (Keys tab, JWKS URL or dynamic registration).";
    }

    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return OIDCLoginProtocol.LOGIN_PROTOCOL.equals(loginProtocol) ? Set.of(SELF_SIGNED_TLS_CLIENT_AUTH) : Set.of();
    }
}
