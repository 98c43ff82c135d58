package dev.fapikit.core.outbound;

import java.io.IOException;

import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * A client's {@code jwks_uri} (RFC 7591 §2), fetched through the {@link OutboundGuard} and pinned to the checked
 * address: the one way FAPI Kit and, through {@link GuardedPublicKeyStorageProvider}, Keycloak fetch a client's keys.
 */
public final class ClientJwks {

    private ClientJwks() {
    }

    /** The JWK set at the URL; a refused or failed fetch throws, with a message for the log only. */
    public static JSONWebKeySet fetch(KeycloakSession session, String jwksUrl) throws IOException {
        OutboundProvider outbound = OutboundProvider.of(session);
        OutboundGuard.Target target = outbound.guard().resolve(jwksUrl);
        byte[] body = outbound.http().get(target, "application/json, application/jwk-set+json");
        JSONWebKeySet jwks = JsonSerialization.readValue(body, JSONWebKeySet.class);
        if (jwks == null) throw new IOException("no JWK set at " + target.uri());
        return jwks;
    }
}
