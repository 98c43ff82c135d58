package dev.fapikit.it.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The clients of the demo realms in {@code docker/realms/}. Their keys are generated here (never committed); the realm
 * files receive each client's certificate through an environment placeholder {@code ${FAPIKIT_CERT_<CLIENT>}}, which
 * Keycloak substitutes when it imports the realm.
 */
public final class DemoClients {

    /** client id → realm, in the order the runner prints them. */
    public static final Map<String, String> CLIENTS = clients();

    private final Map<String, ClientCert> certs = new LinkedHashMap<>();

    private DemoClients(TestPki pki) {
        CLIENTS.keySet().forEach(id -> certs.put(id, pki.loadOrIssueClient(id, subjectDn(id))));
    }

    public static DemoClients prepare(TestPki pki) {
        return new DemoClients(pki);
    }

    /** The TLS client certificate and signing key of a demo client. */
    public ClientCert get(String clientId) {
        ClientCert c = certs.get(clientId);
        if (c == null) {
            throw new IllegalArgumentException("no demo client " + clientId + "; known: " + certs.keySet());
        }
        return c;
    }

    /** {@code CN=<client id>,O=FAPI Kit Dev}: the subject DN the {@code tls_client_auth} clients are registered with. */
    public static String subjectDn(String clientId) {
        return "CN=" + clientId + ",O=FAPI Kit Dev";
    }

    /** The realm-import placeholders: {@code FAPIKIT_CERT_FAPI1_PKJWT=<base64 DER>}, ... */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        certs.forEach((id, cert) -> env.put(envName(id), cert.certificateBase64()));
        return env;
    }

    static String envName(String clientId) {
        return "FAPIKIT_CERT_" + clientId.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Map<String, String> clients() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fapi1-mtls", "fapi1-advanced");
        m.put("fapi1-pkjwt", "fapi1-advanced");
        m.put("fapi2-sp-mtls", "fapi2");
        m.put("fapi2-ms-dpop", "fapi2");
        m.put("ciba-poll", "fapi-ciba");
        m.put("ciba-ping", "fapi-ciba");
        return java.util.Collections.unmodifiableMap(m);
    }
}
