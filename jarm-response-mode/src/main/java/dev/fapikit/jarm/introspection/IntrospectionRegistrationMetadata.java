package dev.fapikit.jarm.introspection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata;

/**
 * RFC 9701 §6 client metadata in dynamic client registration: {@code introspection_signed_response_alg},
 * {@code introspection_encrypted_response_alg} and {@code introspection_encrypted_response_enc}, each one of the
 * values the discovery document lists (RFC 9701 §7), stored as the client attributes the introspection endpoint reads.
 */
final class IntrospectionRegistrationMetadata implements RegistrationMetadata {

    static final String SIGNED_RESPONSE_ALG = "introspection_signed_response_alg";
    static final String ENCRYPTED_RESPONSE_ALG = "introspection_encrypted_response_alg";
    static final String ENCRYPTED_RESPONSE_ENC = "introspection_encrypted_response_enc";

    /** Registration metadata → client attribute, in response order. */
    private static final List<Map.Entry<String, String>> ATTRIBUTES = List.of(
            Map.entry(SIGNED_RESPONSE_ALG, IntrospectionResponseSettings.SIGNED_RESPONSE_ALG),
            Map.entry(ENCRYPTED_RESPONSE_ALG, IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ALG),
            Map.entry(ENCRYPTED_RESPONSE_ENC, IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ENC));

    private final Set<String> signing;
    private final Set<String> keyManagement;
    private final Set<String> contentEncryption;

    IntrospectionRegistrationMetadata(Set<String> signing, Set<String> keyManagement, Set<String> contentEncryption) {
        this.signing = signing;
        this.keyManagement = keyManagement;
        this.contentEncryption = contentEncryption;
    }

    @Override
    public Consumer<ClientModel> take(Map<String, Object> request) {
        String signed = value(request, SIGNED_RESPONSE_ALG, signing);
        String alg = value(request, ENCRYPTED_RESPONSE_ALG, keyManagement);
        String enc = value(request, ENCRYPTED_RESPONSE_ENC, contentEncryption);
        if (enc != null && alg == null) {
            // RFC 9701 §6: "If introspection_encrypted_response_enc is specified, introspection_encrypted_response_alg MUST also be provided."
            throw new InvalidClientMetadataException(ENCRYPTED_RESPONSE_ENC + " requires " + ENCRYPTED_RESPONSE_ALG);
        }
        Map<String, String> registered = new LinkedHashMap<>();
        registered.put(IntrospectionResponseSettings.SIGNED_RESPONSE_ALG, signed);
        registered.put(IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ALG, alg);
        registered.put(IntrospectionResponseSettings.ENCRYPTED_RESPONSE_ENC, enc);
        return client -> registered.forEach((attribute, value) -> {
            if (value == null) {
                client.removeAttribute(attribute);
            } else {
                client.setAttribute(attribute, value);
            }
        });
    }

    @Override
    public Map<String, Object> describe(ClientModel client) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> each : ATTRIBUTES) {
            String value = client.getAttribute(each.getValue());
            if (value != null && !value.isBlank()) {
                metadata.put(each.getKey(), value);
            }
        }
        return metadata;
    }

    private static String value(Map<String, Object> request, String name, Set<String> supported) {
        Object value = request.remove(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || !supported.contains(text)) {
            throw new InvalidClientMetadataException(name + " must be one of " + String.join(", ", supported));
        }
        return text;
    }
}
