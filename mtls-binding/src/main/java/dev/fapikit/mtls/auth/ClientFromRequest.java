package dev.fapikit.mtls.auth;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.models.ClientModel;
import org.keycloak.services.x509.X509ClientCertificateLookup;

/**
 * The client a mutual-TLS request names. RFC 8705 §2: with TLS client authentication the {@code client_id} parameter
 * identifies the client, as with Keycloak's own X.509 client authenticator.
 */
final class ClientFromRequest {

    private ClientFromRequest() {
    }

    /** The named, enabled client, set on the context; or {@code null} after the context was answered. */
    static ClientModel resolve(ClientAuthenticationFlowContext context) {
        String clientId = clientId(context);
        if (clientId == null) {
            context.challenge(ClientAuthUtil.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_client",
                    "Missing client_id parameter"));
            return null;
        }
        ClientModel client = context.getRealm().getClientByClientId(clientId);
        if (client == null) {
            context.failure(AuthenticationFlowError.CLIENT_NOT_FOUND, null);
            return null;
        }
        context.getEvent().client(clientId);
        context.setClient(client);
        if (!client.isEnabled()) {
            context.failure(AuthenticationFlowError.CLIENT_DISABLED, null);
            return null;
        }
        return client;
    }

    /**
     * The named, enabled client when it is registered for {@code authenticatorId}; {@code null} after the context was
     * answered, or after {@code attempted()} when another execution of the flow authenticates the client.
     */
    static ClientModel resolveFor(ClientAuthenticationFlowContext context, String authenticatorId) {
        ClientModel client = resolve(context);
        if (client != null && !authenticatorId.equals(client.getClientAuthenticatorType())) {
            context.attempted();
            return null;
        }
        return client;
    }

    /**
     * RFC 8705 §2: the certificate chain the client presented; {@code null} after refusing a request whose certificate
     * cannot be read ({@code unreadable} sees why) or that presented none.
     */
    static X509Certificate[] presentedChain(ClientAuthenticationFlowContext context, Consumer<Exception> unreadable) {
        X509Certificate[] chain;
        try {
            chain = certificateChain(context);
        } catch (Exception e) {
            unreadable.accept(e);
            ClientAuthRefusal.refuse(context, "The client certificate could not be read");
            return null;
        }
        if (chain == null || chain.length == 0) {
            ClientAuthRefusal.refuse(context, "No client certificate was presented in the mutual-TLS handshake");
            return null;
        }
        return chain;
    }

    /** RFC 8705 §2: the certificate chain of the mutual-TLS connection, as the configured lookup reports it. */
    static X509Certificate[] certificateChain(ClientAuthenticationFlowContext context) throws GeneralSecurityException {
        X509ClientCertificateLookup lookup = context.getSession().getProvider(X509ClientCertificateLookup.class);
        return lookup == null ? null : lookup.getCertificateChain(context.getHttpRequest());
    }

    private static String clientId(ClientAuthenticationFlowContext context) {
        MediaType mediaType = context.getHttpRequest().getHttpHeaders().getMediaType();
        if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            String fromForm = context.getHttpRequest().getDecodedFormParameters().getFirst(OAuth2Constants.CLIENT_ID);
            if (fromForm != null) {
                return fromForm;
            }
        }
        MultivaluedMap<String, String> query = context.getSession().getContext().getUri().getQueryParameters();
        String fromQuery = query == null ? null : query.getFirst(OAuth2Constants.CLIENT_ID);
        return fromQuery != null ? fromQuery : context.getSession().getAttribute(OAuth2Constants.CLIENT_ID, String.class);
    }
}
