package dev.fapikit.policies.replay;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;

import dev.fapikit.policies.ExecutorSettings;
import dev.fapikit.policies.FakeSession;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParser;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.util.JsonSerialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestObjectReplayExecutorTest {

    static JsonNode claims(String json) throws Exception {
        return JsonSerialization.readValue(json, JsonNode.class);
    }

    static RequestObjectReplayExecutor executor(FakeSession fake, Boolean requireJti) {
        RequestObjectReplayExecutor executor = new RequestObjectReplayExecutor(fake.session());
        executor.setupConfiguration(ExecutorSettings.read(RequestObjectReplayExecutor.Configuration.class,
                RequestObjectReplayExecutorFactory.REQUIRE_JTI, requireJti));
        return executor;
    }

    static ClientPolicyContext par() {
        return new PushedAuthorizationRequestContext(null, null, new MultivaluedHashMap<>());
    }

    static ClientPolicyContext authorization(String requestUri) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        if (requestUri != null) {
            params.putSingle("request_uri", requestUri);
        }
        return new AuthorizationRequestContext(null, null, null, params, null);
    }

    @Test
    @DisplayName("A jti is accepted once at PAR; the replay, on another node of the same store, is invalid_request_object")
    void replayAcrossParRefused() throws Exception {
        FakeSession cluster = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT,
                claims("{\"jti\":\"j-1\",\"exp\":" + (Time.currentTime() + 300) + "}"));
        executor(cluster, null).executeOnEvent(par());
        assertThatThrownBy(() -> executor(cluster, null).executeOnEvent(par()))
                .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                    assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_OBJECT);
                    assertThat(e.getErrorDetail()).contains("replayed");
                });
        assertThat(cluster.singleUse.values()).containsExactly(301L);
    }

    @Test
    @DisplayName("A request object used at PAR and again directly at the authorization endpoint is a replay")
    void parThenAuthorizationEndpointRefused() throws Exception {
        FakeSession cluster = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"jti\":\"j-2\"}"));
        executor(cluster, null).executeOnEvent(par());
        assertThatThrownBy(() -> executor(cluster, null).executeOnEvent(authorization(null)))
                .isInstanceOf(ClientPolicyException.class);
    }

    @Test
    @DisplayName("Visiting the PAR request_uri (even twice) is not a replay: its request object was checked when pushed")
    void parRequestUriVisitsAccepted() throws Exception {
        FakeSession cluster = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"jti\":\"j-3\"}"));
        executor(cluster, null).executeOnEvent(par());
        ClientPolicyContext visit = authorization("urn:ietf:params:oauth:request_uri:abc");
        assertThatCode(() -> {
            executor(cluster, null).executeOnEvent(visit);
            executor(cluster, null).executeOnEvent(visit);
        }).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("The same jti from two clients is two request objects")
    void jtiIsScopedToTheClient() throws Exception {
        FakeSession cluster = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"jti\":\"shared\"}"));
        executor(cluster, null).executeOnEvent(authorization(null));
        assertThatCode(() -> executor(cluster.client("client-b"), null).executeOnEvent(authorization(null))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("A replayed signed CIBA request is invalid_request")
    void cibaReplayRefused() throws Exception {
        FakeSession cluster = new FakeSession().attribute(
                BackchannelAuthenticationEndpointRequestParser.CIBA_SIGNED_AUTHENTICATION_REQUEST, claims("{\"jti\":\"c-1\"}"));
        ClientPolicyContext ciba = new BackchannelAuthenticationRequestContext(null, null, new MultivaluedHashMap<>());
        executor(cluster, null).executeOnEvent(ciba);
        assertThatThrownBy(() -> executor(cluster, null).executeOnEvent(ciba))
                .isInstanceOfSatisfying(ClientPolicyException.class,
                        e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST));
    }

    @Test
    @DisplayName("Without jti: accepted by default, refused with require-jti; without request object: nothing to do")
    void missingJti() throws Exception {
        FakeSession noJti = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"scope\":\"openid\"}"));
        assertThatCode(() -> executor(noJti, null).executeOnEvent(par())).doesNotThrowAnyException();
        assertThatThrownBy(() -> executor(noJti, true).executeOnEvent(par()))
                .isInstanceOfSatisfying(ClientPolicyException.class, e -> assertThat(e.getErrorDetail()).contains("jti"));
        assertThatCode(() -> executor(new FakeSession(), true).executeOnEvent(par())).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("A jti that is not a non-empty string (object, number, \"\") is refused, with or without require-jti (RFC 7519 §4.1.7)")
    void nonStringJtiRefused() throws Exception {
        for (String jti : new String[] {"{\"a\":1}", "42", "true", "[\"x\"]", "\"\""}) {
            FakeSession at = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"jti\":" + jti + "}"));
            assertThatThrownBy(() -> executor(at, null).executeOnEvent(par())).as(jti)
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_OBJECT);
                        assertThat(e.getErrorDetail()).contains("not a non-empty string");
                    });
            FakeSession ciba = new FakeSession().attribute(
                    BackchannelAuthenticationEndpointRequestParser.CIBA_SIGNED_AUTHENTICATION_REQUEST, claims("{\"jti\":" + jti + "}"));
            assertThatThrownBy(() -> executor(ciba, null).executeOnEvent(
                    new BackchannelAuthenticationRequestContext(null, null, new MultivaluedHashMap<>()))).as(jti)
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST));
            assertThat(at.singleUse).isEmpty();
        }
    }

    @Test
    @DisplayName("Two policies carrying this executor check one request once: the request is not its own replay")
    void twoPoliciesInOneRequestAccepted() throws Exception {
        FakeSession cluster = new FakeSession().attribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, claims("{\"jti\":\"j-4\"}"));
        var session = cluster.session();
        assertThatCode(() -> {
            new RequestObjectReplayExecutor(session).executeOnEvent(par());
            new RequestObjectReplayExecutor(session).executeOnEvent(par());
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> executor(cluster, null).executeOnEvent(par())).isInstanceOf(ClientPolicyException.class);
    }

    @Test
    @DisplayName("A jti is remembered until exp, at most max-lifetime, at least one second")
    void lifespan() {
        assertThat(RequestObjectReplayExecutor.lifespan(IntNode.valueOf(1300), 1000, 3600)).isEqualTo(301);
        assertThat(RequestObjectReplayExecutor.lifespan(IntNode.valueOf(100_000), 1000, 3600)).isEqualTo(3600);
        assertThat(RequestObjectReplayExecutor.lifespan(IntNode.valueOf(10), 1000, 3600)).isEqualTo(1);
        assertThat(RequestObjectReplayExecutor.lifespan(null, 1000, 3600)).isEqualTo(3600);
    }
}
