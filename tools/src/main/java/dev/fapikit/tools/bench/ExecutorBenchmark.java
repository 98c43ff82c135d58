package dev.fapikit.tools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.OAuth2Constants;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.endpoints.request.AuthzEndpointRequestParser;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.keycloak.util.JsonSerialization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.fapikit.it.harness.TestPki;

/**
 * The client-policy executors of our client profiles (JMH), per request as Keycloak runs them: Keycloak builds every
 * executor of a client profile anew on every client-policy event ({@code ClientPoliciesUtil.getExecutorProvider}:
 * the factory's provider for the session, Jackson {@code convertValue} of the profile's settings into the executor's
 * {@code Configuration}, {@code setupConfiguration}), then calls {@code executeOnEvent}.
 *
 * <ul>
 * <li>{@link OneExecutor}: one FAPI Kit executor with its settings from {@code fapi-kit-fapi-1-advanced}: binding
 * ({@link #bind}) and the check on the token request of the authorization code grant (private_key_jwt, PS256), of the
 * client credentials grant (tls_client_auth), and on the authorization request (PAR-less, signed request object;
 * for the executors that read the request before Keycloak parses it, the pre-authorization event).</li>
 * <li>{@link WholeProfile}: every executor of a profile (Keycloak's and ours) bound and run for one token request,
 * what the profile costs a token request on top of Keycloak's own work.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExecutorBenchmark {

    static final String PROFILES_RESOURCE = "/fapi-kit-client-profiles.json";

    /** The request fixtures every state shares: a PS256 private_key_jwt client, its mTLS twin, their requests. */
    abstract static class Fixture {
        StandIns.Request jwtClient;
        StandIns.Request mtlsClient;
        MultivaluedMap<String, String> codeTokenForm;
        MultivaluedMap<String, String> credentialsTokenForm;
        MultivaluedMap<String, String> authorizationParams;
        AuthorizationEndpointRequest authorizationRequest;
        JsonNode requestObjectClaims;

        void fixtures() throws Exception {
            StandIns.crypto();
            ClientJwts jwts = ClientJwts.ps256();
            jwtClient = new StandIns.Request();
            jwtClient.clientKey = jwts.wrapper();
            jwtClient.clientAttributes.put("fapi-kit.client-assertion.array-audience", "true");
            // RFC 7523 §2.2 / OIDC Core §9: private_key_jwt at the token endpoint, authorization code grant with PKCE
            codeTokenForm = jwtClient.form;
            codeTokenForm.putSingle(OAuth2Constants.GRANT_TYPE, OAuth2Constants.AUTHORIZATION_CODE);
            codeTokenForm.putSingle(OAuth2Constants.CODE, "d1c7b7f6-5c1e-4c9a-9c5e-3f1b2a4e6d7c.a1b2c3d4.e5f6a7b8");
            codeTokenForm.putSingle(OAuth2Constants.REDIRECT_URI, "https://client.example/cb");
            codeTokenForm.putSingle(OAuth2Constants.CODE_VERIFIER, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
            codeTokenForm.putSingle(OAuth2Constants.CLIENT_ASSERTION_TYPE, OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT);
            codeTokenForm.putSingle(OAuth2Constants.CLIENT_ASSERTION, jwts.clientAssertion(jwtClient.clientId));

            // FAPI 1.0 Part 2 §5.2.2-5 / FAPI 2.0 §5.3.2.1: tokens bound to the mutual-TLS certificate (RFC 8705 §3)
            TestPki pki = StandIns.pki();
            jwtClient.tlsChain = StandIns.chain(pki.issueClient("bench-jwt-client", "CN=bench-jwt-client,O=FAPI Kit Bench"));

            // RFC 8705 §2.1: tls_client_auth by subject DN, client credentials grant
            mtlsClient = new StandIns.Request();
            mtlsClient.clientId = "bench-mtls-client";
            mtlsClient.authenticatorType = "client-x509";
            mtlsClient.clientAttributes.put("fapi-kit.client-assertion.array-audience", "true");
            mtlsClient.tlsChain = StandIns.chain(pki.issueClient("bench-mtls-client", "CN=bench-mtls-client,O=FAPI Kit Bench"));
            mtlsClient.truststore = StandIns.truststore();
            mtlsClient.trustedRoots = StandIns.trustedRoots();
            credentialsTokenForm = mtlsClient.form;
            credentialsTokenForm.putSingle(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);
            credentialsTokenForm.putSingle(OAuth2Constants.CLIENT_ID, mtlsClient.clientId);
            credentialsTokenForm.putSingle(OAuth2Constants.SCOPE, "accounts");

            // RFC 9101 §5: a signed request object by value; Keycloak has verified it and keeps its claims in the session
            authorizationParams = new MultivaluedHashMap<>();
            String requestObject = jwts.requestObject(jwtClient.clientId);
            authorizationParams.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, jwtClient.clientId);
            authorizationParams.putSingle(OIDCLoginProtocol.RESPONSE_TYPE_PARAM, "code id_token");
            authorizationParams.putSingle(OIDCLoginProtocol.SCOPE_PARAM, "openid");
            authorizationParams.putSingle(OIDCLoginProtocol.REQUEST_PARAM, requestObject);
            requestObjectClaims = new JWSInput(requestObject).readJsonContent(JsonNode.class);
            authorizationRequest = new AuthorizationEndpointRequest();
        }

        TokenRequestContext codeTokenRequest() {
            return new TokenRequestContext(codeTokenForm, null);
        }

        ServiceAccountTokenRequestContext credentialsTokenRequest() {
            return new ServiceAccountTokenRequestContext(credentialsTokenForm, null);
        }

        AuthorizationRequestContext authorizationRequest() {
            return new AuthorizationRequestContext(OIDCResponseType.parse(List.of("code", "id_token")), authorizationRequest,
                    "https://client.example/cb", authorizationParams, null);
        }

        PreAuthorizationRequestContext preAuthorizationRequest() {
            return new PreAuthorizationRequestContext(jwtClient.clientId, authorizationParams);
        }

        /** A session of the authorization request: Keycloak has parsed and verified the request object. */
        KeycloakSession authorizationSession() {
            KeycloakSession session = jwtClient.session();
            session.setAttribute(AuthzEndpointRequestParser.AUTHZ_REQUEST_OBJECT, requestObjectClaims);
            return session;
        }
    }

    /** One executor of {@code fapi-kit-fapi-1-advanced}, with the profile's settings. */
    @State(Scope.Thread)
    public static class OneExecutor extends Fixture {

        @Param({"fapi-kit-client-assertion-audience", "fapi-kit-par-client-binding", "fapi-kit-secure-response-type",
                "fapi-kit-jarm-encryption", "fapi-kit-signature-algorithm", "fapi-kit-client-key-strength",
                "fapi-kit-client-secret-strength", "fapi-kit-request-object-replay", "fapi-kit-id-token-claims"})
        public String executor;

        ProfileExecutor bound;

        @Setup
        public void setUp() throws Exception {
            fixtures();
            bound = profile("fapi-kit-fapi-1-advanced").stream().filter(e -> e.id().equals(executor)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(executor + " is not in fapi-kit-fapi-1-advanced"));
        }
    }

    /** Every executor of one profile (Keycloak's and FAPI Kit's), with the profile's settings. */
    @State(Scope.Thread)
    public static class WholeProfile extends Fixture {

        @Param({"fapi-kit-fapi-1-advanced", "fapi-kit-fapi-2-security-profile"})
        public String profile;

        /**
         * Keycloak executors that read server state the stand-ins do not model: {@code pkce-enforcer} checks the
         * code_verifier against the code's stored challenge (OAuth2CodeParser, the code's session);
         * {@code secure-client-authentication-assertion} builds the issuer URL with JAX-RS's UriBuilder (the server's
         * RESTEasy). Left out of the whole-profile figures; they are Keycloak's code, not ours.
         */
        static final java.util.Set<String> NEEDS_SERVER = java.util.Set.of("pkce-enforcer",
                "secure-client-authentication-assertion");

        List<ProfileExecutor> executors;

        @Setup
        public void setUp() throws Exception {
            fixtures();
            executors = profile(profile).stream().filter(e -> !NEEDS_SERVER.contains(e.id())).toList();
            // the clients' stored mark already follows the profile (set on registration; else corrected once)
            String arrayAudience = executors.stream().filter(e -> e.id().equals("fapi-kit-client-assertion-audience"))
                    .map(e -> e.settings().path("allow-array-audience").asText()).findFirst().orElse("true");
            jwtClient.clientAttributes.put("fapi-kit.client-assertion.array-audience", arrayAudience);
            mtlsClient.clientAttributes.put("fapi-kit.client-assertion.array-audience", arrayAudience);
        }
    }

    /** An executor of a profile: its factory and the settings the profile gives it. */
    record ProfileExecutor(String id, ClientPolicyExecutorProviderFactory factory, JsonNode settings) {

        /** What Keycloak does per event before running an executor ({@code ClientPoliciesUtil.getExecutorProvider}). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        ClientPolicyExecutorProvider bind(KeycloakSession session) {
            ClientPolicyExecutorProvider provider = factory.create(session);
            ClientPolicyExecutorConfigurationRepresentation configuration = (ClientPolicyExecutorConfigurationRepresentation)
                    JsonSerialization.mapper.convertValue(settings, provider.getExecutorConfigurationClass());
            provider.setupConfiguration(configuration);
            return provider;
        }

        void run(KeycloakSession session, ClientPolicyContext event) throws Exception {
            bind(session).executeOnEvent(event);
        }
    }

    /** The executors of a profile of {@code fapi-kit-client-profiles.json}, in the profile's order. */
    static List<ProfileExecutor> profile(String name) {
        JsonNode profiles;
        try (InputStream in = ExecutorBenchmark.class.getResourceAsStream(PROFILES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PROFILES_RESOURCE + " not on the class path (fapi-client-policies)");
            }
            profiles = JsonSerialization.mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ClientPolicyExecutorProviderFactory> factories = factories();
        for (JsonNode profile : profiles.path("profiles")) {
            if (name.equals(profile.path("name").asText())) {
                List<ProfileExecutor> executors = new ArrayList<>();
                for (JsonNode e : profile.path("executors")) {
                    String id = e.path("executor").asText();
                    ClientPolicyExecutorProviderFactory factory = factories.get(id);
                    if (factory == null) {
                        throw new IllegalStateException("no executor factory '" + id + "' on the class path");
                    }
                    executors.add(new ProfileExecutor(id, factory, e.path("configuration")));
                }
                return executors;
            }
        }
        throw new IllegalStateException("no profile '" + name + "' in " + PROFILES_RESOURCE);
    }

    /** The executor factories of the class path by id (Keycloak's and FAPI Kit's), as the server registers them. */
    private static Map<String, ClientPolicyExecutorProviderFactory> factories() {
        Map<String, ClientPolicyExecutorProviderFactory> byId = new HashMap<>();
        Iterator<ClientPolicyExecutorProviderFactory> it = ServiceLoader.load(ClientPolicyExecutorProviderFactory.class).iterator();
        while (it.hasNext()) {
            try {
                ClientPolicyExecutorProviderFactory f = it.next();
                byId.put(f.getId(), f);
            } catch (ServiceConfigurationError | LinkageError e) {
                // a Keycloak factory whose libraries the benchmark JVM lacks: not in our profiles' path
            }
        }
        return byId;
    }

    // ---- one executor ----

    /** Per event, per executor: the provider for the session, the profile's settings bound into its Configuration. */
    @Benchmark
    public Object bind(OneExecutor s) {
        return s.bound.bind(s.jwtClient.session());
    }

    /** Authorization code grant, private_key_jwt (PS256): bind, then the TOKEN_REQUEST check. */
    @Benchmark
    public KeycloakSession authorizationCodeToken(OneExecutor s) throws Exception {
        KeycloakSession session = s.jwtClient.session();
        s.bound.run(session, s.codeTokenRequest());
        return session;
    }

    /** Client credentials grant, tls_client_auth: bind, then the SERVICE_ACCOUNT_TOKEN_REQUEST check. */
    @Benchmark
    public KeycloakSession clientCredentialsToken(OneExecutor s) throws Exception {
        KeycloakSession session = s.mtlsClient.session();
        s.bound.run(session, s.credentialsTokenRequest());
        return session;
    }

    /**
     * Authorization request with a signed request object: bind, then the PRE_AUTHORIZATION_REQUEST and
     * AUTHORIZATION_REQUEST checks (Keycloak builds the executor for each).
     */
    @Benchmark
    public KeycloakSession authorizationRequest(OneExecutor s) throws Exception {
        KeycloakSession session = s.authorizationSession();
        s.bound.run(session, s.preAuthorizationRequest());
        s.bound.run(session, s.authorizationRequest());
        return session;
    }

    // ---- a whole profile ----

    /** Every executor of the profile bound and run for one authorization code token request (private_key_jwt). */
    @Benchmark
    public KeycloakSession profileAuthorizationCodeToken(WholeProfile s) throws Exception {
        KeycloakSession session = s.jwtClient.session();
        TokenRequestContext event = s.codeTokenRequest();
        for (ProfileExecutor e : s.executors) {
            e.run(session, event);
        }
        return session;
    }

    /** Every executor of the profile bound and run for one client credentials token request (tls_client_auth). */
    @Benchmark
    public KeycloakSession profileClientCredentialsToken(WholeProfile s) throws Exception {
        KeycloakSession session = s.mtlsClient.session();
        ServiceAccountTokenRequestContext event = s.credentialsTokenRequest();
        for (ProfileExecutor e : s.executors) {
            e.run(session, event);
        }
        return session;
    }
}
