package dev.fapikit.core.metadata;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Adds or corrects keys of a realm's authorization server metadata.
 *
 * <p>Implementations receive the document Keycloak computed (as a mutable JSON map, after earlier contributors) and
 * edit it in place. They run for both {@code /.well-known/openid-configuration} and
 * {@code /.well-known/oauth-authorization-server}.
 */
public interface MetadataContributor extends Provider {

    void contribute(KeycloakSession session, RealmModel realm, Map<String, Object> metadata);

    @Override
    default void close() {
    }
}
