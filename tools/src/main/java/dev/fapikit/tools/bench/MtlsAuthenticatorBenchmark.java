package dev.fapikit.tools.bench;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.GeneralName;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.mtls.auth.SanTlsClientAuthenticator;
import dev.fapikit.mtls.auth.SelfSignedTlsClientAuthenticator;
import dev.fapikit.mtls.auth.TrustedX509ClientAuthenticator;

/**
 * The mutual-TLS client authenticators (JMH), one successful token-endpoint authentication each: the client named by
 * {@code client_id}, its certificate from the mutual-TLS lookup, then
 * <ul>
 * <li>{@code tls_client_auth} by subject DN (RFC 8705 §2.1): FAPI Kit's {@code client-x509} replacement, which
 * validates the chain against the truststore ({@code TrustedChain}) before Keycloak's DN match;</li>
 * <li>{@code tls_client_auth} by SAN (§2.1.2): {@code client-x509-san}, chain validation and the SAN match;</li>
 * <li>{@code self_signed_tls_client_auth} (§2.2): {@code client-x509-self-signed}, the certificate against the
 * client's registered JWK set ({@code jwks} value);</li>
 * </ul>
 * beside the floor of chain validation (the JDK's PKIX validator on the same chain and anchor, no revocation) and
 * Keycloak's own {@code client-x509} (DN match without chain validation, what a stock server runs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MtlsAuthenticatorBenchmark {

    private static final String DN = "CN=bench-mtls-client,O=FAPI Kit Bench";

    private final StandIns.FlowOutcome outcome = new StandIns.FlowOutcome();
    private StandIns.Request dnClient;
    private StandIns.Request sanClient;
    private StandIns.Request selfSignedClient;
    private ClientAuthenticator trustedX509;
    private ClientAuthenticator keycloakX509;
    private ClientAuthenticator san;
    private ClientAuthenticator selfSigned;
    private X509Certificate[] chain;
    private PKIXParameters pkix;

    @Setup
    public void setUp() throws Exception {
        StandIns.crypto();
        TestPki pki = StandIns.pki();
        chain = StandIns.chain(pki.issueClient("bench-dn", DN));
        dnClient = mtlsClient("bench-dn", X509ClientAuthenticator.PROVIDER_ID, chain);
        dnClient.clientAttributes.put(X509ClientAuthenticator.ATTR_SUBJECT_DN, DN);
        dnClient.clientAttributes.put(X509ClientAuthenticator.ATTR_ALLOW_REGEX_PATTERN_COMPARISON, "false");

        ClientCert sanCert = pki.issue(TestPki.CertSpec.named("bench-san").subject("CN=bench-san,O=FAPI Kit Bench")
                .san(new GeneralName(GeneralName.dNSName, "client.bench.example")));
        sanClient = mtlsClient("bench-san", SanTlsClientAuthenticator.PROVIDER_ID, StandIns.chain(sanCert));
        sanClient.clientAttributes.put("x509.san.dns", "client.bench.example");

        ClientCert selfSignedCert = pki.issue(TestPki.CertSpec.named("bench-self-signed")
                .subject("CN=bench-self-signed,O=FAPI Kit Bench").selfSigned());
        selfSignedClient = mtlsClient("bench-self-signed", SelfSignedTlsClientAuthenticator.PROVIDER_ID,
                new X509Certificate[] {selfSignedCert.certificate()});
        selfSignedClient.clientAttributes.put(OIDCConfigAttributes.USE_JWKS_STRING, "true");
        selfSignedClient.clientAttributes.put(OIDCConfigAttributes.JWKS_STRING, selfSignedCert.publicJwks());

        trustedX509 = new TrustedX509ClientAuthenticator();
        keycloakX509 = new X509ClientAuthenticator();
        san = new SanTlsClientAuthenticator();
        selfSigned = new SelfSignedTlsClientAuthenticator();
        pkix = new PKIXParameters(Set.of(new TrustAnchor(pki.ca().certificate(), null)));
        pkix.setRevocationEnabled(false);

        for (String method : List.of("tlsClientAuthSubjectDn", "keycloakClientX509SubjectDn", "tlsClientAuthSan",
                "selfSignedTlsClientAuth")) {
            String result = switch (method) {
                case "tlsClientAuthSubjectDn" -> tlsClientAuthSubjectDn();
                case "keycloakClientX509SubjectDn" -> keycloakClientX509SubjectDn();
                case "tlsClientAuthSan" -> tlsClientAuthSan();
                default -> selfSignedTlsClientAuth();
            };
            if (!"success".equals(result)) {
                throw new IllegalStateException(method + ": the benchmark's client did not authenticate: " + result);
            }
        }
    }

    private static StandIns.Request mtlsClient(String clientId, String authenticator, X509Certificate[] presented) {
        StandIns.Request r = new StandIns.Request();
        r.clientId = clientId;
        r.authenticatorType = authenticator;
        r.tlsChain = presented;
        r.truststore = StandIns.truststore();
        r.trustedRoots = StandIns.trustedRoots();
        r.form.putSingle("grant_type", "client_credentials");
        r.form.putSingle("client_id", clientId);
        return r;
    }

    private String authenticate(ClientAuthenticator authenticator, StandIns.Request client) {
        outcome.clear();
        KeycloakSession session = client.session();
        authenticator.authenticateClient(client.flow(session, outcome));
        return outcome.last();
    }

    /** tls_client_auth by subject DN: FAPI Kit's client-x509 (chain validated against the truststore, then the DN). */
    @Benchmark
    public String tlsClientAuthSubjectDn() {
        return authenticate(trustedX509, dnClient);
    }

    /** The same client with Keycloak's own client-x509: the DN match alone (no chain validation for an unpinned client). */
    @Benchmark
    public String keycloakClientX509SubjectDn() {
        return authenticate(keycloakX509, dnClient);
    }

    /** tls_client_auth by SAN (DNS): chain validation, then the SAN match. */
    @Benchmark
    public String tlsClientAuthSan() {
        return authenticate(san, sanClient);
    }

    /** self_signed_tls_client_auth: validity, then the certificate against the registered JWK set. */
    @Benchmark
    public String selfSignedTlsClientAuth() {
        return authenticate(selfSigned, selfSignedClient);
    }

    /** The floor of chain validation: the JDK's PKIX validator, same chain and anchor, revocation off. */
    @Benchmark
    public Object jdkPkixValidation() throws Exception {
        return CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain)), pkix);
    }
}
