package dev.fapikit.policies.rar;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.keycloak.models.ClientModel;

/** The authorization details types a client registered (RFC 9396 §10), kept as one client attribute. */
final class RegisteredTypes {

    /** Client attribute: the types, separated by single spaces (types with white space are not registrable). */
    static final String ATTRIBUTE = "fapi-kit.authorization-details-types";

    private RegisteredTypes() {
    }

    static Set<String> of(ClientModel client) {
        String value = client == null ? null : client.getAttribute(ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
    }

    static String format(Set<String> types) {
        return String.join(" ", types);
    }
}
