package dev.fapikit.core.metadata;

import java.util.Comparator;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.wellknown.WellKnownProvider;

/** Keycloak's metadata document, then every {@link MetadataContributor} in order. */
record ContributedWellKnownProvider(KeycloakSession session, WellKnownProvider keycloakDocument) implements WellKnownProvider {

    @Override
    @SuppressWarnings("unchecked")
    public Object getConfig() {
        Map<String, Object> metadata = JsonSerialization.mapper.convertValue(keycloakDocument.getConfig(), Map.class);
        RealmModel realm = session.getContext().getRealm();
        session.getKeycloakSessionFactory().getProviderFactoriesStream(MetadataContributor.class)
                .sorted(Comparator.comparingInt(f -> f.order()))
                .forEach(f -> session.getProvider(MetadataContributor.class, f.getId()).contribute(session, realm, metadata));
        return metadata;
    }

    @Override
    public void close() {
        keycloakDocument.close();
    }
}
