package dev.fapikit.tools.demo;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.fapikit.it.harness.Browser;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * (c) FAPI 2.0 Security Profile with mTLS on realm {@code fapi2} (client {@code fapi2-sp-mtls}): PAR with PKCE, login,
 * the code with {@code iss}, a certificate-bound token; then a resource server introspects that token and gets an
 * RFC 9701 signed JWT response. Then the same client pays 45.00 EUR to Merchant123 (issue 21 §3): RFC 9396
 * {@code authorization_details} pushed with PAR, alice approves the sentence on FAPI Kit's payment consent page, and the
 * token response (§7) and access token (§9.1) carry exactly the approved details.
 */
final class Fapi2Demo {

    static final String REALM = "fapi2";
    static final String CLIENT = "fapi2-sp-mtls";
    static final String REDIRECT = MtlsCodeClient.REDIRECT;
    /** The demo's resource server (created at demo time): it introspects tokens and asks for JWT responses. */
    static final String RESOURCE_SERVER = "fapi-kit-demo-rs";
    static final String INTROSPECTION_JWT = "application/token-introspection+jwt";
    /** RFC 9396 §10 authorization_details_types, as FAPI Kit stores it on a client (space-separated). */
    static final String TYPES_ATTRIBUTE = "fapi-kit.authorization-details-types";
    static final String PAYMENT_TYPE = "payment_initiation";
    /** The payment of the demo (RFC 9396 §2 with the payment_initiation fields of FAPI Kit's processor). */
    static final String PAYMENT = """
            [{"type":"payment_initiation","actions":["initiate"],
              "instructedAmount":{"currency":"EUR","amount":"45.00"},
              "creditorName":"Merchant123","creditorAccount":{"iban":"DE02100100109307118603"},
              "remittanceInformationUnstructured":"Order 4711"}]""";
    /** How FAPI Kit words {@link #PAYMENT} for the user (English). */
    static final String PAYMENT_SENTENCE = "Pay €45.00 to Merchant123, account …8603";
    private static final Pattern PAYMENT_LINE = Pattern.compile(
            "class=\"fapi-kit-payment-consent-payment\"><strong>(.*?)</strong>", Pattern.DOTALL);

    private final DemoServer s;
    private final Narrator n;

    Fapi2Demo(DemoServer server) {
        this.s = server;
        this.n = server.narrator;
    }

    void run() {
        n.flow("(c) FAPI 2.0 Security Profile (mTLS): PAR + PKCE → login → code with iss → bound token → RFC 9701 introspection", this::flow);
        n.flow("(c) FAPI 2.0: pay 45.00 EUR to Merchant123 — authorization_details (RFC 9396) → payment consent page → token", this::payment);
    }

