package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fapikit.it.KeycloakAnswers;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * A throw-away realm for one test class, created through the admin REST API, with one client profile made of the
 * executors under test and one enabled policy applying it (by default to every client).
 */
final class PolicyRealm {

    final FapiKit kit;
    final String name;
    private final ArrayNode profiles = Http.JSON.createArrayNode();
    private final ArrayNode policies = Http.JSON.createArrayNode();

    private PolicyRealm(FapiKit kit, String name) {
        this.kit = kit;
        this.name = name;
    }

    static PolicyRealm create(FapiKit kit, String prefix) {
        String name = prefix + "-" + Jose.randomId().substring(0, 8).toLowerCase().replace('_', 'x').replace('-', 'x');
        HttpResponse<String> r = kit.admin().post("realms", Map.of("realm", name, "enabled", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new PolicyRealm(kit, name);
    }

    /** An executor entry of a client profile: {@code {"executor": id, "configuration": {...}}}. */
    static ObjectNode executor(String id, Map<String, ?> configuration) {
        ObjectNode e = Http.JSON.createObjectNode().put("executor", id);
        e.set("configuration", Http.JSON.valueToTree(configuration));
        return e;
    }

    /** A condition entry of a client policy. */
    static ObjectNode condition(String id, Map<String, ?> configuration) {
        ObjectNode c = Http.JSON.createObjectNode().put("condition", id);
        c.set("configuration", Http.JSON.valueToTree(configuration));
        return c;
    }

    /**
     * Adds profile {@code profile} with {@code executors} and a policy applying it when all {@code conditions} hold
     * (the realm's earlier profiles and policies stay).
     */
    PolicyRealm policy(String profile, List<ObjectNode> executors, List<ObjectNode> conditions) {
        ObjectNode p = profiles.addObject().put("name", profile).put("description", "test");
        p.putArray("executors").addAll(executors);
        HttpResponse<String> r = kit.admin().put("realms/" + name + "/client-policies/profiles",
                Http.JSON.createObjectNode().set("profiles", profiles));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

        ObjectNode policy = policies.addObject().put("name", profile + "-policy").put("enabled", true);
        policy.putArray("conditions").addAll(conditions);
        policy.putArray("profiles").add(profile);
        r = kit.admin().put("realms/" + name + "/client-policies/policies", Http.JSON.createObjectNode().set("policies", policies));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        return this;
    }

    PolicyRealm policyForAllClients(String profile, ObjectNode... executors) {
        return policy(profile, List.of(executors), List.of(condition("any-client", Map.of())));
    }

    HttpResponse<String> createClient(Map<String, ?> client) {
        return kit.admin().post("realms/" + name + "/clients", client);
    }

    /** The stored client representation of {@code clientId}. */
    JsonNode client(String clientId) {
        ArrayNode found = (ArrayNode) kit.admin().get("realms/" + name + "/clients?clientId=" + Http.enc(clientId));
        assertThat(found).as("client " + clientId).hasSize(1);
        return found.get(0);
    }

    HttpResponse<String> updateClient(String clientId, ObjectNode representation) {
        return kit.admin().put("realms/" + name + "/clients/" + client(clientId).get("id").asText(), representation);
    }

    /** An initial access token for dynamic client registration (RFC 7591 §3). */
    String initialAccessToken() {
        HttpResponse<String> r = kit.admin().post("realms/" + name + "/clients-initial-access", Map.of("count", 10, "expiration", 600));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(KeycloakAnswers.initialAccessCreated()); // 201 from Keycloak 26.7, 200 before
        return Http.json(r).get("token").asText();
    }

    String issuer() {
        return kit.realmUrl(name);
    }

    String oidcUrl() {
        return kit.oidcUrl(name);
    }

    void delete() {
        kit.admin().delete("realms/" + name);
    }
}
