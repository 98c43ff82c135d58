package dev.fapikit.tools.screenshots;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.GeneralName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.DemoClients;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * What the screens show beyond the demo realm files, set up as the demo sets it up (admin REST API, a real client):
 * the RFC 8705 clients of the demo's step (d), and a pending CIBA request for alice (the demo's step (a)) so the
 * approval page has something to approve; for the payment screens (issue 21 §3) a pending CIBA payment for bob, and a
 * pushed FAPI 2.0 authorization request with the same payment (RFC 9396 {@code authorization_details}) whose consent
 * page the browser opens.
 */
final class Fixture {

    static final String SELF_SIGNED_CLIENT = "fapi-kit-demo-self-signed";
    static final String SAN_CLIENT = "fapi-kit-demo-san";
    static final String SAN_DNS = "speaker.demo.fapi-kit.test";
    static final String PROFILES_REALM = "fapi-kit-profiles";
    static final String BINDING_MESSAGE = "Speaker 4711: coffee pods 9.99 EUR";
    static final String PAYMENT_BINDING_MESSAGE = "Speaker 4711: pay 45.00 EUR to Merchant123";
    static final String TYPES_ATTRIBUTE = "fapi-kit.authorization-details-types";
    /** The guided demo's payment (RFC 9396 §2, type payment_initiation). */
    static final String PAYMENT = "[{\"type\":\"payment_initiation\",\"actions\":[\"initiate\"],"
            + "\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.00\"},\"creditorName\":\"Merchant123\","
            + "\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"remittanceInformationUnstructured\":\"Order 4711\"}]";
    static final String PAYMENT_CLIENT = "fapi2-sp-mtls";

    private final String baseUrl;
    private final TestPki pki;
    private final DemoClients demo;
    private final Path providers;
    private final HttpClient plain;

    Fixture(String baseUrl, TestPki pki, DemoClients demo, Path providers) {
        this.baseUrl = baseUrl;
        this.pki = pki;
        this.demo = demo;
        this.providers = providers;
        this.plain = HttpClient.newBuilder().sslContext(pki.sslContext(null)).build();
    }

