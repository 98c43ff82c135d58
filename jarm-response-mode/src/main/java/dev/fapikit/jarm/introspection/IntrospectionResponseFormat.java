package dev.fapikit.jarm.introspection;

import java.util.List;

import jakarta.ws.rs.core.MediaType;

/** Which introspection response the client asked for with its {@code Accept} header (RFC 9701 §4). */
enum IntrospectionResponseFormat {
    JSON, JWT;

    static final MediaType TOKEN_INTROSPECTION_JWT = new MediaType("application", "token-introspection+jwt");

    /** The client's most preferred of the two; JSON (RFC 7662 §2.2) when it names neither. */
    static IntrospectionResponseFormat negotiate(List<MediaType> acceptableByPreference) {
        for (MediaType type : acceptableByPreference) {
            if ("0".equals(type.getParameters().get("q"))) {
                continue;
            }
            if (TOKEN_INTROSPECTION_JWT.isCompatible(type) && !type.isWildcardSubtype()) {
                return JWT;
            }
            if (MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
                return JSON;
            }
        }
        return JSON;
    }
}
