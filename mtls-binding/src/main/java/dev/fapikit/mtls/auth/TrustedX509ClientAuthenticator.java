package dev.fapikit.mtls.auth;

import java.security.cert.X509Certificate;
import java.util.Map;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.utils.StringUtil;

import dev.fapikit.core.metadata.BundleInfo;

/**
 * Keycloak's {@code client-x509} ({@code tls_client_auth} by subject DN), replaced under the same id so that the chain
 * is always validated against the server's truststore (RFC 8705 §2.1). Keycloak validates it only when the client has
 * an issuer CA DN ({@code x509.casubjectdn}); FAPI Kit's TLS layer accepts any client certificate so that
 * {@code self_signed_tls_client_auth} can work, which leaves the PKI check to this authenticator.
 */
public class TrustedX509ClientAuthenticator extends X509ClientAuthenticator implements ServerInfoAwareProviderFactory {

    /** Chain validation as this Keycloak version offers it; chosen once (26.4 / 26.5+). */
    private final TrustedChain trustedChain = TrustedChain.forRuntime();

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        // null also when another execution authenticates this client: Keycloak's check would only log an error for it
        ClientModel client = ClientFromRequest.resolveFor(context, PROVIDER_ID);
        if (client == null) {
            return;
        }
        String caSubjectDn = client.getAttribute(TrustedChain.CA_SUBJECT_DN_ATTRIBUTE);
        // Keycloak 26.5+ validates the chain of a client pinned to a CA itself; 26.4 validates no chain at all.
        if (StringUtil.isBlank(caSubjectDn) || !trustedChain.keycloakValidatesPinnedChains()) {
            X509Certificate[] chain;
            try {
                chain = ClientFromRequest.certificateChain(context);
            } catch (Exception e) {
                ClientAuthRefusal.refuse(context, "The client certificate could not be read");
                return;
            }
            String untrusted = chain == null || chain.length == 0 ? null
                    : trustedChain.refusal(context.getSession(), chain, caSubjectDn);
            if (untrusted != null) {
                ClientAuthRefusal.refuse(context, untrusted);
                return;
            }
        }
        super.authenticateClient(context);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.of(getClass());
    }
}
