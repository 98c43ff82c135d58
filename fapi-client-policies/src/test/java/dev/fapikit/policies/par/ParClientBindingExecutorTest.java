package dev.fapikit.policies.par;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParClientBindingExecutorTest {

    static final String URN = "urn:ietf:params:oauth:request_uri:";

    /** A compact JWS with {@code payload}; the signature is not looked at (it was verified when pushed). */
    static String jws(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"PS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** A session whose single-use store holds {@code store}; {@code removed} records every removal. */
    static KeycloakSession session(Map<String, Map<String, String>> store, Map<String, Boolean> removed) {
        SingleUseObjectProvider single = (SingleUseObjectProvider) Proxy.newProxyInstance(ParClientBindingExecutorTest.class.getClassLoader(),
                new Class<?>[] {SingleUseObjectProvider.class}, (p, m, args) -> switch (m.getName()) {
                    case "get" -> store.get((String) args[0]);
                    case "remove" -> {
                        removed.put((String) args[0], true);
                        yield store.remove((String) args[0]);
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(ParClientBindingExecutorTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (p, m, args) -> switch (m.getName()) {
                    case "singleUseObjects" -> single;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static PreAuthorizationRequestContext authorization(String clientId, String requestUri) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        params.putSingle("client_id", clientId);
        if (requestUri != null) {
            params.putSingle("request_uri", requestUri);
        }
        return new PreAuthorizationRequestContext(clientId, params);
    }

    static Map<String, String> pushedBy(String clientId) {
        return new HashMap<>(Map.of("par.created.time", "1", "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", jws("{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\"}"),
                "request", jws("{\"iss\":\"" + clientId + "\",\"client_id\":\"" + clientId + "\"}")));
    }

    @Test
    @DisplayName("RFC 9126 §4: another client's request_uri is invalid_request_uri, and the pushed request is not consumed")
    void otherClientRefused() {
        String id = UUID.randomUUID().toString();
        Map<String, Map<String, String>> store = new HashMap<>(Map.of("par:" + id, pushedBy("client-a")));
        Map<String, Boolean> removed = new HashMap<>();
        ParClientBindingExecutor executor = new ParClientBindingExecutor(session(store, removed));
        assertThatThrownBy(() -> executor.executeOnEvent(authorization("client-b", URN + id)))
                .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                    assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_URI);
                    assertThat(e.getErrorDetail()).isEqualTo("The request_uri was not pushed by this client");
                });
        assertThat(removed).isEmpty();
        assertThatCode(() -> executor.executeOnEvent(authorization("client-a", URN + id))).doesNotThrowAnyException();
        assertThat(store).containsKey("par:" + id);
    }

    @Test
    @DisplayName("Each identity in the pushed request binds it: client_id parameter, assertion iss/sub, request object client_id/iss")
    void everyIdentityCounts() {
        assertThat(ParClientBindingExecutor.otherPusher(pushedBy("a"), "a")).isNull();
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("client_id", "a"), "b")).isEqualTo("a");
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("client_assertion", jws("{\"sub\":\"a\"}")), "b")).isEqualTo("a");
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("client_assertion", jws("{\"iss\":\"a\"}")), "b")).isEqualTo("a");
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("request", jws("{\"client_id\":\"a\"}")), "b")).isEqualTo("a");
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("request", jws("{\"iss\":\"a\"}")), "b")).isEqualTo("a");
        // a client_id parameter that names the presenter does not hide a pushed assertion of another client
        Map<String, String> mixed = new HashMap<>(pushedBy("a"));
        mixed.put("client_id", "b");
        assertThat(ParClientBindingExecutor.otherPusher(mixed, "b")).isEqualTo("a");
        // hostile shapes: not a JWS, an encrypted request object, claims that are not strings
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("client_id", "b", "client_assertion", "x.y",
                "request", "a.b.c.d.e"), "b")).isNull();
        assertThat(ParClientBindingExecutor.otherPusher(Map.of("client_id", "b", "client_assertion", jws("{\"sub\":{\"a\":1}}"),
                "request", jws("[1,2]")), "b")).isNull();
    }

    @Test
    @DisplayName("An unknown, expired or used request_uri is invalid_request_uri, whatever follows the prefix (no 500)")
    void unknownAndMalformed() {
        ParClientBindingExecutor executor = new ParClientBindingExecutor(session(new HashMap<>(), new HashMap<>()));
        assertThatThrownBy(() -> executor.executeOnEvent(authorization("client-b", URN + UUID.randomUUID())))
                .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                    assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_URI);
                    assertThat(e.getErrorDetail()).isEqualTo("The request_uri is unknown, expired or already used");
                });
        for (String odd : List.of(URN + "not-a-uuid", URN, URN.toUpperCase() + UUID.randomUUID(), URN + "\n\u0000")) {
            assertThatThrownBy(() -> executor.executeOnEvent(authorization("client-b", odd)))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_URI));
        }
    }

    @Test
    @DisplayName("No request_uri, or one that is not a PAR reference: nothing to check here")
    void notPar() {
        ParClientBindingExecutor executor = new ParClientBindingExecutor(session(new HashMap<>(), new HashMap<>()));
        assertThatCode(() -> executor.executeOnEvent(authorization("client-b", null))).doesNotThrowAnyException();
        assertThatCode(() -> executor.executeOnEvent(authorization("client-b", "https://client.example/ro"))).doesNotThrowAnyException();
    }
}
