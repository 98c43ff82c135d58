package dev.fapikit.tools.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.DemoClients;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * The server the run command started, as the demo's clients see it: its base URL, the dev PKI and demo client keys
 * the runner wrote, HTTP clients with or without a client certificate, discovery, the realm JWKS, and the admin REST
 * API for the demo's setup.
 */
final class DemoServer {

    final String baseUrl;
    final TestPki pki;
    final DemoClients clients;
    final Narrator narrator;
    private final String adminUser;
    private final String adminPassword;
    private final HttpClient plain;
    private final Map<String, JsonNode> discovery = new HashMap<>();
    private String adminToken;
    private long adminTokenAt;

    DemoServer(String baseUrl, Path pkiDir, String adminUser, String adminPassword, Narrator narrator) {
        if (!Files.exists(pkiDir.resolve("ca.pem")) || !Files.isDirectory(pkiDir.resolve("clients"))) {
            throw new IllegalArgumentException("no dev PKI in " + pkiDir + ": start the server with docker/run-local.sh first"
                    + " (it writes .fapi-kit/pki), or pass --pki <dir>");
        }
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.pki = TestPki.loadOrCreate(pkiDir);
        this.clients = DemoClients.prepare(pki);
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.narrator = narrator;
        this.plain = http(null);
    }

    /** Waits until the server answers (Keycloak says 503 while it boots); false when it does not within the time. */
    boolean awaitReady(int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        String url = realmUrl("master") + "/.well-known/openid-configuration";
        boolean told = false;
        while (true) {
            try {
                if (Http.get(plain, url).statusCode() == 200) {
                    return true;
                }
            } catch (java.io.UncheckedIOException e) {
                // not listening yet
            }
            if (System.currentTimeMillis() > end) {
                return false;
            }
            if (!told) {
                narrator.say("Waiting for " + baseUrl + " to answer …");
                told = true;
            }
            Thread.sleep(2000);
        }
    }

    String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** An HTTP client trusting the dev CA, presenting {@code cert} (or none), following no redirects. */
    HttpClient http(ClientCert cert) {
        return HttpClient.newBuilder().sslContext(pki.sslContext(cert)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * alice signs in on the login page (and consents) in a fresh browser; returns the redirect to {@code redirectUri}
     * that carries the authorization response, or fails the step.
     */
    String signInAsAlice(String authorizationUrl, String redirectUri) {
        narrator.request("GET", authorizationUrl, null, null);
        narrator.note("(login form: alice / alice, then consent)");
        Browser browser = browser();
        browser.login(authorizationUrl, baseUrl, "alice", "alice");
        String location = browser.last().headers().firstValue("Location").orElse(null);
        if (location == null || !location.startsWith(redirectUri)) {
            throw new StepFailed("no redirect to the client: HTTP " + browser.last().statusCode()
                    + (location == null ? "" : " → " + location));
        }
        narrator.note("← " + browser.last().statusCode() + " Location: " + Narrator.shorten(location));
        return location;
    }

    /** A browser-like client with cookies and no client certificate. */
    Browser browser() {
        return Browser.using(pki.sslContext(null));
    }

    /** The realm's OpenID Provider metadata (OIDC Discovery §4). */
    JsonNode discovery(String realm) {
        return discovery.computeIfAbsent(realm, r -> {
            HttpResponse<String> d = Http.get(plain, realmUrl(r) + "/.well-known/openid-configuration");
            if (d.statusCode() != 200) {
                throw new StepFailed("discovery of realm " + r + ": " + Narrator.error(d) + " (is the demo realm imported?)");
            }
            return Http.json(d);
        });
    }

    /** RFC 8705 §5: an mTLS client uses {@code mtls_endpoint_aliases} where the server publishes them. */
    String mtlsEndpoint(String realm, String name) {
        JsonNode d = discovery(realm);
        JsonNode alias = d.path("mtls_endpoint_aliases").path(name);
        return alias.isTextual() ? alias.asText() : d.get(name).asText();
    }

    /** POSTs a form, printing the exchange; {@code certificate} names the TLS client certificate for the reader. */
    HttpResponse<String> post(HttpClient http, String certificate, String url, Map<String, String> params, String... fields) {
        return post(http, certificate, url, params, Map.of(), fields);
    }

    HttpResponse<String> post(HttpClient http, String certificate, String url, Map<String, String> params,
            Map<String, String> headers, String... fields) {
        narrator.request("POST", url, certificate, params);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(params)));
        headers.forEach(b::header);
        HttpResponse<String> r = Http.send(http, b.build());
        narrator.response(r, fields);
        return r;
    }

    HttpResponse<String> get(HttpClient http, String certificate, String url, String bearer, String... fields) {
        narrator.request("GET", url, certificate, null);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = Http.send(http, b.build());
        narrator.response(r, fields);
        return r;
    }