    private void flow() {
        String rsSecret = n.step("Register a resource server that asks for signed introspection responses (admin REST API)",
                "RFC 9701 §6: introspection_signed_response_alg=PS256; Keycloak answers only a client named in the token's aud.",
                this::prepareResourceServer);
        MtlsCodeClient client = new MtlsCodeClient(s, REALM, CLIENT, s.discovery(REALM));
        String issuer = client.issuer;
        String state = client.state;

        String requestUri = n.step("Push the authorization request (PAR) with PKCE, private_key_jwt over mTLS",
                "FAPI 2.0 SP §5.3.1.2: PAR required, PKCE S256 required; §5.3.2.1: private_key_jwt or mTLS client authentication.", () -> {
                    return client.push("response_type", "code", "redirect_uri", REDIRECT, "scope", "openid", "state", state,
                            "nonce", Jose.randomId(), "code_challenge", client.pkce.get("challenge"), "code_challenge_method", "S256");
                });

        String code = n.step("alice signs in and consents; the code comes back with iss",
                "FAPI 2.0 SP §5.3.1.2 / RFC 9207 §2: the authorization response names its issuer, against mix-up attacks.", () -> {
                    String location = client.signIn(requestUri);
                    Map<String, String> params = Http.urlParams(location);
                    n.note("code=" + Narrator.shorten(params.getOrDefault("code", "")) + "  state=" + params.get("state") + "  iss=" + params.get("iss"));
                    if (params.containsKey("error")) {
                        throw new StepFailed(params.get("error") + ": " + params.get("error_description"));
                    }
                    if (!issuer.equals(params.get("iss")) || !state.equals(params.get("state"))) {
                        throw new StepFailed("the response lacks the right iss or state");
                    }
                    return params.get("code");
                });

        String accessToken = n.step("Exchange the code over mTLS for a certificate-bound token",
                "FAPI 2.0 SP §5.3.2.1: sender-constrained access tokens (RFC 8705 §3 here); RFC 7636 §4.5 code_verifier.", () ->
                        client.boundAccessToken(client.exchange(code)));

        n.step("The resource server introspects the token and gets a signed JWT",
                "RFC 9701 §4-5: Accept: " + INTROSPECTION_JWT + " → a JWS with iss, aud and the RFC 7662 answer in token_introspection.", () -> {
                    String basic = Base64.getEncoder().encodeToString((RESOURCE_SERVER + ":" + rsSecret).getBytes());
                    HttpResponse<String> r = s.post(s.http(null), null, s.mtlsEndpoint(REALM, "introspection_endpoint"),
                            Http.params("token", accessToken, "token_type_hint", "access_token"),
                            Map.of("Authorization", "Basic " + basic, "Accept", INTROSPECTION_JWT));
                    DemoServer.expect(r, 200);
                    if (!r.headers().firstValue("Content-Type").orElse("").startsWith(INTROSPECTION_JWT)) {
                        throw new StepFailed("not a JWT response: " + Narrator.error(r));
                    }
                    n.jwt("introspection response", r.body());
                    JWTClaimsSet claims = s.verify(REALM, r.body());
                    Object introspection = claims.getClaim("token_introspection");
                    if (!issuer.equals(claims.getIssuer()) || !claims.getAudience().contains(RESOURCE_SERVER)
                            || !(introspection instanceof Map<?, ?> m) || !Boolean.TRUE.equals(m.get("active"))) {
                        throw new StepFailed("unexpected introspection response: " + claims.toJSONObject());
                    }
                    n.note("verified: signature (realm JWKS), iss, aud = " + RESOURCE_SERVER + ", active = true");
                });
    }

    private void payment() {
        n.step("Register payment_initiation as an authorization_details type of " + CLIENT + " (admin REST API)",
                "RFC 9396 §10: authorization_details_types client metadata; the FAPI 2.0 profile's executor fapi-kit-authorization-details accepts registered types only.", () -> {
                    s.clientAttributes(REALM, CLIENT, Map.of(TYPES_ATTRIBUTE, PAYMENT_TYPE));
                    n.note("client attribute " + TYPES_ATTRIBUTE + " = " + PAYMENT_TYPE);
                });
        MtlsCodeClient client = new MtlsCodeClient(s, REALM, CLIENT, s.discovery(REALM));
        JsonNode details = paymentDetails();

        String requestUri = n.step("Push the payment: PAR with authorization_details of type payment_initiation",
                "RFC 9396 §2-3: the authorization_details request parameter (a JSON array); RFC 9126 §2.1: pushed, it never passes the browser.", () ->
                        client.push("response_type", "code", "redirect_uri", REDIRECT, "scope", "openid", "state", client.state,
                                "nonce", Jose.randomId(), "code_challenge", client.pkce.get("challenge"), "code_challenge_method", "S256",
                                "authorization_details", details.toString()));

        String code = n.step("alice signs in, reads the payment on the consent page and approves it",
                "RFC 9396 §7: the AS asks the user to approve the details; FAPI Kit's required action fapi-kit-payment-consent words them.", () ->
                        approvePayment(client, requestUri));

        JsonNode tokens = n.step("Exchange the code: the token response names the approved payment",
                "RFC 9396 §7: the token response carries authorization_details, exactly what alice approved.", () -> {
                    JsonNode t = client.exchange(code);
                    n.note("authorization_details = " + t.path("authorization_details"));
                    if (!details.equals(t.get("authorization_details"))) {
                        throw new StepFailed("the token response does not carry the approved details: " + t.path("authorization_details"));
                    }
                    return t;
                });

        n.step("The access token carries the same authorization_details, bound to the client certificate",
                "RFC 9396 §9.1: the authorization_details claim of a JWT access token; RFC 8705 §3.1: cnf.x5t#S256.", () -> {
                    String at = client.boundAccessToken(tokens);
                    JsonNode claim = Http.JSON.valueToTree(s.verify(REALM, at).getClaim("authorization_details"));
                    if (!details.equals(claim)) {
                        throw new StepFailed("the access token's authorization_details differ: " + claim);
                    }
                    n.note("verified: signature (realm JWKS), authorization_details = the approved payment, cnf = the client certificate");
                });
    }