    /** Sets everything up; returns the variables the manifest may use ({@code ${bindingMessage}}, ...). */
    Map<String, String> prepare() {
        String token = adminToken();
        ClientCert selfSigned = pki.issue(CertSpec.named(SELF_SIGNED_CLIENT).selfSigned());
        ObjectNode self = client(SELF_SIGNED_CLIENT, "client-x509-self-signed");
        self.with("attributes").put("use.jwks.string", "true").put("jwks.string", selfSigned.publicJwks()).put("use.jwks.url", "false");
        admin(token, "POST", "realms/fapi2/clients", self);
        ObjectNode san = client(SAN_CLIENT, "client-x509-san");
        san.with("attributes").put("x509.san.dns", SAN_DNS);
        admin(token, "POST", "realms/fapi2/clients", san);
        pki.issue(CertSpec.named(SAN_CLIENT).san(new GeneralName(GeneralName.dNSName, SAN_DNS)));
        cibaRequest("ciba-poll", "alice", BINDING_MESSAGE, null);
        registerPaymentType(token, "fapi-ciba", "ciba-poll");
        cibaRequest("ciba-poll", "bob", PAYMENT_BINDING_MESSAGE, PAYMENT);
        // the guide's "import them per realm": every complete profile the bundle ships, in a realm of their own
        admin(token, "POST", "realms", Http.JSON.createObjectNode().put("realm", PROFILES_REALM).put("enabled", true));
        HttpResponse<String> r = send(token, "PUT", "realms/" + PROFILES_REALM + "/client-policies/profiles", shippedProfiles());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("importing the shipped profiles: " + r.statusCode() + " " + r.body());
        }
        registerPaymentType(token, "fapi2", PAYMENT_CLIENT);
        // last: the pushed request lives parRequestUriLifespan (60 s in fapi2.json); the manifest visits it first
        return Map.of("bindingMessage", BINDING_MESSAGE, "sanDns", SAN_DNS, "paymentBindingMessage", PAYMENT_BINDING_MESSAGE,
                "paymentAuthorization", pushPayment());
    }

    /** RFC 9396 §10: the client's authorization_details_types, which the profiles' executor requires. */
    private void registerPaymentType(String token, String realm, String clientId) {
        JsonNode found = Http.json(send(token, "GET", "realms/" + realm + "/clients?clientId=" + clientId, null));
        ObjectNode rep = (ObjectNode) found.get(0);
        rep.with("attributes").put(TYPES_ATTRIBUTE, "payment_initiation");
        HttpResponse<String> r = send(token, "PUT", "realms/" + realm + "/clients/" + rep.get("id").asText(), rep);
        if (r.statusCode() != 204) {
            throw new IllegalStateException("registering payment_initiation for " + clientId + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * The demo's FAPI 2.0 payment pushed (RFC 9126, private_key_jwt over mTLS, PKCE S256) by fapi2-sp-mtls; the path of
     * the authorization URL alice's browser opens.
     */
    private String pushPayment() {
        JsonNode discovery = Http.json(Http.get(plain, baseUrl + "/realms/fapi2/.well-known/openid-configuration"));
        String issuer = discovery.get("issuer").asText();
        JsonNode alias = discovery.path("mtls_endpoint_aliases").path("pushed_authorization_request_endpoint");
        String endpoint = alias.isTextual() ? alias.asText() : discovery.get("pushed_authorization_request_endpoint").asText();
        ClientCert key = demo.get(PAYMENT_CLIENT);
        HttpClient mtls = HttpClient.newBuilder().sslContext(pki.sslContext(key)).build();
        HttpResponse<String> r = Http.postForm(mtls, endpoint, Http.params("client_id", PAYMENT_CLIENT, "response_type", "code",
                "redirect_uri", "https://client.example.org/cb", "scope", "openid", "state", Jose.randomId(), "nonce", Jose.randomId(),
                "code_challenge", Jose.pkce().get("challenge"), "code_challenge_method", "S256", "authorization_details", PAYMENT,
                "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(key, PAYMENT_CLIENT, issuer)));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("pushed payment request refused: " + r.statusCode() + " " + r.body());
        }
        return "/realms/fapi2/protocol/openid-connect/auth?client_id=" + PAYMENT_CLIENT + "&request_uri="
                + Http.enc(Http.json(r).get("request_uri").asText());
    }

    /**
     * The speaker asks for the user's approval (FAPI-CIBA §5.2.2: signed request, private_key_jwt over mTLS), with
     * {@code details} (RFC 9396 §3, a JSON array claim) unless null.
     */
    private void cibaRequest(String clientId, String user, String bindingMessage, String details) {
        JsonNode discovery = Http.json(Http.get(plain, baseUrl + "/realms/fapi-ciba/.well-known/openid-configuration"));
        String issuer = discovery.get("issuer").asText();
        JsonNode alias = discovery.path("mtls_endpoint_aliases").path("backchannel_authentication_endpoint");
        String endpoint = alias.isTextual() ? alias.asText() : discovery.get("backchannel_authentication_endpoint").asText();
        ClientCert key = demo.get(clientId);
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(clientId).audience(issuer).claim("scope", "openid")
                .claim("login_hint", user).claim("binding_message", bindingMessage).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(Jose.randomId());
        if (details != null) {
            try {
                builder.claim("authorization_details", Http.JSON.readValue(details, java.util.List.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JWTClaimsSet claims = builder.build();
        HttpClient mtls = HttpClient.newBuilder().sslContext(pki.sslContext(key)).build();
        HttpResponse<String> r = Http.postForm(mtls, endpoint, Http.params("request", Jose.sign(key, JWSAlgorithm.PS256, claims),
                "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", Jose.clientAssertion(key, clientId, issuer)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("CIBA request for the approval page refused: " + r.statusCode() + " " + r.body());
        }
    }

    private static ObjectNode client(String clientId, String authenticator) {
        ObjectNode rep = Http.JSON.createObjectNode().put("clientId", clientId).put("enabled", true)
                .put("protocol", "openid-connect").put("publicClient", false).put("clientAuthenticatorType", authenticator)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", true);
        rep.putObject("attributes").put("tls.client.certificate.bound.access.tokens", "true");
        return rep;
    }

    private String adminToken() {
        HttpResponse<String> r = Http.postForm(plain, baseUrl + "/realms/master/protocol/openid-connect/token",
                Http.params("grant_type", "password", "client_id", "admin-cli", "username", Screenshots.ADMIN_USER,
                        "password", Screenshots.ADMIN_PASSWORD));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("admin token: " + r.statusCode() + " " + r.body());
        }
        return Http.json(r).get("access_token").asText();
    }

    /** Creates; a second run against the same server finds it there (409). */
    private void admin(String token, String method, String path, JsonNode body) {
        HttpResponse<String> r = send(token, method, path, body);
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpResponse<String> send(String token, String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return Http.send(plain, request);
    }

    /** {@code fapi-kit-client-profiles.json} of the installed fapi-client-policies JAR. */
    private JsonNode shippedProfiles() {
        try (Stream<Path> jars = Files.list(providers)) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("fapi-kit-fapi-client-policies")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no fapi-client-policies JAR in " + providers));
            try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("fapi-kit-client-profiles.json"))) {
                return Http.JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
