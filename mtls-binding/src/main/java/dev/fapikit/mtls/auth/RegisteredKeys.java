package dev.fapikit.mtls.auth;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.common.util.KeyUtils;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKParser;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.representations.idm.CertificateRepresentation;
import org.keycloak.services.util.CertificateInfoHelper;
import org.keycloak.services.util.ResolveRelative;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

import dev.fapikit.core.outbound.ClientJwks;

/**
 * The keys a client registered for {@code self_signed_tls_client_auth} (RFC 8705 §2.2): its {@code jwks} value or
 * {@code jwks_uri} (RFC 7591 §2), or else the certificate or public key an admin imported on the client's Keys tab.
 *
 * <p>A {@code jwks_uri} is fetched through FAPI Kit's outbound guard ({@link ClientJwks}: no non-public address
 * unless allow-listed, connected to the checked address) and kept in Keycloak's public-key cache (the same
 * cache, rate limit and expiry as {@code private_key_jwt}), under an entry of its own because these keys also carry
 * their {@code x5c} certificate.
 */
final class RegisteredKeys {

    private RegisteredKeys() {
    }

    /** Whether the presented certificate matches a registered key; an unknown key triggers one rate-limited refetch. */
    static boolean match(KeycloakSession session, ClientModel client, X509Certificate presented) throws Exception {
        OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
        if (config.isUseJwksUrl()) {
            String jwksUrl = ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), config.getJwksUrl());
            PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
            String modelKey = PublicKeyStorageUtils.getClientModelCacheKey(client.getRealm().getId(), client.getId())
                    + "::x5c::" + jwksUrl;
            // issue 16 §2: through the outbound guard, connected to the checked address
            PublicKeyLoader loader = () -> toWrappers(fromJwks(ClientJwks.fetch(session, jwksUrl)));
            // RFC 8705 §2.2: keys may rotate at the jwks_uri; fetch again once when the certificate matches none.
            return SelfSignedCertificateMatcher.matchesAny(presented, fromWrappers(storage.getKeys(modelKey, loader)))
                    || storage.reloadKeys(modelKey, loader)
                    && SelfSignedCertificateMatcher.matchesAny(presented, fromWrappers(storage.getKeys(modelKey, loader)));
        }
        if (config.isUseJwksString()) {
            return SelfSignedCertificateMatcher.matchesAny(presented,
                    fromJwks(JsonSerialization.readValue(config.getJwksString(), JSONWebKeySet.class)));
        }
        return SelfSignedCertificateMatcher.matchesAny(presented, fromKeysTab(client));
    }

    /** Every public key of a JWK set that is not reserved for encryption, with its {@code x5c[0]} certificate. */
    static List<RegisteredKey> fromJwks(JSONWebKeySet jwks) {
        List<RegisteredKey> keys = new ArrayList<>();
        if (jwks == null || jwks.getKeys() == null) {
            return keys;
        }
        for (JWK jwk : jwks.getKeys()) {
            JWKParser parser = JWKParser.create(jwk);
            if (JWK.Use.ENCRYPTION.asString().equals(jwk.getPublicKeyUse()) || !parser.isKeyTypeSupported(jwk.getKeyType())) {
                continue;
            }
            String[] x5c = jwk.getX509CertificateChain();
            X509Certificate certificate = x5c == null || x5c.length == 0 ? null : decodeCertificate(x5c[0]);
            keys.add(new RegisteredKey(parser.toPublicKey(), certificate));
        }
        return keys;
    }

    /** RFC 7517 §4.7: each x5c entry is the base64 (not base64url) DER of a certificate. */
    private static X509Certificate decodeCertificate(String x5c) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(x5c)));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid x5c certificate in the client's JWK set", e);
        }
    }

    private static List<RegisteredKey> fromKeysTab(ClientModel client) {
        CertificateRepresentation imported = CertificateInfoHelper.getCertificateFromClient(client,
                JWTClientAuthenticator.ATTR_PREFIX);
        if (imported.getCertificate() != null) {
            X509Certificate certificate = KeycloakModelUtils.getCertificate(imported.getCertificate());
            return List.of(new RegisteredKey(certificate.getPublicKey(), certificate));
        }
        if (imported.getPublicKey() != null) {
            return List.of(new RegisteredKey(KeycloakModelUtils.getPublicKey(imported.getPublicKey()), null));
        }
        return List.of();
    }

    private static PublicKeysWrapper toWrappers(List<RegisteredKey> keys) {
        List<KeyWrapper> wrappers = new ArrayList<>();
        for (RegisteredKey key : keys) {
            KeyWrapper wrapper = new KeyWrapper();
            wrapper.setKid(KeyUtils.createKeyId(key.publicKey()));
            wrapper.setPublicKey(key.publicKey());
            wrapper.setCertificate(key.certificate());
            wrappers.add(wrapper);
        }
        return new PublicKeysWrapper(wrappers);
    }

    private static List<RegisteredKey> fromWrappers(List<KeyWrapper> wrappers) {
        List<RegisteredKey> keys = new ArrayList<>();
        for (KeyWrapper wrapper : wrappers) {
            keys.add(new RegisteredKey((PublicKey) wrapper.getPublicKey(), wrapper.getCertificate()));
        }
        return keys;
    }
}
