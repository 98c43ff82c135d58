package dev.fapikit.core.outbound;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.services.util.ResolveRelative;
import org.keycloak.util.JWKSUtils;

/**
 * Keycloak's public-key cache (the {@code infinispan} provider does the caching), with a client's {@code jwks_uri}
 * fetched through the {@link OutboundGuard} and pinned to the checked address ({@link ClientJwks}) instead of
 * Keycloak's own loader. Covers every place Keycloak loads a client's keys: {@code private_key_jwt}, request objects,
 * encryption keys for ID tokens, userinfo and JARM.
 *
 * <p>RFC 6749 §5.2 / RFC 7523 §3: when the keys cannot be loaded the client gets Keycloak's generic answer (no key,
 * so {@code invalid_client} "Unable to load public key"); why (refused address, connection refused, not a JWK set)
 * goes to the server log only, so the error cannot map the server's network.
 */
record GuardedPublicKeyStorageProvider(KeycloakSession session, String delegateId) implements PublicKeyStorageProvider {

    private static final Logger LOG = Logger.getLogger(GuardedPublicKeyStorageProvider.class);

    /** Keycloak's provider of {@code delegateId}; the session keeps one instance of it per session. */
    private PublicKeyStorageProvider delegate() {
        PublicKeyStorageProvider delegate = session.getProvider(PublicKeyStorageProvider.class, delegateId);
        if (delegate == null) throw new IllegalStateException("No public key storage provider " + delegateId);
        return delegate;
    }

    @Override
    public KeyWrapper getPublicKey(String modelKey, String kid, String algorithm, PublicKeyLoader loader) {
        return guarded(modelKey, loader, l -> delegate().getPublicKey(modelKey, kid, algorithm, l), null);
    }

    @Override
    public KeyWrapper getFirstPublicKey(String modelKey, String algorithm, PublicKeyLoader loader) {
        return guarded(modelKey, loader, l -> delegate().getFirstPublicKey(modelKey, algorithm, l), null);
    }

    @Override
    public KeyWrapper getFirstPublicKey(String modelKey, Predicate<KeyWrapper> predicate, PublicKeyLoader loader) {
        return guarded(modelKey, loader, l -> delegate().getFirstPublicKey(modelKey, predicate, l), null);
    }

    @Override
    public List<KeyWrapper> getKeys(String modelKey, PublicKeyLoader loader) {
        return guarded(modelKey, loader, l -> delegate().getKeys(modelKey, l), List.of());
    }

    @Override
    public boolean reloadKeys(String modelKey, PublicKeyLoader loader) {
        return guarded(modelKey, loader, l -> delegate().reloadKeys(modelKey, l), false);
    }

    private <T> T guarded(String modelKey, PublicKeyLoader loader, Function<PublicKeyLoader, T> call, T failed) {
        ClientJwksUri target = ClientJwksUri.of(session, modelKey);
        if (target == null) {
            return call.apply(loader);
        }
        try {
            return call.apply(() -> JWKSUtils.getKeyWrappersForUse(ClientJwks.fetch(session, target.url()), target.use(), true));
        } catch (RuntimeException e) {
            LOG.warnf("Keys of client '%s' in realm '%s' not loaded from its jwks_uri %s: %s", target.client().getClientId(),
                    target.client().getRealm().getName(), target.url(), describe(e));
            return failed;
        }
    }

    /** The whole cause chain for the log (Keycloak's cache wraps the loader's exception). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) text.append(" <- ");
            text.append(t instanceof OutboundGuard.RefusedException refused ? refused.detail() : t.toString());
        }
        return text.toString();
    }

    /** A key-cache entry that is a client's keys from its {@code jwks_uri}, as Keycloak's loaders key them. */
    record ClientJwksUri(ClientModel client, JWK.Use use, String url) {

        static ClientJwksUri of(KeycloakSession session, String modelKey) {
            if (modelKey == null) return null;
            int c = modelKey.indexOf("::client::");
            int u = modelKey.indexOf("::keyuse::", c + 1);
            if (c <= 0 || u < 0) return null;
            String realmId = modelKey.substring(0, c);
            String clientUuid = modelKey.substring(c + "::client::".length(), u);
            JWK.Use use = null;
            for (JWK.Use each : JWK.Use.values()) {
                if (PublicKeyStorageUtils.getClientModelCacheKey(realmId, clientUuid, each).equals(modelKey)) use = each;
            }
            if (use == null) return null;
            RealmModel realm = session.realms().getRealm(realmId);
            ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
            if (client == null) return null;
            OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
            if (!config.isUseJwksUrl() || config.getJwksUrl() == null) return null;
            return new ClientJwksUri(client, use, ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), config.getJwksUrl()));
        }
    }

    @Override
    public void close() {
    }
}
