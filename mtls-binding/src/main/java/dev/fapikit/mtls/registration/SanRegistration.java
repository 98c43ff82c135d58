package dev.fapikit.mtls.registration;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import dev.fapikit.mtls.auth.SanTlsClientAuthenticator;
import dev.fapikit.mtls.auth.SanType;
import dev.fapikit.core.metadata.RegistrationMetadata.InvalidClientMetadataException;

/**
 * RFC 8705 §2.1.2 client metadata {@code tls_client_auth_san_dns|uri|ip|email} in dynamic client registration: at
 * most one of them, not together with {@code tls_client_auth_subject_dn}, and only for
 * {@code token_endpoint_auth_method=tls_client_auth}.
 */
final class SanRegistration {

    private static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    private static final String TLS_CLIENT_AUTH_SUBJECT_DN = "tls_client_auth_subject_dn";

    private final SanType type;
    private final String value;

    private SanRegistration(SanType type, String value) {
        this.type = type;
        this.value = value;
    }

    /** Takes the SAN metadata out of the request (Keycloak's own model does not know it) and checks it. */
    static SanRegistration take(Map<String, Object> metadata) {
        SanRegistration found = new SanRegistration(null, null);
        for (SanType candidate : SanType.values()) {
            Object requested = metadata.remove(candidate.registrationMetadata());
            if (requested == null) {
                continue;
            }
            if (!(requested instanceof String text) || text.isBlank()) {
                throw new InvalidClientMetadataException(candidate.registrationMetadata() + " must be a non-empty string");
            }
            if (found.type != null) {
                throw new InvalidClientMetadataException("RFC 8705 §2.1.2: register at most one of the tls_client_auth_san_* values");
            }
            found = new SanRegistration(candidate, text.trim());
        }
        if (found.type == null) {
            Object dn = metadata.get(TLS_CLIENT_AUTH_SUBJECT_DN);
            // RFC 8705 §2.1.2: a tls_client_auth client names exactly one subject DN or SAN value to match
            if (OIDCLoginProtocol.TLS_CLIENT_AUTH.equals(metadata.get(TOKEN_ENDPOINT_AUTH_METHOD))
                    && !(dn instanceof String text && !text.isBlank())) {
                throw new InvalidClientMetadataException("RFC 8705 §2.1.2: token_endpoint_auth_method tls_client_auth requires "
                        + "tls_client_auth_subject_dn or one of the tls_client_auth_san_* values");
            }
            return found;
        }
        if (metadata.get(TLS_CLIENT_AUTH_SUBJECT_DN) != null) {
            throw new InvalidClientMetadataException(
                    "RFC 8705 §2.1.2: tls_client_auth_subject_dn and " + found.type.registrationMetadata() + " exclude each other");
        }
        if (!OIDCLoginProtocol.TLS_CLIENT_AUTH.equals(metadata.get(TOKEN_ENDPOINT_AUTH_METHOD))) {
            throw new InvalidClientMetadataException(found.type.registrationMetadata() + " requires token_endpoint_auth_method "
                    + OIDCLoginProtocol.TLS_CLIENT_AUTH);
        }
        return found;
    }

    /** The registered client authenticates by its SAN, or (without SAN metadata) keeps no stale SAN value. */
    void applyTo(ClientModel client) {
        for (SanType each : SanType.values()) {
            client.removeAttribute(each.clientAttribute());
        }
        if (type == null) {
            return;
        }
        client.setClientAuthenticatorType(SanTlsClientAuthenticator.PROVIDER_ID);
        client.removeAttribute(X509ClientAuthenticator.ATTR_SUBJECT_DN);
        client.setAttribute(type.clientAttribute(), value);
    }

    /** The client's SAN metadata for the registration response (RFC 7591 §3.2.1 echoes registered metadata). */
    static Map<String, Object> of(ClientModel client) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (SanTlsClientAuthenticator.PROVIDER_ID.equals(client.getClientAuthenticatorType())) {
            // RFC 8705 §2.1.2: the method is tls_client_auth. Keycloak 26.5+ reports it through the authenticator's
            // getProtocolAuthenticatorMethod; Keycloak 26.4 has no such method and would report none.
            metadata.put("token_endpoint_auth_method", OIDCLoginProtocol.TLS_CLIENT_AUTH);
            for (SanType each : SanType.values()) {
                String registered = client.getAttribute(each.clientAttribute());
                if (registered != null) {
                    metadata.put(each.registrationMetadata(), registered);
                }
            }
        }
        return metadata;
    }
}
