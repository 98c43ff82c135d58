package dev.fapikit.jarm.metadata;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.fapikit.jarm.JoseAlgorithms;
import dev.fapikit.core.metadata.MetadataContributor;

/** RFC 9701 §7: the algorithms the introspection endpoint signs and encrypts JWT responses with. */
final class IntrospectionMetadataContributor implements MetadataContributor {

    static final String SIGNING_ALGS = "introspection_signing_alg_values_supported";
    static final String ENCRYPTION_ALGS = "introspection_encryption_alg_values_supported";
    static final String ENCRYPTION_ENCS = "introspection_encryption_enc_values_supported";

    @Override
    public void contribute(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        metadata.put(SIGNING_ALGS, List.copyOf(JoseAlgorithms.signing(session)));
        metadata.put(ENCRYPTION_ALGS, List.copyOf(JoseAlgorithms.keyManagement(session)));
        metadata.put(ENCRYPTION_ENCS, List.copyOf(JoseAlgorithms.contentEncryption(session)));
    }
}