    /**
     * alice signs in (and grants the scopes where Keycloak asks), reads the payment on the consent page and approves
     * it with the page's form, as her browser would; returns the code of the authorization response.
     */
    private String approvePayment(MtlsCodeClient client, String requestUri) {
        String url = s.discovery(REALM).get("authorization_endpoint").asText() + "?client_id=" + CLIENT + "&request_uri="
                + Http.enc(requestUri);
        n.request("GET", url, null, null);
        n.note("(login form: alice / alice)");
        Browser browser = s.browser();
        browser.login(url, s.baseUrl, "alice", "alice");
        boolean shown = false;
        for (int i = 0; i < 4 && browser.last().statusCode() == 200; i++) {
            String page = browser.last().body();
            if (page.contains("fapi-kit-payment-consent-form")) {
                Matcher m = PAYMENT_LINE.matcher(page);
                String sentence = m.find() ? unescape(m.group(1)) : "";
                n.note("the consent page reads: \"" + sentence + "\"  [Approve] [Deny]");
                if (!sentence.equals(PAYMENT_SENTENCE)) {
                    throw new StepFailed("the page does not word the payment as \"" + PAYMENT_SENTENCE + "\"");
                }
                n.note("alice clicks Approve (POST login-actions/required-action, approve, with the page's fingerprint of the details)");
                browser.submit("login-actions/required-action", Map.of("approve", "approve"), s.baseUrl);
                shown = true;
            } else if (page.contains("login-actions/consent")) {
                n.note("alice grants the requested scopes (Keycloak's consent page)");
                browser.submit("login-actions/consent", Map.of("accept", "Yes"), s.baseUrl);
            } else {
                throw new StepFailed("unexpected page at " + browser.last().uri() + " (HTTP 200)");
            }
        }
        if (!shown) {
            throw new StepFailed("no payment consent page was shown (is required action fapi-kit-payment-consent enabled in realm " + REALM + "?)");
        }
        String location = browser.last().headers().firstValue("Location").orElse(null);
        if (location == null || !location.startsWith(REDIRECT)) {
            throw new StepFailed("no redirect to the client: HTTP " + browser.last().statusCode() + (location == null ? "" : " → " + location));
        }
        n.note("← " + browser.last().statusCode() + " Location: " + Narrator.shorten(location));
        Map<String, String> params = Http.urlParams(location);
        if (params.containsKey("error")) {
            throw new StepFailed(params.get("error") + ": " + params.get("error_description"));
        }
        if (!client.issuer.equals(params.get("iss")) || !client.state.equals(params.get("state"))) {
            throw new StepFailed("the response lacks the right iss or state");
        }
        return params.get("code");
    }

    /** {@link #PAYMENT} as JSON. */
    static JsonNode paymentDetails() {
        try {
            return Http.JSON.readTree(PAYMENT);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page's HTML escapes, for the terminal (FreeMarker escapes these five). */
    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    /** The resource server client, and an audience mapper so that fapi2-sp-mtls's tokens name it; returns its secret. */
    private String prepareResourceServer() {
        ObjectNode rs = Http.JSON.createObjectNode().put("clientId", RESOURCE_SERVER).put("name", "Resource server (FAPI Kit demo)")
                .put("enabled", true).put("publicClient", false).put("protocol", "openid-connect")
                .put("clientAuthenticatorType", "client-secret").put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", false);
        rs.putObject("attributes").put("introspection.signed.response.alg", "PS256");
        String rsUuid = s.upsertClient(REALM, rs);
        String clientUuid = s.clientUuid(REALM, CLIENT);
        String mapper = "audience " + RESOURCE_SERVER;
        boolean present = false;
        for (JsonNode m : s.adminGet("realms/" + REALM + "/clients/" + clientUuid + "/protocol-mappers/models")) {
            present |= mapper.equals(m.path("name").asText());
        }
        if (!present) {
            s.adminExpect("POST", "realms/" + REALM + "/clients/" + clientUuid + "/protocol-mappers/models",
                    Map.of("name", mapper, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                            "config", Map.of("included.client.audience", RESOURCE_SERVER, "access.token.claim", "true",
                                    "introspection.token.claim", "true")), 201);
            n.note("added an audience mapper to " + CLIENT + ": its access tokens name " + RESOURCE_SERVER + " in aud");
        }
        return s.adminGet("realms/" + REALM + "/clients/" + rsUuid + "/client-secret").get("value").asText();
    }
}
