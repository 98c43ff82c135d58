package dev.fapikit.mtls.auth;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.utils.StringUtil;

/**
 * RFC 8705 §2.1.2 {@code tls_client_auth} by subject alternative name: the client presents a certificate, issued by a
 * CA of the server's truststore, with a SAN entry of its registered type ({@code tls_client_auth_san_dns}, {@code _uri},
 * {@code _ip} or {@code _email}) equal to its registered value. Exactly one SAN value is set per client. Clients
 * registered by subject DN keep using Keycloak's {@code client-x509}.
 *
 * <p>{@link #getProtocolAuthenticatorMethods} is empty on purpose: {@code tls_client_auth} is already advertised by
 * {@code client-x509}, and dynamic registration must keep resolving that method to exactly one authenticator (FAPI
 * Kit's registration provider switches SAN registrations to this one). Registration responses still report
 * {@code tls_client_auth} through {@link #getProtocolAuthenticatorMethod(ClientRepresentation)}.
 */
public class SanTlsClientAuthenticator extends MtlsClientAuthenticator {

    public static final String PROVIDER_ID = "client-x509-san";

    private static final Logger LOG = Logger.getLogger(SanTlsClientAuthenticator.class);

    /** Chain validation as this Keycloak version offers it; chosen once (26.4 / 26.5+). */
    private final TrustedChain trustedChain = TrustedChain.forRuntime();

    private static final List<ProviderConfigProperty> PER_CLIENT_PROPERTIES = perClientProperties();

    private static List<ProviderConfigProperty> perClientProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (SanType type : SanType.values()) {
            builder.property()
                    .name(type.clientAttribute())
                    .label("Subject alternative name: " + type.name())
                    .helpText("RFC 8705 " + type.registrationMetadata() + ": the client certificate must carry this "
                            + type.name() + " subject alternative name. Set exactly one of the four SAN fields.")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .add();
        }
        return builder.property()
                .name(TrustedChain.CA_SUBJECT_DN_ATTRIBUTE)
                .label("Issuer CA subject DN")
                .helpText("Optional: the RFC 4514 subject DN of the trust anchor the client's chain must lead to. Empty: any "
                        + "CA of the server's truststore (truststore-paths).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }

    public SanTlsClientAuthenticator() {
        super(PROVIDER_ID, PER_CLIENT_PROPERTIES);
    }

    @Override
    String registrationRefusal(ClientAuthenticationFlowContext context, ClientModel client) {
        List<SanType> configured = configuredTypes(client);
        if (configured.size() == 1) {
            return null;
        }
        LOG.warnf("Client '%s' in realm '%s' must have exactly one of %s set, has %s", client.getClientId(),
                context.getRealm().getName(), Arrays.toString(SanType.values()), configured);
        return "The client is not registered with exactly one tls_client_auth_san_* value";
    }

    @Override
    String certificateRefusal(ClientAuthenticationFlowContext context, ClientModel client, X509Certificate[] chain) {
        String untrusted = trustedChain.refusal(context.getSession(), chain, client.getAttribute(TrustedChain.CA_SUBJECT_DN_ATTRIBUTE));
        if (untrusted != null) {
            return untrusted;
        }
        SanType type = configuredTypes(client).get(0);
        if (!SubjectAlternativeNameMatcher.matches(chain[0], type, client.getAttribute(type.clientAttribute()))) {
            return "The client certificate does not carry the registered " + type.registrationMetadata() + " value";
        }
        return null;
    }

    /** The SAN types with a value on the client. */
    static List<SanType> configuredTypes(ClientModel client) {
        List<SanType> types = new ArrayList<>();
        for (SanType type : SanType.values()) {
            if (!StringUtil.isBlank(client.getAttribute(type.clientAttribute()))) {
                types.add(type);
            }
        }
        return types;
    }

    @Override
    public String getDisplayType() {
        return "X509 Certificate by subject alternative name (RFC 8705)";
    }

    @Override
    public String getHelpText() {
        return "RFC 8705 tls_client_auth by subject alternative name (DNS, URI, IP or e-mail), with the certificate chain "
                + "validated against the server's truststore.";
    }

    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return Set.of();
    }

    // no @Override: the signature of Keycloak 26.5+, absent on 26.4 (the same source builds against both)
    public String getProtocolAuthenticatorMethod(ClientRepresentation client) {
        return OIDCLoginProtocol.TLS_CLIENT_AUTH;
    }
}
