package dev.fapikit.tools.demo;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x509.GeneralName;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki.CertSpec;
import dev.fapikit.tools.demo.Narrator.StepFailed;

/**
 * (d) The two RFC 8705 client authentication methods FAPI Kit adds, with client credentials on realm {@code fapi2}:
 * {@code self_signed_tls_client_auth} (§2.2, the key registered in the client's JWK set) and {@code tls_client_auth}
 * matched by a subject alternative name (§2.1.2). The clients are created through the admin REST API.
 */
final class MtlsClientAuthDemo {

    static final String REALM = "fapi2";
    static final String SELF_SIGNED_CLIENT = "fapi-kit-demo-self-signed";
    static final String SAN_CLIENT = "fapi-kit-demo-san";
    static final String SAN_DNS = "speaker.demo.fapi-kit.test";

    // A TLS layer that checks client certificates against its trust store asks only for CA-issued ones (the client
    // then sends none) or ends the handshake: self-signed certificates need the TLS layer to accept any certificate.
    private static final String TRUST_ALL_HINT = "\n    Hint: with self-signed client certificates the server's TLS layer must accept"
            + " any client certificate and leave the decision to the client authenticators (conf/quarkus.properties;"
            + " docs/admin-guide.md, \"Keycloak terminating TLS\").";

    private final DemoServer s;
    private final Narrator n;

    MtlsClientAuthDemo(DemoServer server) {
        this.s = server;
        this.n = server.narrator;
    }

    void run() {
        n.flow("(d) self_signed_tls_client_auth (RFC 8705 §2.2)", this::selfSigned);
        n.flow("(d) tls_client_auth by subject alternative name (RFC 8705 §2.1.2)", this::san);
    }

    private void selfSigned() {
        ClientCert cert = s.pki.issue(CertSpec.named(SELF_SIGNED_CLIENT).selfSigned());
        n.step("Register client " + SELF_SIGNED_CLIENT + " with its self-signed certificate in its JWK set (admin REST API)",
                "RFC 8705 §2.2: the client registers jwks (here with x5c); no CA vouches for it.", () -> {
                    ObjectNode rep = client(SELF_SIGNED_CLIENT, "client-x509-self-signed");
                    rep.with("attributes").put("use.jwks.string", "true").put("jwks.string", cert.publicJwks())
                            .put("use.jwks.url", "false");
                    s.upsertClient(REALM, rep);
                    n.note("jwks.string = " + Narrator.shorten(cert.publicJwks()));
                });
        n.step("Client credentials with that certificate: a certificate-bound token",
                "RFC 8705 §2.2.2: the presented certificate must match a registered key; §3.1: cnf.x5t#S256.", () -> {
                    try {
                        boundToken(cert, SELF_SIGNED_CLIENT);
                    } catch (StepFailed e) {
                        throw new StepFailed(e.getMessage() + TRUST_ALL_HINT);
                    }
                });
        n.step("Another self-signed certificate is refused",
                "RFC 8705 §2.2 / RFC 6749 §5.2: an unregistered certificate gets invalid_client.", () ->
                        DemoServer.expectError(clientCredentials(s.pki.issue(CertSpec.named("someone-else").selfSigned()),
                                SELF_SIGNED_CLIENT), 401, "invalid_client"));
    }

    private void san() {
        ClientCert cert = s.pki.issue(CertSpec.named(SAN_CLIENT).san(new GeneralName(GeneralName.dNSName, SAN_DNS)));
        n.step("Register client " + SAN_CLIENT + " with tls_client_auth_san_dns = " + SAN_DNS + " (admin REST API)",
                "RFC 8705 §2.1.2: the client is identified by one SAN of a certificate the server's trusted CAs issued.", () -> {
                    ObjectNode rep = client(SAN_CLIENT, "client-x509-san");
                    rep.with("attributes").put("x509.san.dns", SAN_DNS);
                    s.upsertClient(REALM, rep);
                });
        n.step("Client credentials with a CA-issued certificate naming " + SAN_DNS + ": a certificate-bound token",
                "RFC 8705 §2.1: chain to a trusted CA, then the registered SAN value matches.", () -> boundToken(cert, SAN_CLIENT));
        n.step("A CA-issued certificate with another DNS name is refused",
                "RFC 8705 §2.1.2: exactly the registered SAN value; otherwise invalid_client.", () ->
                        DemoServer.expectError(clientCredentials(s.pki.issue(CertSpec.named("other-speaker")
                                .san(new GeneralName(GeneralName.dNSName, "other.demo.fapi-kit.test"))), SAN_CLIENT), 401, "invalid_client"));
    }

    private static ObjectNode client(String clientId, String authenticator) {
        ObjectNode rep = Http.JSON.createObjectNode().put("clientId", clientId).put("enabled", true)
                .put("protocol", "openid-connect").put("publicClient", false).put("clientAuthenticatorType", authenticator)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", true);
        rep.putObject("attributes").put("tls.client.certificate.bound.access.tokens", "true");
        return rep;
    }

    private void boundToken(ClientCert cert, String clientId) {
        HttpResponse<String> r = DemoServer.expect(clientCredentials(cert, clientId), 200);
        String at = Http.json(r).get("access_token").asText();
        n.jwt("access token", at);
        Object cnf = s.verify(REALM, at).getClaim("cnf");
        if (!(cnf instanceof Map<?, ?> m) || !cert.x5tS256().equals(m.get("x5t#S256"))) {
            throw new StepFailed("the access token is not bound to the certificate (cnf = " + cnf + ")");
        }
        n.note("verified: signature (realm JWKS), cnf.x5t#S256 = SHA-256 of the presented certificate");
    }

    private HttpResponse<String> clientCredentials(ClientCert cert, String clientId) {
        try {
            return s.post(s.http(cert), CibaDemo.subject(cert), s.mtlsEndpoint(REALM, "token_endpoint"),
                    Http.params("grant_type", "client_credentials", "client_id", clientId), "token_type", "expires_in");
        } catch (UncheckedIOException e) {
            throw new StepFailed("the TLS handshake failed (" + e.getCause().getMessage() + ")" + TRUST_ALL_HINT);
        }
    }
}
