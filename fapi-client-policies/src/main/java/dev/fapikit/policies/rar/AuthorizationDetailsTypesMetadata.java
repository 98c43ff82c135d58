package dev.fapikit.policies.rar;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.rar.AuthorizationDetails;

/**
 * RFC 9396 §10 client metadata {@code authorization_details_types}: the types the client will use in
 * {@code authorization_details}, each one the server supports (its discovery document's
 * {@code authorization_details_types_supported}); stored as client attribute {@value RegisteredTypes#ATTRIBUTE} and
 * echoed in registration responses.
 */
final class AuthorizationDetailsTypesMetadata implements RegistrationMetadata {

    static final String NAME = "authorization_details_types";

    private final Set<String> supported;

    AuthorizationDetailsTypesMetadata(Set<String> supported) {
        this.supported = supported;
    }

    @Override
    public Consumer<ClientModel> take(Map<String, Object> request) {
        Object value = request.remove(NAME);
        if (value == null) {
            return client -> client.removeAttribute(RegisteredTypes.ATTRIBUTE);
        }
        if (!(value instanceof List<?> list) || list.size() > AuthorizationDetails.MAX_ENTRIES) {
            throw new InvalidClientMetadataException(NAME + " must be an array of at most " + AuthorizationDetails.MAX_ENTRIES
                    + " strings (RFC 9396 §10)");
        }
        Set<String> types = new LinkedHashSet<>();
        for (Object each : list) {
            if (!(each instanceof String type) || !supported.contains(type)) {
                throw new InvalidClientMetadataException(NAME + " may contain only types this server supports: "
                        + (supported.isEmpty() ? "none (Rich Authorization Requests need Keycloak 26.5 or later)"
                        : String.join(", ", supported)));
            }
            types.add(type);
        }
        String stored = RegisteredTypes.format(types);
        return client -> {
            if (stored.isEmpty()) {
                client.removeAttribute(RegisteredTypes.ATTRIBUTE);
            } else {
                client.setAttribute(RegisteredTypes.ATTRIBUTE, stored);
            }
        };
    }

    @Override
    public Map<String, Object> describe(ClientModel client) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Set<String> types = RegisteredTypes.of(client);
        if (!types.isEmpty()) {
            metadata.put(NAME, List.copyOf(types));
        }
        return metadata;
    }
}
