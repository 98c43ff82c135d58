package dev.fapikit.tools.demo;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * (a) The smart-speaker purchase with FAPI-CIBA on realm {@code fapi-ciba}: the speaker (a CIBA client) asks alice to
 * approve a purchase shown by its {@code binding_message}; alice approves on the approval page (or, with
 * {@code --auto}, in her authenticator app through FAPI Kit's app API); the tokens reach the speaker by poll, by ping
 * and, where the server offers it, by push. Then the speaker asks alice to pay 45.00 EUR to Merchant123 (RFC 9396
 * {@code authorization_details} in the signed request): she sees the payment in words, and the tokens carry it.
 */
final class CibaDemo {

    static final String REALM = "fapi-ciba";
    static final String USER = "alice";
    /** The demo's authenticator app: a public client allowed the approver scope (created at demo start if missing). */
    static final String APP_CLIENT = "fapi-kit-demo-app";
    static final String APPROVER_SCOPE = "fapi-kit-ciba-approver";
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    /** Created at demo time when the server offers push: ciba-ping's registration with delivery mode push. */
    static final String PUSH_CLIENT = "fapi-kit-demo-ciba-push";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DemoServer s;
    private final Narrator n;
    private final boolean auto;
    private JsonNode d;
    private String issuer;

    CibaDemo(DemoServer server, boolean auto) {
        this.s = server;
        this.n = server.narrator;
        this.auto = auto;
    }

    void run() {
        n.flow("(a) FAPI-CIBA: a smart speaker asks alice to approve a purchase — delivery by poll", this::poll);
        n.flow("(a) FAPI-CIBA: the same purchase — delivery by ping", this::ping);
        n.flow("(a) FAPI-CIBA: the same purchase — delivery by push", this::push);
        n.flow("(a) FAPI-CIBA: pay 45.00 EUR to Merchant123 — authorization_details (RFC 9396) in the backchannel request", this::payment);
    }

    private void poll() {
        n.step("Discover the CIBA endpoints of realm " + REALM,
                "CIBA Core §4: the OP publishes backchannel_authentication_endpoint and the delivery modes it supports.", () -> {
                    n.request("GET", s.realmUrl(REALM) + "/.well-known/openid-configuration", null, null);
                    d = s.discovery(REALM);
                    issuer = d.get("issuer").asText();
                    n.note("backchannel_authentication_endpoint = " + d.path("backchannel_authentication_endpoint").asText());
                    n.note("backchannel_token_delivery_modes_supported = " + d.path("backchannel_token_delivery_modes_supported"));
                    n.note("backchannel_authentication_request_signing_alg_values_supported = "
                            + d.path("backchannel_authentication_request_signing_alg_values_supported"));
                });
        n.step("Prepare the realm for alice's authenticator app (admin REST API)",
                "FAPI Kit app API: an app signed in as the user, with scope " + APPROVER_SCOPE + ", lists and decides her CIBA requests.",
                this::prepareApp);

        String client = "ciba-poll";
        String binding = bindingMessage();
        JsonNode started = n.step("The speaker (client " + client + ") asks for alice's approval with a signed request",
                "FAPI-CIBA §5.2.2 / CIBA Core §7.1.1: a PS256-signed authentication request, private_key_jwt over mTLS, with a binding_message.",
                () -> backchannel(client, binding, null, null));
        String authReqId = started.get("auth_req_id").asText();
        int interval = started.path("interval").asInt(5);

        n.step("The speaker polls at once: not yet decided",
                "CIBA Core §11: while the user has not decided, the token endpoint answers authorization_pending.", () ->
                        DemoServer.expectError(token(client, authReqId), 400, "authorization_pending"));
        approve(binding);
        n.step("The speaker polls again after the interval and gets certificate-bound tokens",
                "CIBA Core §10.1 poll mode; RFC 8705 §3.1: the access token carries cnf.x5t#S256 of the speaker's certificate.", () -> {
                    Thread.sleep(interval * 1000L + 200);
                    tokens(client, DemoServer.expect(token(client, authReqId), 200));
                });
    }

    private void ping() {
        String client = "ciba-ping";
        try (NotificationReceiver receiver = new NotificationReceiver(s.pki)) {
            Map<String, String> previous = n.step("Point " + client + "'s notification endpoint at a receiver in this demo (admin REST API)",
                    "CIBA Core §4: backchannel_client_notification_endpoint is registered client metadata; here an HTTPS receiver on loopback.", () -> {
                        ensureDiscovery();
                        n.note("receiver: " + receiver.url("/ciba/notify"));
                        return s.clientAttributes(REALM, client,
                                Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/notify")));
                    });
            try {
                String binding = bindingMessage();
                String notificationToken = Jose.randomId();
                JsonNode started = n.step("The speaker (client " + client + ") asks for alice's approval, with a client_notification_token",
                        "CIBA Core §7.1: in ping mode the request carries client_notification_token, the bearer token of the ping.",
                        () -> backchannel(client, binding, notificationToken, null));
                String authReqId = started.get("auth_req_id").asText();
                approve(binding);
                n.step("The server pings the speaker's notification endpoint",
                        "CIBA Core §10.2: a POST with {\"auth_req_id\"} and Authorization: Bearer <client_notification_token>.", () -> {
                            NotificationReceiver.Received ping = receiver.next(30);
                            if (ping == null) {
                                throw new StepFailed("no ping within 30 s (see the server log)");
                            }
                            n.note("← received POST " + ping.path() + "  Authorization: " + ping.header("Authorization") + "  body: " + ping.body());
                            if (!("Bearer " + notificationToken).equals(ping.header("Authorization"))
                                    || !authReqId.equals(Http.JSON.readTree(ping.body()).path("auth_req_id").asText())) {
                                throw new StepFailed("the ping does not carry this request's auth_req_id and client_notification_token");
                            }
                        });
                n.step("On the ping, the speaker fetches its tokens",
                        "CIBA Core §10.2: after the ping the client makes one token request with the auth_req_id.", () ->
                                tokens(client, DemoServer.expect(token(client, authReqId), 200)));
            } finally {
                s.clientAttributes(REALM, client, previous);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void push() {
        ensureDiscovery();
        boolean offered = false;
        for (JsonNode mode : d.path("backchannel_token_delivery_modes_supported")) {
            offered |= mode.asText().equals("push");
        }
        if (!offered) {
            n.skip("Push delivery (CIBA Core §10.3)", "push: not available on this server"
                    + " (backchannel_token_delivery_modes_supported = " + d.path("backchannel_token_delivery_modes_supported") + ")");
            return;
        }
        String client = PUSH_CLIENT;
        try (NotificationReceiver receiver = new NotificationReceiver(s.pki)) {
            n.step("Register a push-mode speaker (client " + client + ") whose notification endpoint is this demo (admin REST API)",
                    "CIBA Core §4: backchannel_token_delivery_mode=push; FAPI-CIBA §5.2.2-3 forbids push, so this client is outside the realm's FAPI-CIBA policy.", () -> {
                        ObjectNode rep = (ObjectNode) s.adminGet("realms/" + REALM + "/clients/" + s.clientUuid(REALM, "ciba-ping"));
                        for (String f : new String[] {"id", "clientId", "name", "protocolMappers", "secret"}) rep.remove(f);
                        rep.put("clientId", client).put("name", "Smart speaker (push, FAPI Kit demo)");
                        // FAPI-CIBA §5.2.2-3 forbids push: the realm's FAPI-CIBA policy leaves out clients so marked.
                        // The mark is seen on the stored client, so it is registered (ping) before it turns to push.
                        rep.with("attributes").put("fapi-kit.outside-fapi", "true")
                                .put("ciba.backchannel.client.notification.endpoint", receiver.url("/ciba/push"));
                        s.upsertClient(REALM, rep);
                        rep.with("attributes").put("ciba.backchannel.token.delivery.mode", "push");
                        s.upsertClient(REALM, rep);
                    });
            String binding = bindingMessage();
            String notificationToken = Jose.randomId();
            String authReqId = n.step("The speaker asks for alice's approval",
                    "CIBA Core §7.1: push mode, with client_notification_token.",
                    () -> backchannel(client, binding, notificationToken, null)).get("auth_req_id").asText();
            approve(binding);
            n.step("The server pushes the tokens to the speaker",
                    "CIBA Core §10.3.1: a POST with auth_req_id, access_token, id_token (with urn:openid:params:jwt:claim:auth_req_id).", () -> {
                        NotificationReceiver.Received push = receiver.next(30);
                        if (push == null) {
                            throw new StepFailed("no push within 30 s (see the server log)");
                        }
                        n.note("← received POST " + push.path() + "  Authorization: " + push.header("Authorization"));
                        JsonNode body = Http.JSON.readTree(push.body());
                        if (!authReqId.equals(body.path("auth_req_id").asText()) || !body.hasNonNull("access_token")) {
                            throw new StepFailed("the push does not carry this request's tokens: " + push.body());
                        }
                        n.jwt("access token", body.get("access_token").asText());
                        s.verify(REALM, body.get("access_token").asText());
                    });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void payment() {
        String client = "ciba-poll";
        JsonNode details = Fapi2Demo.paymentDetails();
        n.step("Register payment_initiation as an authorization_details type of " + client + " (admin REST API)",
                "RFC 9396 §10: authorization_details_types client metadata; FAPI Kit's executor fapi-kit-authorization-details accepts registered types.", () -> {
                    ensureDiscovery();
                    s.clientAttributes(REALM, client, Map.of(Fapi2Demo.TYPES_ATTRIBUTE, Fapi2Demo.PAYMENT_TYPE));
                    n.note("client attribute " + Fapi2Demo.TYPES_ATTRIBUTE + " = " + Fapi2Demo.PAYMENT_TYPE);
                });
        String binding = "Speaker " + (1000 + RANDOM.nextInt(9000)) + ": pay 45.00 EUR to Merchant123";
        JsonNode started = n.step("The speaker asks alice to approve a payment: its signed request carries authorization_details",
                "RFC 9396 §3: authorization_details as a JSON array claim of the signed request; CIBA Core §7.1.1, FAPI-CIBA §5.2.2.",
                () -> backchannel(client, binding, null, details));
        String authReqId = started.get("auth_req_id").asText();
        int interval = started.path("interval").asInt(5);
        approve(binding, Fapi2Demo.PAYMENT_SENTENCE);
        n.step("The speaker polls: the token response and the access token carry the approved payment",
                "RFC 9396 §7: authorization_details in the token response; §9.1: in the access token; CIBA Core §10.1 poll mode.", () -> {
                    Thread.sleep(interval * 1000L + 200);
                    HttpResponse<String> r = DemoServer.expect(token(client, authReqId), 200);
                    JsonNode response = Http.json(r);
                    n.note("authorization_details = " + response.path("authorization_details"));
                    tokens(client, r);
                    JsonNode claim = Http.JSON.valueToTree(s.verify(REALM, response.get("access_token").asText()).getClaim("authorization_details"));
                    if (!details.equals(response.get("authorization_details")) || !details.equals(claim)) {
                        throw new StepFailed("the tokens do not carry the approved payment (response: "
                                + response.path("authorization_details") + ", access token: " + claim + ")");
                    }
                    n.note("verified: the token response and the access token name exactly the approved payment");
                });
    }

    private void ensureDiscovery() {
        if (d == null) {
            d = s.discovery(REALM);
            issuer = d.get("issuer").asText();
        }
    }

    // ---- setup ---------------------------------------------------------------------------------------------------

    private void prepareApp() {
        ObjectNode realm = (ObjectNode) s.adminGet("realms/" + REALM);
        String channels = realm.path("attributes").path("fapi-kit-ciba-channels").asText("");
        if (!channels.matches("(?i).*\\bapp\\b.*")) {
            realm.with("attributes").put("fapi-kit-ciba-channels", channels.isBlank() ? "app" : channels + ",app");
            s.adminExpect("PUT", "realms/" + REALM, realm, 204);
            n.note("realm attribute fapi-kit-ciba-channels: \"" + channels + "\" → app (the user's app fetches pending requests)");
        }
        String scopeId = null;
        for (JsonNode scope : s.adminGet("realms/" + REALM + "/client-scopes")) {
            if (APPROVER_SCOPE.equals(scope.path("name").asText())) scopeId = scope.get("id").asText();
        }
        if (scopeId == null) {
            s.adminExpect("POST", "realms/" + REALM + "/client-scopes", Map.of("name", APPROVER_SCOPE, "protocol", "openid-connect",
                    "description", "Lets an authenticator app list and decide the user's CIBA requests",
                    "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false")), 201);
            n.note("created client scope " + APPROVER_SCOPE);
            for (JsonNode scope : s.adminGet("realms/" + REALM + "/client-scopes")) {
                if (APPROVER_SCOPE.equals(scope.path("name").asText())) scopeId = scope.get("id").asText();
            }
        }
        ObjectNode app = Http.JSON.createObjectNode().put("clientId", APP_CLIENT).put("name", "Authenticator app (FAPI Kit demo)")
                .put("enabled", true).put("publicClient", true).put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true).put("protocol", "openid-connect");
        String appUuid = s.clientUuid(REALM, APP_CLIENT);
        if (appUuid == null) {
            appUuid = s.upsertClient(REALM, app);
        }
        s.adminExpect("PUT", "realms/" + REALM + "/clients/" + appUuid + "/optional-client-scopes/" + scopeId, null, 204);
        n.note("client " + APP_CLIENT + " (public, password grant for the demo) may request scope " + APPROVER_SCOPE);
    }

    // ---- the client side -----------------------------------------------------------------------------------------

    /** The demo's push client is registered with the ping client's certificate, so it signs with that key. */
    private ClientCert keyOf(String client) {
        return s.clients.get(client.equals(PUSH_CLIENT) ? "ciba-ping" : client);
    }

    private JsonNode backchannel(String client, String binding, String notificationToken, JsonNode details) {
        ClientCert key = keyOf(client);
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(client).audience(issuer)
                .claim("scope", "openid").claim("login_hint", USER).claim("binding_message", binding)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId());
        if (notificationToken != null) claims.claim("client_notification_token", notificationToken);
        if (details != null) claims.claim("authorization_details", Http.JSON.convertValue(details, java.util.List.class));
        String request = Jose.sign(key, JWSAlgorithm.PS256, claims.build());
        n.jwt("signed authentication request", request);
        HttpResponse<String> r = s.post(s.http(key), subject(key), s.mtlsEndpoint(REALM, "backchannel_authentication_endpoint"),
                Http.params("request", request, "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(key, client, issuer)),
                "auth_req_id", "expires_in", "interval");
        return Http.json(DemoServer.expect(r, 200));
    }

    private HttpResponse<String> token(String client, String authReqId) {
        ClientCert key = keyOf(client);
        return s.post(s.http(key), subject(key), s.mtlsEndpoint(REALM, "token_endpoint"),
                Http.params("grant_type", CIBA_GRANT, "auth_req_id", authReqId,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE,
                        "client_assertion", Jose.clientAssertion(key, client, issuer)),
                "token_type", "expires_in", "scope");
    }

    private void tokens(String client, HttpResponse<String> r) {
        JsonNode tokens = Http.json(r);
        String access = tokens.get("access_token").asText();
        n.jwt("access token", access);
        JWTClaimsSet at = s.verify(REALM, access);
        String expected = keyOf(client).x5tS256();
        Object cnf = at.getClaim("cnf");
        if (!(cnf instanceof Map<?, ?> m) || !expected.equals(m.get("x5t#S256"))) {
            throw new StepFailed("the access token is not bound to the speaker's certificate (cnf = " + cnf + ")");
        }
        if (tokens.hasNonNull("id_token")) {
            n.jwt("ID token", tokens.get("id_token").asText());
            s.verify(REALM, tokens.get("id_token").asText());
        }
        n.note("verified against the realm JWKS; cnf.x5t#S256 = SHA-256 of the speaker's certificate");
    }

    // ---- the user's side -----------------------------------------------------------------------------------------

    private void approve(String binding) {
        approve(binding, null);
    }

    /** alice decides; {@code payment}, when not null, is the sentence the app API and the page must show (RFC 9396). */
    private void approve(String binding, String payment) {
        if (auto) {
            n.step("alice approves in her authenticator app (--auto)",
                    "FAPI Kit app API over the user's access token with scope " + APPROVER_SCOPE + "; CIBA Core §1: the authentication device.", () -> {
                        String app = appToken();
                        JsonNode listed = pending(app, binding, true);
                        n.note("alice sees: " + listed.path("client_name").asText() + " — \"" + binding + "\"");
                        expectPayment(listed, payment);
                        // RFC 9396 §7: a request carrying a payment is approved only with the fingerprint of the details shown
                        String shown = listed.path("authorization_details_fingerprint").asText("");
                        DemoServer.expect(s.post(s.http(null), null, appApi() + "/requests/" + listed.get("id").asText() + "/approve",
                                shown.isEmpty() ? Map.of() : Map.of("authorization_details_fingerprint", shown),
                                Map.of("Authorization", "Bearer " + app), "id", "status"), 200);
                    });
        } else {
            n.step("alice approves on the approval page",
                    "FAPI Kit approval page: the user signs in with the realm's browser flow and compares the binding_message.", () -> {
                        String app = appToken();
                        JsonNode listed = pending(app, binding, false);
                        if (listed != null) expectPayment(listed, payment);
                        n.say("");
                        n.say("    ┌─ Your turn ──────────────────────────────────────────────────────────────────");
                        n.say("    │ Open  " + s.realmUrl(REALM) + "/fapi-kit-ciba/approvals");
                        n.say("    │ sign in as alice (password alice), check the message reads");
                        n.say("    │   \"" + binding + "\"");
                        if (payment != null) n.say("    │ and the payment reads \"" + payment + "\"");
                        n.say("    │ and approve. (The browser will warn about the dev CA: .fapi-kit/pki/ca.pem)");
                        n.say("    └──────────────────────────────────────────────────────────────────────────────");
                        n.note("waiting up to 2 minutes for alice's decision (watching her pending requests) …");
                        long end = System.currentTimeMillis() + 120_000;
                        while (pending(app, binding, false) != null) {
                            if (System.currentTimeMillis() > end) throw new StepFailed("no decision within 2 minutes");
                            Thread.sleep(2000);
                        }
                        n.note("decided.");
                    });
        }
    }

    /** The app API words each payment of the request (payments[].text); the expected sentence must be among them. */
    private void expectPayment(JsonNode listed, String payment) {
        boolean found = false;
        for (JsonNode p : listed.path("payments")) {
            n.note("the payment in words: \"" + p.path("text").asText() + "\"");
            found |= p.path("text").asText().equals(payment);
        }
        if (payment != null && !found) {
            throw new StepFailed("the request does not show the payment as \"" + payment + "\": " + listed.path("payments"));
        }
    }

    private String appToken() {
        HttpResponse<String> r = s.post(s.http(null), null, s.realmUrl(REALM) + "/protocol/openid-connect/token",
                Http.params("grant_type", "password", "client_id", APP_CLIENT, "username", USER, "password", USER,
                        "scope", "openid " + APPROVER_SCOPE), "scope", "expires_in");
        return Http.json(DemoServer.expect(r, 200)).get("access_token").asText();
    }

    private JsonNode pending(String appToken, String binding, boolean print) {
        HttpResponse<String> r = print ? s.get(s.http(null), null, appApi() + "/requests", appToken)
                : Http.get(s.http(null), appApi() + "/requests", "Authorization", "Bearer " + appToken);
        for (JsonNode req : Http.json(DemoServer.expect(r, 200)).path("requests")) {
            if (binding.equals(req.path("binding_message").asText())) return req;
        }
        if (print) throw new StepFailed("the request is not among alice's pending requests: " + r.body());
        return null;
    }

    private String appApi() {
        return s.realmUrl(REALM) + "/fapi-kit-ciba/app";
    }

    /** A purchase the user can recognise on both devices (CIBA Core §7.1), unique per run. */
    private static String bindingMessage() {
        return "Speaker " + (1000 + RANDOM.nextInt(9000)) + ": coffee pods 9.99 EUR";
    }

    static String subject(ClientCert key) {
        return key.certificate().getSubjectX500Principal().getName();
    }
}