    /** Fails the step unless the response has {@code status}. */
    static HttpResponse<String> expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new StepFailed(Narrator.error(r));
        }
        return r;
    }

    /** Fails the step unless the response is the OAuth error {@code error} (an expected refusal). */
    static void expectError(HttpResponse<String> r, int status, String error) {
        JsonNode json = r.body() == null || r.body().isBlank() ? null : Http.json(r);
        String got = json == null ? null : json.path("error").asText(null);
        if (r.statusCode() != status || (error != null && !error.equals(got))) {
            throw new StepFailed("expected HTTP " + status + (error == null ? "" : " " + error) + ", got " + Narrator.error(r));
        }
    }

    /** Verifies a JWS against the realm's published JWKS (it must be the server's) and returns its claims. */
    JWTClaimsSet verify(String realm, String jws) {
        try {
            JWKSet jwks = JWKSet.parse(Http.get(plain, realmUrl(realm) + "/protocol/openid-connect/certs").body());
            SignedJWT parsed = SignedJWT.parse(jws);
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSTypeVerifier((type, ctx) -> { });
            p.setJWTClaimsSetVerifier((claims, ctx) -> { });
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(parsed.getHeader().getAlgorithm(), new ImmutableJWKSet<>(jwks)));
            return p.process(parsed, null);
        } catch (ParseException | JOSEException | BadJOSEException e) {
            throw new StepFailed("the JWT does not verify against the realm's JWKS: " + e.getMessage());
        }
    }

    // ---- admin REST API, for the demo's setup ------------------------------------------------------------------

    JsonNode adminGet(String path) {
        return Http.json(expect(admin("GET", path, null), 200));
    }

    HttpResponse<String> admin(String method, String path, Object body) {
        try {
            String json = body == null ? null : body instanceof String s ? s : Http.JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/" + path))
                    .header("Authorization", "Bearer " + adminToken())
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            return Http.send(plain, b.build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends {@code method path body} and fails the step on anything but {@code expected}. */
    void adminExpect(String method, String path, Object body, int expected) {
        expect(admin(method, path, body), expected);
    }

    /** The internal id of {@code clientId}, or null. */
    String clientUuid(String realm, String clientId) {
        JsonNode found = adminGet("realms/" + realm + "/clients?clientId=" + Http.enc(clientId));
        return found.isEmpty() ? null : found.get(0).get("id").asText();
    }

    /** Creates the client, or replaces the given attributes and fields of an existing one. */
    String upsertClient(String realm, ObjectNode representation) {
        String clientId = representation.get("clientId").asText();
        String uuid = clientUuid(realm, clientId);
        if (uuid == null) {
            adminExpect("POST", "realms/" + realm + "/clients", representation, 201);
            narrator.note("created client " + clientId + " in realm " + realm + " (admin REST API)");
            return clientUuid(realm, clientId);
        }
        ObjectNode existing = (ObjectNode) adminGet("realms/" + realm + "/clients/" + uuid);
        ObjectNode attributes = existing.with("attributes");
        representation.fields().forEachRemaining(f -> {
            if (f.getKey().equals("attributes")) {
                attributes.setAll((ObjectNode) f.getValue());
            } else {
                existing.set(f.getKey(), f.getValue());
            }
        });
        adminExpect("PUT", "realms/" + realm + "/clients/" + uuid, existing, 204);
        narrator.note("updated client " + clientId + " in realm " + realm + " (admin REST API)");
        return uuid;
    }

    /** Sets client attributes; returns the previous values of those attributes ("" where unset). */
    Map<String, String> clientAttributes(String realm, String clientId, Map<String, String> attributes) {
        String uuid = clientUuid(realm, clientId);
        if (uuid == null) {
            throw new StepFailed("realm " + realm + " has no client " + clientId);
        }
        ObjectNode rep = (ObjectNode) adminGet("realms/" + realm + "/clients/" + uuid);
        ObjectNode attrs = rep.with("attributes");
        Map<String, String> previous = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            previous.put(k, attrs.path(k).asText(""));
            attrs.put(k, v);
        });
        adminExpect("PUT", "realms/" + realm + "/clients/" + uuid, rep, 204);
        return previous;
    }

    private synchronized String adminToken() {
        if (adminToken == null || System.currentTimeMillis() - adminTokenAt > 30_000) {
            HttpResponse<String> r = Http.postForm(plain, baseUrl + "/realms/master/protocol/openid-connect/token",
                    Http.params("grant_type", "password", "client_id", "admin-cli", "username", adminUser, "password", adminPassword));
            if (r.statusCode() != 200) {
                throw new StepFailed("admin sign-in as " + adminUser + " failed (" + Narrator.error(r)
                        + "); pass --admin-user/--admin-password");
            }
            adminToken = Http.json(r).get("access_token").asText();
            adminTokenAt = System.currentTimeMillis();
        }
        return adminToken;
    }
}
