package dev.fapikit.ciba.notify;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.fapikit.ciba.delivery.OutboundUrlGuard;
import dev.fapikit.ciba.delivery.WebhookOutbound;
import dev.fapikit.core.outbound.OutboundGuard;
import dev.fapikit.core.outbound.PinnedPoster;

import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.TokenCategory;

/**
 * POSTs the pending request as a JWS signed with the realm's token-signing key ({@code Content-Type:
 * application/jwt}), so a push gateway or SMS bridge verifies it against the realm JWKS. The target passes the
 * {@link OutboundUrlGuard}, and the connection goes only to addresses the guard checked when it was opened
 * ({@link PinnedPoster}); redirects are not followed and both timeouts are bounded.
 */
record WebhookNotification(KeycloakSession session, WebhookOutbound webhook) {

    /** JOSE {@code typ} of the webhook JWS (RFC 8725 §3.11: explicit typing). */
    static final String JWS_TYPE = "fapi-kit-ciba-notification+jwt";

    /** Returns null when the receiver accepted the notification (2xx), else the reason. */
    String send(String url, String issuer, String subject, long expiresAt, Map<String, Object> claims) {
        URI target;
        try {
            target = webhook.guard().check(url);
        } catch (OutboundUrlGuard.RefusedException e) {
            return "webhook URL refused: " + e.getMessage();
        }
        JsonWebToken jwt = new JsonWebToken().id(UUID.randomUUID().toString()).issuer(issuer).audience(url).subject(subject);
        jwt.issuedNow();
        jwt.exp(expiresAt);
        claims.forEach((k, v) -> { if (v != null) jwt.setOtherClaims(k, v); });
        String alg = session.tokens().signatureAlgorithm(TokenCategory.ACCESS);
        String jws = new JWSBuilder().type(JWS_TYPE).jsonContent(jwt)
                .sign(session.getProvider(SignatureProvider.class, alg).signer());
        try {
            int status = webhook.poster().post(target, "application/jwt", Map.of(), jws);
            return status >= 200 && status < 300 ? null : "webhook answered HTTP " + status;
        } catch (OutboundGuard.RefusedException e) {
            return "webhook URL refused: " + e.getMessage();
        } catch (IOException e) {
            return "webhook unreachable: " + e;
        }
    }
}
