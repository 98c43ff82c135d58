package dev.fapikit.policies.statement;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A directory whose software statements a realm trusts: its issuer ({@code iss} of the statements) and its signing
 * keys, inline ({@code jwks}) or published at a URL ({@code jwks_uri}).
 *
 * @param issuer  the {@code iss} value of the directory's statements
 * @param jwks    the directory's keys, or {@code null} when published at {@code jwksUri}
 * @param jwksUri the URL of the directory's keys, or {@code null} when inline
 */
record TrustedDirectory(String issuer, JSONWebKeySet jwks, String jwksUri) {

    /**
     * Reads the executor option: a JSON array of {@code {"issuer": …, "jwks": {…}}} or
     * {@code {"issuer": …, "jwks_uri": "https://…"}}, as JSON or as the text the admin console stores.
     *
     * @throws IllegalArgumentException for an entry without an issuer, with neither or both key sources
     */
    static List<TrustedDirectory> parse(JsonNode option) {
        List<TrustedDirectory> directories = new ArrayList<>();
        if (option == null || option.isNull() || option.isMissingNode()) return directories;
        JsonNode array = option;
        if (option.isTextual()) {
            if (option.asText().isBlank()) return directories;
            try {
                array = JsonSerialization.mapper.readTree(option.asText());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("trusted directories are not JSON");
            }
        }
        if (array.isObject()) array = JsonSerialization.mapper.createArrayNode().add(array);
        if (!array.isArray()) throw new IllegalArgumentException("trusted directories are not a JSON array");
        for (JsonNode entry : array) {
            String issuer = entry.path("issuer").asText(null);
            JsonNode jwks = entry.get("jwks");
            String jwksUri = entry.path("jwks_uri").asText(null);
            if (issuer == null || issuer.isBlank()) throw new IllegalArgumentException("a trusted directory has no issuer");
            if ((jwks == null || jwks.isNull()) == (jwksUri == null || jwksUri.isBlank())) {
                throw new IllegalArgumentException("trusted directory " + issuer + " needs exactly one of jwks and jwks_uri");
            }
            JSONWebKeySet keys = null;
            if (jwks != null && !jwks.isNull()) {
                try {
                    keys = jwks.isTextual() ? JsonSerialization.readValue(jwks.asText(), JSONWebKeySet.class)
                            : JsonSerialization.mapper.convertValue(jwks, JSONWebKeySet.class);
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("the jwks of trusted directory " + issuer + " is not a JWK set");
                }
            }
            directories.add(new TrustedDirectory(issuer, keys, keys == null ? jwksUri : null));
        }
        return directories;
    }
}
