package dev.fapikit.it.jarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/** A fixture realm of this area, imported under a unique name so that IT classes don't share state. */
final class JarmRealm {

    static final String USER = "alice";
    static final String PASSWORD = "alice-password";

    private JarmRealm() {
    }

    /** Imports {@code /jarm/<fixture>} with {@code extraClients} added, as {@code <prefix>-<random>}; returns its name. */
    static String importRealm(FapiKit kit, String fixture, String prefix, ObjectNode... extraClients) {
        return importRealm(kit, (ObjectNode) readFixture(fixture), prefix, extraClients);
    }

    /** As {@link #importRealm(FapiKit, String, String, ObjectNode...)}, without the fixture's client profiles and policies. */
    static String importRealmWithoutPolicies(FapiKit kit, String fixture, String prefix, ObjectNode... extraClients) {
        ObjectNode realm = (ObjectNode) readFixture(fixture);
        realm.remove("clientProfiles");
        realm.remove("clientPolicies");
        return importRealm(kit, realm, prefix, extraClients);
    }

    private static String importRealm(FapiKit kit, ObjectNode realm, String prefix, ObjectNode... extraClients) {
        String name = prefix + "-" + Jose.randomId().substring(0, 8).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
        realm.put("realm", name);
        ArrayNode clients = realm.has("clients") ? (ArrayNode) realm.get("clients") : realm.putArray("clients");
        for (ObjectNode client : extraClients) {
            clients.add(client);
        }
        HttpResponse<String> created = kit.admin().post("realms", realm);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** A confidential client with a secret, the redirect URI and the given attributes. */
    static ObjectNode client(String clientId, String redirectUri, Map<String, String> attributes) {
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secret(clientId));
        client.put("standardFlowEnabled", true);
        client.putArray("redirectUris").add(redirectUri);
        ObjectNode attrs = client.putObject("attributes");
        attributes.forEach(attrs::put);
        return client;
    }

    /** The attributes of a client that registers {@code key} as its only encryption key (JWKS by value). */
    static Map<String, String> encryptionKeyAttributes(RSAKey key) {
        return Map.of("use.jwks.string", "true", "jwks.string", new JWKSet(key.toPublicJWK()).toString());
    }

    static String secret(String clientId) {
        return clientId + "-secret-0123456789abcdef0123456789";
    }

    /** Creates the client through the admin REST API, where client policies see its registration. */
    static HttpResponse<String> register(FapiKit kit, String realm, ObjectNode client) {
        return kit.admin().post("realms/" + realm + "/clients", client);
    }

    /** The stored client representation. */
    static JsonNode stored(FapiKit kit, String realm, String clientId) {
        JsonNode found = kit.admin().get("realms/" + realm + "/clients?clientId=" + Http.enc(clientId));
        assertThat(found).as("client %s", clientId).hasSize(1);
        return found.get(0);
    }

    private static JsonNode readFixture(String fixture) {
        try (InputStream in = JarmRealm.class.getResourceAsStream("/jarm/" + fixture)) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
