package dev.fapikit.policies.algorithm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.fapikit.policies.ExecutorSettings;
import dev.fapikit.policies.PresentedJwt;
import dev.fapikit.policies.TestKeys;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.CibaConfig;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureAlgorithmExecutorTest {

    static SignatureAlgorithmExecutor executor(List<String> allowed, Boolean autoConfigure, String defaultAlgorithm) {
        SignatureAlgorithmExecutor executor = new SignatureAlgorithmExecutor(null);
        executor.setupConfiguration(ExecutorSettings.read(SignatureAlgorithmExecutor.Configuration.class,
                SignatureAlgorithmExecutorFactory.ALLOWED_ALGORITHMS, allowed,
                SignatureAlgorithmExecutorFactory.AUTO_CONFIGURE, autoConfigure,
                SignatureAlgorithmExecutorFactory.DEFAULT_ALGORITHM, defaultAlgorithm));
        return executor;
    }

    static ClientRepresentation client(String... attributeValuePairs) {
        ClientRepresentation client = new ClientRepresentation();
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < attributeValuePairs.length; i += 2) {
            attributes.put(attributeValuePairs[i], attributeValuePairs[i + 1]);
        }
        client.setAttributes(attributes);
        return client;
    }

    static PresentedJwt jwt(PresentedJwt.Kind kind, String alg) throws Exception {
        return new PresentedJwt(kind, new JWSInput(TestKeys.jwsWithHeader("{\"alg\":\"" + alg + "\",\"kid\":\"k\"}")));
    }

    @Nested
    @DisplayName("Given the default list (PS256, ES256) at registration")
    class Registration {

        SignatureAlgorithmExecutor executor = executor(null, null, null);

        @Test
        void missingAlgorithmsFilledWithPs256IncludingJarmAndCiba() throws Exception {
            ClientRepresentation client = client(OIDCConfigAttributes.ID_TOKEN_SIGNED_RESPONSE_ALG, "ES256");
            executor.checkAndFill(client);
            assertThat(client.getAttributes())
                    .containsEntry(OIDCConfigAttributes.ID_TOKEN_SIGNED_RESPONSE_ALG, "ES256")
                    .containsEntry(OIDCConfigAttributes.REQUEST_OBJECT_SIGNATURE_ALG, "PS256")
                    .containsEntry(OIDCConfigAttributes.AUTHORIZATION_SIGNED_RESPONSE_ALG, "PS256")
                    .containsEntry(CibaConfig.CIBA_BACKCHANNEL_AUTH_REQUEST_SIGNING_ALG, "PS256")
                    .containsEntry(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "PS256")
                    .containsEntry(OIDCConfigAttributes.ACCESS_TOKEN_SIGNED_RESPONSE_ALG, "PS256")
                    .doesNotContainKeys(OIDCConfigAttributes.USER_INFO_RESPONSE_SIGNATURE_ALG,
                            SignatureAlgorithmExecutor.INTROSPECTION_SIGNED_RESPONSE_ALG);
        }

        @Test
        void clientWithoutAttributesGetsThemAll() throws Exception {
            ClientRepresentation client = new ClientRepresentation();
            executor.checkAndFill(client);
            assertThat(client.getAttributes()).containsKeys(SignatureAlgorithmExecutor.FILLED_ATTRIBUTES.toArray(String[]::new));
        }

        @Test
        void rs256RequestObjectAlgorithmRefused() {
            assertThatThrownBy(() -> executor.checkAndFill(client(OIDCConfigAttributes.REQUEST_OBJECT_SIGNATURE_ALG, "RS256")))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT_METADATA);
                        assertThat(e.getErrorDetail()).contains("request.object.signature.alg", "RS256");
                    });
        }

        @Test
        void noneRequestObjectAlgorithmRefused() {
            assertThatThrownBy(() -> executor.checkAndFill(client(OIDCConfigAttributes.REQUEST_OBJECT_SIGNATURE_ALG, "none")))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void ps384JarmAlgorithmRefusedAlthoughKeycloakFapiAllowsIt() {
            assertThatThrownBy(() -> executor.checkAndFill(client(OIDCConfigAttributes.AUTHORIZATION_SIGNED_RESPONSE_ALG, "PS384")))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void rs256UserinfoAlgorithmRefused() {
            assertThatThrownBy(() -> executor.checkAndFill(client(OIDCConfigAttributes.USER_INFO_RESPONSE_SIGNATURE_ALG, "RS256")))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void rs256IntrospectionAlgorithmRefused() {
            assertThatThrownBy(() -> executor.checkAndFill(client(SignatureAlgorithmExecutor.INTROSPECTION_SIGNED_RESPONSE_ALG, "RS256")))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void eddsaRefusedUnlessSelected() throws Exception {
            assertThatThrownBy(() -> executor.checkAndFill(client(CibaConfig.CIBA_BACKCHANNEL_AUTH_REQUEST_SIGNING_ALG, "EdDSA")))
                    .isInstanceOf(ClientPolicyException.class);
            assertThatCode(() -> executor(List.of("PS256", "ES256", "EdDSA"), null, null)
                    .checkAndFill(client(CibaConfig.CIBA_BACKCHANNEL_AUTH_REQUEST_SIGNING_ALG, "EdDSA")))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    @DisplayName("Without auto-configure a missing algorithm is refused")
    void missingAlgorithmRefusedWithoutAutoConfigure() {
        assertThatThrownBy(() -> executor(null, false, null).checkAndFill(new ClientRepresentation()))
                .isInstanceOfSatisfying(ClientPolicyException.class,
                        e -> assertThat(e.getErrorDetail()).contains("must be set"));
    }

    @Test
    @DisplayName("'none' cannot be allowed by configuration, and the default falls back to an allowed algorithm")
    void noneNeverAllowed() throws Exception {
        SignatureAlgorithmExecutor.Configuration config = ExecutorSettings.read(SignatureAlgorithmExecutor.Configuration.class,
                SignatureAlgorithmExecutorFactory.ALLOWED_ALGORITHMS, List.of("none", "ES256"));
        assertThat(config.allowedAlgorithms()).containsExactly("ES256");
        assertThat(config.defaultAlgorithm()).isEqualTo("ES256");
    }

    @Nested
    @DisplayName("Given the default list at request time")
    class RequestTime {

        SignatureAlgorithmExecutor executor = executor(null, null, null);

        @Test
        void rs256RequestObjectRefusedAsInvalidRequestObject() {
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.REQUEST_OBJECT, "RS256"))))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_OBJECT);
                        assertThat(e.getErrorDetail()).contains("request object", "RS256");
                    });
        }

        @Test
        void unsignedRequestObjectRefused() {
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.REQUEST_OBJECT, "none"))))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST_OBJECT));
        }

        @Test
        void rs256ClientAssertionRefusedAsInvalidClient() {
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "RS256"))))
                    .isInstanceOfSatisfying(ClientPolicyException.class, e -> {
                        assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT);
                        assertThat(e.getErrorStatus()).isEqualTo(Response.Status.UNAUTHORIZED);
                    });
        }

        @Test
        void hs256ClientAssertionRefused() {
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "HS256"))))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void rs256CibaRequestRefusedAsInvalidRequest() {
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CIBA_REQUEST, "RS256"))))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_REQUEST));
        }

        @Test
        void ps256AndEs256Accepted() {
            assertThatCode(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "PS256"),
                    jwt(PresentedJwt.Kind.REQUEST_OBJECT, "ES256")))).doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("Given fapi-kit-fapi-1-baseline's list (PS256, ES256, HS256): client_secret_jwt, FAPI 1.0 Part 1 §5.2.2-4")
    class Baseline {

        SignatureAlgorithmExecutor executor = executor(List.of("PS256", "ES256", "HS256"), true, "PS256");

        ClientRepresentation withAuthenticator(String authenticator) {
            ClientRepresentation client = client();
            client.setClientAuthenticatorType(authenticator);
            return client;
        }

        @Test
        void clientSecretJwtClientGetsHs256ForItsAssertionsAndPs256ForTheRest() throws Exception {
            ClientRepresentation client = withAuthenticator("client-secret-jwt");
            executor.checkAndFill(client);
            assertThat(client.getAttributes()).containsEntry(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "HS256")
                    .containsEntry(OIDCConfigAttributes.ID_TOKEN_SIGNED_RESPONSE_ALG, "PS256")
                    .containsEntry(OIDCConfigAttributes.REQUEST_OBJECT_SIGNATURE_ALG, "PS256");
        }

        @Test
        void privateKeyJwtClientGetsPs256() throws Exception {
            ClientRepresentation client = withAuthenticator("client-jwt");
            executor.checkAndFill(client);
            assertThat(client.getAttributes()).containsEntry(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "PS256");
        }

        @Test
        void clientSecretJwtClientWithoutAnHmacAlgorithmInTheListGetsTheDefault() throws Exception {
            ClientRepresentation client = withAuthenticator("client-secret-jwt");
            executor(null, null, null).checkAndFill(client);
            assertThat(client.getAttributes()).containsEntry(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "PS256");
        }

        @Test
        void registeredHs256Kept() {
            assertThatCode(() -> executor.checkAndFill(client(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "HS256")))
                    .doesNotThrowAnyException();
        }

        @Test
        void rs256StillRefused() {
            assertThatThrownBy(() -> executor.checkAndFill(client(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, "RS256")))
                    .isInstanceOf(ClientPolicyException.class);
        }

        @Test
        void hs256AssertionAcceptedUnsignedRefused() {
            assertThatCode(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "HS256"))))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> executor.checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "none"))))
                    .isInstanceOfSatisfying(ClientPolicyException.class,
                            e -> assertThat(e.getError()).isEqualTo(OAuthErrorException.INVALID_CLIENT));
            assertThatThrownBy(() -> executor(List.of("none", "HS256"), null, null)
                    .checkPresented(List.of(jwt(PresentedJwt.Kind.CLIENT_ASSERTION, "none"))))
                    .as("none listed in the configuration is still refused").isInstanceOf(ClientPolicyException.class);
        }
    }
}
