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
 * approval page has something to approve.
 */
final class Fixture {

    static final String SELF_SIGNED_CLIENT = "fapi-kit-demo-self-signed";
    static final String SAN_CLIENT = "fapi-kit-demo-san";
    static final String SAN_DNS = "speaker.demo.fapi-kit.test";
    static final String PROFILES_REALM = "fapi-kit-profiles";
    static final String BINDING_MESSAGE = "Speaker 4711: coffee pods 9.99 EUR";

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
        cibaRequest("ciba-poll", BINDING_MESSAGE);
        // the guide's "import them per realm": every complete profile the bundle ships, in a realm of their own
        admin(token, "POST", "realms", Http.JSON.createObjectNode().put("realm", PROFILES_REALM).put("enabled", true));
        HttpResponse<String> r = send(token, "PUT", "realms/" + PROFILES_REALM + "/client-policies/profiles", shippedProfiles());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("importing the shipped profiles: " + r.statusCode() + " " + r.body());
        }
        return Map.of("bindingMessage", BINDING_MESSAGE, "sanDns", SAN_DNS);
    }

    /** The speaker asks for alice's approval (FAPI-CIBA §5.2.2: signed request, private_key_jwt over mTLS). */
    private void cibaRequest(String clientId, String bindingMessage) {
        JsonNode discovery = Http.json(Http.get(plain, baseUrl + "/realms/fapi-ciba/.well-known/openid-configuration"));
        String issuer = discovery.get("issuer").asText();
        JsonNode alias = discovery.path("mtls_endpoint_aliases").path("backchannel_authentication_endpoint");
        String endpoint = alias.isTextual() ? alias.asText() : discovery.get("backchannel_authentication_endpoint").asText();
        ClientCert key = demo.get(clientId);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).audience(issuer).claim("scope", "openid")
                .claim("login_hint", "alice").claim("binding_message", bindingMessage).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(Jose.randomId()).build();
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
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
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
