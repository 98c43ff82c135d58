package dev.fapikit.tools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.security.auth.x500.X500Principal;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.common.crypto.CryptoIntegration;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.services.x509.X509ClientCertificateLookup;
import org.keycloak.truststore.TruststoreProvider;
import org.keycloak.urls.HostnameProvider;
import org.keycloak.urls.UrlType;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.HarnessSettings;
import dev.fapikit.it.harness.TestPki;

/**
 * Stand-ins for the Keycloak objects our per-request code reads (session, realm, client, HTTP request, mutual-TLS
 * lookup, public-key cache, truststore, client authentication flow), for the JMH micro-benchmarks. Each is a
 * {@link Proxy} answering only what the code under test calls; anything else throws, naming the method, so a change
 * of what the code reads shows up as a failing benchmark rather than a silently cheaper one.
 */
final class StandIns {

    static final String ISSUER = "https://as.example/realms/bench";
    static final String REALM_ID = "realm-bench";
    static final String BENCH_CA_DN = "CN=FAPI Kit Bench CA,O=FAPI Kit Dev";

    private static TestPki pki;
    /** Held: java.util.logging keeps loggers weakly, and a collected one would lose its level. */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private StandIns() {
    }

    /**
     * Keycloak's default crypto provider (Bouncy Castle based), loaded from the Keycloak distribution the harness uses:
     * PS256 verification, the ECDSA signature format conversion and the certificate path builder come from it on a
     * real server.
     */
    static synchronized void crypto() {
        // Keycloak's per-request warnings (client-x509 without x509.casubjectdn) would time the console, not the code
        ROOT_LOG.setLevel(Level.SEVERE);
        for (java.util.logging.Handler h : ROOT_LOG.getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
        if (CryptoIntegration.isInitialised()) {
            return;
        }
        String entry = "keycloak-" + HarnessSettings.load().keycloakVersion() + "/lib/lib/main/org.keycloak.keycloak-crypto-default-"
                + HarnessSettings.load().keycloakVersion() + ".jar";
        try (ZipFile zip = new ZipFile(HarnessSettings.load().distZip().toFile())) {
            ZipEntry jar = zip.getEntry(entry);
            if (jar == null) {
                throw new IllegalStateException(entry + " not in " + HarnessSettings.load().distZip());
            }
            Path copy = Files.createTempFile("keycloak-crypto-default", ".jar");
            copy.toFile().deleteOnExit();
            try (InputStream in = zip.getInputStream(jar)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            CryptoIntegration.init(new URLClassLoader(new URL[] {copy.toUri().toURL()}, StandIns.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The benchmark's CA (RFC 8705 §2.1 PKI method), made once per JVM in memory; the truststore stand-in trusts it. */
    static synchronized TestPki pki() {
        if (pki == null) {
            pki = TestPki.untrustedCa(BENCH_CA_DN);
        }
        return pki;
    }

    /** A truststore holding the benchmark's CA, as {@code truststore-paths} would give the server. */
    static KeyStore truststore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("bench-ca", pki().ca().certificate());
            return trust;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the benchmark truststore", e);
        }
    }

    /** The trust anchors of {@link #truststore()} by subject, as the truststore provider indexes them. */
    static Map<X500Principal, List<X509Certificate>> trustedRoots() {
        X509Certificate ca = pki().ca().certificate();
        return Map.of(ca.getSubjectX500Principal(), List.of(ca));
    }

    /** What the mutual-TLS lookup reports for a CA-issued client certificate: the leaf (the CA is a trust anchor). */
    static X509Certificate[] chain(ClientCert cert) {
        return new X509Certificate[] {cert.certificate()};
    }

    /** One client's request as our code sees it; {@link #session()} makes a fresh session (Keycloak: one per request). */
    static final class Request {
        final Map<String, String> clientAttributes = new HashMap<>();
        final MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        final Map<String, Object> sessionAttributes = new HashMap<>();
        String clientId = "bench-client";
        String authenticatorType = "client-jwt";
        X509Certificate[] tlsChain;
        KeyWrapper clientKey;
        KeyStore truststore;
        Map<X500Principal, List<X509Certificate>> trustedRoots = Map.of();

        private RealmModel realm;
        private ClientModel client;

        Request() {
            realm = proxy(RealmModel.class, (p, m, a) -> switch (m.getName()) {
                case "getId" -> REALM_ID;
                case "getName" -> "bench";
                case "getClientByClientId" -> clientId.equals(a[0]) ? client : null;
                case "isEventsEnabled" -> false;
                case "getEventsListenersStream" -> Stream.empty();
                default -> unsupported(RealmModel.class, m.getName());
            });
            client = proxy(ClientModel.class, (p, m, a) -> switch (m.getName()) {
                case "getId" -> "client-uuid";
                case "getClientId" -> clientId;
                case "getRealm" -> realm;
                case "getAttribute" -> clientAttributes.get((String) a[0]);
                case "getAttributes" -> clientAttributes;
                case "getClientAuthenticatorType" -> authenticatorType;
                case "isEnabled" -> true;
                case "isPublicClient", "isBearerOnly", "isFrontchannelLogout" -> false;
                case "getRootUrl" -> null;
                default -> unsupported(ClientModel.class, m.getName());
            });
        }

        RealmModel realm() {
            return realm;
        }

        ClientModel client() {
            return client;
        }

        KeycloakSession session() {
            Map<String, Object> attributes = new HashMap<>(sessionAttributes);
            HttpHeaders headers = proxy(HttpHeaders.class, (p, m, a) -> switch (m.getName()) {
                case "getMediaType" -> MediaType.APPLICATION_FORM_URLENCODED_TYPE;
                case "getHeaderString" -> null;
                case "getRequestHeader" -> List.of();
                default -> unsupported(HttpHeaders.class, m.getName());
            });
            HttpRequest http = proxy(HttpRequest.class, (p, m, a) -> switch (m.getName()) {
                case "getDecodedFormParameters" -> form;
                case "getHttpHeaders" -> headers;
                default -> unsupported(HttpRequest.class, m.getName());
            });
            URI base = URI.create(ISSUER.substring(0, ISSUER.indexOf("/realms/") + 1));
            UriInfo requestUri = proxy(UriInfo.class, (p, m, a) -> switch (m.getName()) {
                case "getQueryParameters" -> new MultivaluedHashMap<String, String>();
                case "getBaseUri" -> base;
                case "getRequestUri", "getAbsolutePath" -> base.resolve("realms/bench/protocol/openid-connect/token");
                default -> unsupported(UriInfo.class, m.getName());
            });
            HostnameProvider hostname = proxy(HostnameProvider.class, (p, m, a) -> switch (m.getName()) {
                case "getBaseUri" -> base;
                default -> unsupported(HostnameProvider.class, m.getName());
            });
            KeycloakSession[] self = new KeycloakSession[1];
            KeycloakUriInfo[] uri = new KeycloakUriInfo[1];
            KeycloakContext context = proxy(KeycloakContext.class, (p, m, a) -> switch (m.getName()) {
                case "getRealm" -> realm;
                case "getClient" -> client;
                case "getHttpRequest" -> http;
                case "getRequestHeaders" -> headers;
                case "getUri" -> uri[0] == null ? uri[0] = new KeycloakUriInfo(self[0], UrlType.FRONTEND, requestUri) : uri[0];
                default -> unsupported(KeycloakContext.class, m.getName());
            });
            // the public-key cache as a warm server has it: the client's key found by kid, no fetch
            PublicKeyStorageProvider keys = proxy(PublicKeyStorageProvider.class, (p, m, a) -> switch (m.getName()) {
                case "getPublicKey" -> clientKey;
                default -> unsupported(PublicKeyStorageProvider.class, m.getName());
            });
            X509ClientCertificateLookup lookup = proxy(X509ClientCertificateLookup.class, (p, m, a) -> switch (m.getName()) {
                case "getCertificateChain" -> tlsChain;
                default -> unsupported(X509ClientCertificateLookup.class, m.getName());
            });
            TruststoreProvider trust = proxy(TruststoreProvider.class, (p, m, a) -> switch (m.getName()) {
                case "getTruststore", "getHttpsTruststore" -> truststore;
                case "getRootCertificates", "getHttpsRootCertificates" -> trustedRoots;
                case "getIntermediateCertificates", "getHttpsIntermediateCertificates" -> Map.of();
                default -> unsupported(TruststoreProvider.class, m.getName());
            });
            // every jti is new: the cluster store accepts it (the benchmark measures the check, not a replay)
            SingleUseObjectProvider singleUse = proxy(SingleUseObjectProvider.class, (p, m, a) -> switch (m.getName()) {
                case "putIfAbsent" -> true;
                case "contains" -> false;
                case "get" -> null;
                default -> unsupported(SingleUseObjectProvider.class, m.getName());
            });
            // no event listener configured: EventBuilder finds none
            KeycloakSessionFactory factory = proxy(KeycloakSessionFactory.class, (p, m, a) -> switch (m.getName()) {
                case "getProviderFactoriesStream" -> Stream.empty();
                default -> unsupported(KeycloakSessionFactory.class, m.getName());
            });
            self[0] = proxy(KeycloakSession.class, (p, m, a) -> switch (m.getName()) {
                case "getContext" -> context;
                case "getKeycloakSessionFactory" -> factory;
                case "getAttribute" -> attributes.get((String) a[0]);
                case "setAttribute" -> attributes.put((String) a[0], a[1]);
                case "removeAttribute" -> attributes.remove((String) a[0]);
                case "singleUseObjects" -> singleUse;
                case "getProvider" -> {
                    Class<?> type = (Class<?>) a[0];
                    if (type == PublicKeyStorageProvider.class) yield keys;
                    if (type == X509ClientCertificateLookup.class) yield lookup;
                    if (type == TruststoreProvider.class) yield trust;
                    if (type == EventStoreProvider.class) yield null;
                    if (type == HostnameProvider.class) yield hostname;
                    yield unsupported(KeycloakSession.class, "getProvider(" + type.getSimpleName() + ")");
                }
                default -> unsupported(KeycloakSession.class, m.getName());
            });
            return self[0];
        }

        /**
         * The client authentication flow context of one token request: what the client authenticators read, and the
         * outcome they report ({@link FlowOutcome}).
         */
        ClientAuthenticationFlowContext flow(KeycloakSession session, FlowOutcome outcome) {
            EventBuilder event = new EventBuilder(realm, session);
            return proxy(ClientAuthenticationFlowContext.class, (p, m, a) -> switch (m.getName()) {
                case "getSession" -> session;
                case "getRealm" -> realm;
                case "getHttpRequest" -> session.getContext().getHttpRequest();
                case "getEvent" -> event;
                case "getUriInfo" -> session.getContext().getUri();
                case "setClient", "getExecution", "getAuthenticatorConfig" -> null;
                case "getClient" -> client;
                case "success" -> outcome.set("success");
                case "attempted" -> outcome.set("attempted");
                case "failure", "challenge" -> outcome.set(m.getName() + ": " + (a == null || a.length == 0 ? "" : a[0]));
                default -> unsupported(ClientAuthenticationFlowContext.class, m.getName());
            });
        }
    }

    /** What a client authenticator reported to its flow context. */
    static final class FlowOutcome {
        private final List<String> reports = new ArrayList<>();

        Object set(String report) {
            reports.add(report);
            return null;
        }

        String last() {
            return reports.isEmpty() ? null : reports.get(reports.size() - 1);
        }

        void clear() {
            reports.clear();
        }
    }

    static <T> T proxy(Class<T> type, InvocationHandler answers) {
        return type.cast(Proxy.newProxyInstance(StandIns.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) ->
                switch (m.getName()) {
                    case "equals" -> p == a[0];
                    case "hashCode" -> System.identityHashCode(p);
                    case "toString" -> type.getSimpleName() + " stand-in";
                    default -> answers.invoke(p, m, a);
                }));
    }

    static Object unsupported(Class<?> type, String method) {
        throw new UnsupportedOperationException(type.getSimpleName() + "." + method + " is not part of the benchmark's stand-in");
    }
}
