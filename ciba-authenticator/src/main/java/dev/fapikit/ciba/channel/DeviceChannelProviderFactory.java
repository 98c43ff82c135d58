package dev.fapikit.ciba.channel;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.fapikit.ciba.delivery.NotificationDelivery;
import dev.fapikit.ciba.delivery.PushExpiry;
import dev.fapikit.ciba.notify.OutboundUrlGuard;
import dev.fapikit.policies.outbound.OutboundProvider;
import dev.fapikit.policies.outbound.OutboundProviderFactory;
import dev.fapikit.policies.outbound.PinnedPoster;
import dev.fapikit.policies.metadata.BundleInfo;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.truststore.TruststoreProvider;

/**
 * The FAPI Kit authentication device as a CIBA authentication channel: each backchannel authentication request becomes
 * a pending approval the user decides on the approval page or in an authenticator app, and the user is notified by
 * e-mail and/or webhook. With {@link #order()} above zero it is the default channel once installed; select another
 * with {@code --spi-ciba-auth-channel--provider=<id>}.
 */
public final class DeviceChannelProviderFactory implements AuthenticationChannelProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-device";

    private static final Logger LOG = Logger.getLogger(DeviceChannelProviderFactory.class);

    /** Server option: how many undecided requests one user may have at a time; more are refused. */
    public static final String MAX_PENDING_PER_USER = "max-pending-per-user";
    static final int DEFAULT_MAX_PENDING_PER_USER = 10; // bounds notification spam to one user (CIBA Core §15.1 abuse)

    /** Server option: how many undecided requests one client may have for one user; more from that client are refused. */
    public static final String MAX_PENDING_PER_CLIENT_USER = "max-pending-per-client-user";
    // half the per-user cap: one client alone cannot take every slot of a user and block the user for other clients
    static final int DEFAULT_MAX_PENDING_PER_CLIENT_USER = 5;

    /** Server option: comma-separated host names or IP literals the webhook may reach although they are internal. */
    public static final String WEBHOOK_ALLOWED_HOSTS = "webhook-allowed-hosts";

    /** Server option: connect timeout of webhook calls in milliseconds. */
    public static final String WEBHOOK_CONNECT_TIMEOUT_MS = "webhook-connect-timeout-ms";
    static final int DEFAULT_WEBHOOK_CONNECT_TIMEOUT_MS = 2000;

    /** Server option: overall timeout of one webhook call in milliseconds. */
    public static final String WEBHOOK_TIMEOUT_MS = "webhook-timeout-ms";
    static final int DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

    /** Server option: attempts per CIBA ping/push notification; only network errors and 5xx answers are retried. */
    public static final String NOTIFICATION_MAX_ATTEMPTS = "notification-max-attempts";
    static final int DEFAULT_NOTIFICATION_MAX_ATTEMPTS = 3; // a restarted receiver gets a second chance; a dead one costs < 2 s

    /** Server option: delay before the first retry in milliseconds; each further retry waits twice as long. */
    public static final String NOTIFICATION_BACKOFF_MS = "notification-backoff-ms";
    static final int DEFAULT_NOTIFICATION_BACKOFF_MS = 250;

    /**
     * Server option: key store file with the client certificate (and its private key) Keycloak presents when an
     * endpoint it notifies asks for one (mutual TLS to CIBA ping/push notification endpoints and the webhook). Unset:
     * no client certificate.
     */
    public static final String NOTIFICATION_KEY_STORE_FILE = "notification-key-store-file";

    /** Server option: password of the notification key store, also protecting its private key. */
    public static final String NOTIFICATION_KEY_STORE_PASSWORD = "notification-key-store-password";

    /** Server option: type of the notification key store. */
    public static final String NOTIFICATION_KEY_STORE_TYPE = "notification-key-store-type";
    static final String DEFAULT_NOTIFICATION_KEY_STORE_TYPE = "PKCS12"; // as Keycloak's own https-key-store-type

    /** Threads that send CIBA ping/push notifications, so no approver's request waits on a client's endpoint. */
    private static final int DELIVERY_THREADS = 2;

    /** Threads that wait on receivers (CIBA ping/push sends); at most this many slow receivers are waited on at once. */
    private static final int DELIVERY_SENDERS = 16;

    /** Realm attribute: notification channels, comma separated, of {@code email}, {@code webhook}, {@code app}. */
    public static final String REALM_ATTR_CHANNELS = "fapi-kit-ciba-channels";

    /** Realm attribute: https URL that receives the webhook JWS. */
    public static final String REALM_ATTR_WEBHOOK_URL = "fapi-kit-ciba-webhook-url";

    private int maxPendingPerUser = DEFAULT_MAX_PENDING_PER_USER;
    private int maxPendingPerClientUser = DEFAULT_MAX_PENDING_PER_CLIENT_USER;
    private Set<String> allowedHosts = Set.of();
    private Duration connectTimeout = Duration.ofMillis(DEFAULT_WEBHOOK_CONNECT_TIMEOUT_MS);
    private Duration timeout = Duration.ofMillis(DEFAULT_WEBHOOK_TIMEOUT_MS);
    private int notificationMaxAttempts = DEFAULT_NOTIFICATION_MAX_ATTEMPTS;
    private int notificationBackoffMs = DEFAULT_NOTIFICATION_BACKOFF_MS;
    private NotificationKeyStore clientKeyStore;
    private String clientKeyStoreType = DEFAULT_NOTIFICATION_KEY_STORE_TYPE;
    private volatile PinnedPoster webhookPoster;
    private volatile PinnedPoster clientEndpointPoster;
    private volatile NotificationDelivery delivery;
    private ScheduledExecutorService deliveryExecutor;
    private ThreadPoolExecutor deliverySenders;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public AuthenticationChannelProvider create(KeycloakSession session) {
        return new DeviceChannelProvider(session, maxPendingPerUser, maxPendingPerClientUser, webhookPoster(session), urlGuard());
    }

    @Override
    public void init(Config.Scope config) {
        maxPendingPerUser = config.getInt(MAX_PENDING_PER_USER, DEFAULT_MAX_PENDING_PER_USER);
        if (maxPendingPerUser < 1) {
            throw new IllegalArgumentException("--spi-ciba-auth-channel--" + PROVIDER_ID + "--" + MAX_PENDING_PER_USER + " must be at least 1");
        }
        maxPendingPerClientUser = config.getInt(MAX_PENDING_PER_CLIENT_USER, DEFAULT_MAX_PENDING_PER_CLIENT_USER);
        if (maxPendingPerClientUser < 1) {
            throw new IllegalArgumentException(option(MAX_PENDING_PER_CLIENT_USER) + " must be at least 1");
        }
        String[] hosts = config.getArray(WEBHOOK_ALLOWED_HOSTS);
        allowedHosts = hosts == null ? Set.of() : Arrays.stream(hosts).map(String::trim).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        connectTimeout = Duration.ofMillis(config.getInt(WEBHOOK_CONNECT_TIMEOUT_MS, DEFAULT_WEBHOOK_CONNECT_TIMEOUT_MS));
        timeout = Duration.ofMillis(config.getInt(WEBHOOK_TIMEOUT_MS, DEFAULT_WEBHOOK_TIMEOUT_MS));
        notificationMaxAttempts = config.getInt(NOTIFICATION_MAX_ATTEMPTS, DEFAULT_NOTIFICATION_MAX_ATTEMPTS);
        notificationBackoffMs = config.getInt(NOTIFICATION_BACKOFF_MS, DEFAULT_NOTIFICATION_BACKOFF_MS);
        if (notificationMaxAttempts < 1 || notificationBackoffMs < 0) {
            throw new IllegalArgumentException("--spi-ciba-auth-channel--" + PROVIDER_ID + "--" + NOTIFICATION_MAX_ATTEMPTS
                    + " must be at least 1 and --" + NOTIFICATION_BACKOFF_MS + " not negative");
        }
        clientKeyStore = clientKeyStore(config);
        clientKeyStoreType = config.get(NOTIFICATION_KEY_STORE_TYPE, DEFAULT_NOTIFICATION_KEY_STORE_TYPE);
    }

    // The client notification endpoint (CIBA Core §10.2, §10.3) or the webhook may require Keycloak to authenticate
    // with a TLS client certificate (RFC 8446 §4.3.2 CertificateRequest). A setting that cannot be used stops start-up.
    private static NotificationKeyStore clientKeyStore(Config.Scope config) {
        String file = config.get(NOTIFICATION_KEY_STORE_FILE);
        String password = config.get(NOTIFICATION_KEY_STORE_PASSWORD);
        if (file == null || file.isBlank()) {
            if (password != null) {
                throw new IllegalArgumentException(option(NOTIFICATION_KEY_STORE_PASSWORD) + " is set but "
                        + option(NOTIFICATION_KEY_STORE_FILE) + " is not: set the key store file too, or remove the password");
            }
            return null;
        }
        NotificationKeyStore keys = NotificationKeyStore.load(Path.of(file.trim()), password == null ? new char[0] : password.toCharArray(),
                config.get(NOTIFICATION_KEY_STORE_TYPE, DEFAULT_NOTIFICATION_KEY_STORE_TYPE),
                option(NOTIFICATION_KEY_STORE_FILE), option(NOTIFICATION_KEY_STORE_PASSWORD), option(NOTIFICATION_KEY_STORE_TYPE));
        if (keys.expired()) {
            LOG.warnf("%s: the client certificate %s expired on %s; endpoints that require it will refuse the notifications",
                    option(NOTIFICATION_KEY_STORE_FILE), keys.certificate().getSubjectX500Principal().getName(), keys.certificate().getNotAfter());
        }
        return keys;
    }

    private static String option(String key) {
        return "--spi-ciba-auth-channel--" + PROVIDER_ID + "--" + key;
    }

    /** The server's CIBA ping/push delivery (one HTTP client and thread pool per server, no request state). */
    public NotificationDelivery delivery(KeycloakSession session) {
        NotificationDelivery d = delivery;
        if (d == null) {
            synchronized (this) {
                if (delivery == null) {
                    delivery = new NotificationDelivery(sessionFactory, clientEndpointPoster(session), clientEndpointGuard(), timeout,
                            notificationMaxAttempts, notificationBackoffMs, deliveryExecutor, deliverySenders);
                }
                d = delivery;
            }
        }
        return d;
    }

    /** The delivery of the installed factory (it exists whichever channel is selected). */
    public static NotificationDelivery deliveryOf(KeycloakSession session) {
        var f = session.getKeycloakSessionFactory().getProviderFactory(AuthenticationChannelProvider.class, PROVIDER_ID);
        return ((DeviceChannelProviderFactory) f).delivery(session);
    }

    /** Slots per user in the pending-approval index; readers must use the same number as writers. */
    public int maxPendingPerUser() {
        return maxPendingPerUser;
    }

    /** The guard for client notification endpoints (see {@link #clientEndpointGuard()}), for client registration. */
    public static OutboundUrlGuard clientEndpointGuardOf(KeycloakSession session) {
        var f = session.getKeycloakSessionFactory().getProviderFactory(AuthenticationChannelProvider.class, PROVIDER_ID);
        return f instanceof DeviceChannelProviderFactory device ? device.clientEndpointGuard() : new OutboundUrlGuard(sharedAllowedHosts(session));
    }

    /**
     * The guard for the URLs clients register (ping and push notification endpoints): the server-wide
     * {@code fapi-kit-outbound} allow-list only. {@code webhook-allowed-hosts} opens hosts for the realm's webhook,
     * which an admin sets; a client naming one of those hosts as its notification endpoint would have the server
     * send requests there (issue 16 review F1).
     */
    public OutboundUrlGuard clientEndpointGuard() {
        return new OutboundUrlGuard(sessionFactory == null ? java.util.Set.of() : sharedAllowedHosts(sessionFactory));
    }

    private static java.util.Set<String> sharedAllowedHosts(KeycloakSession session) {
        return sharedAllowedHosts(session.getKeycloakSessionFactory());
    }

    private static java.util.Set<String> sharedAllowedHosts(org.keycloak.models.KeycloakSessionFactory factory) {
        return factory.getProviderFactory(OutboundProvider.class) instanceof OutboundProviderFactory shared
                ? shared.allowedHosts() : java.util.Set.of();
    }

    /**
     * The guard for the realm's notification webhook (an admin's URL): the server-wide {@code fapi-kit-outbound}
     * allow-list plus {@code webhook-allowed-hosts}.
     */
    public OutboundUrlGuard urlGuard() {
        java.util.Set<String> hosts = new java.util.HashSet<>(allowedHosts);
        if (sessionFactory != null && sessionFactory.getProviderFactory(OutboundProvider.class) instanceof OutboundProviderFactory shared) {
            hosts.addAll(shared.allowedHosts());
        }
        return new OutboundUrlGuard(hosts);
    }

    /**
     * The webhook's HTTP client (a connection pool, not request state): connects only to addresses {@link #urlGuard()}
     * checked when the connection was opened; no redirects, bounded connect and read time.
     */
    public PinnedPoster webhookPoster(KeycloakSession session) {
        PinnedPoster c = webhookPoster;
        if (c == null) {
            synchronized (this) {
                if (webhookPoster == null) {
                    webhookPoster = new PinnedPoster(urlGuard(), sslContext(session), (int) connectTimeout.toMillis(), (int) timeout.toMillis());
                }
                c = webhookPoster;
            }
        }
        return c;
    }

    /** As {@link #webhookPoster}, for client notification endpoints, under {@link #clientEndpointGuard()}. */
    PinnedPoster clientEndpointPoster(KeycloakSession session) {
        PinnedPoster c = clientEndpointPoster;
        if (c == null) {
            synchronized (this) {
                if (clientEndpointPoster == null) {
                    clientEndpointPoster = new PinnedPoster(clientEndpointGuard(), sslContext(session), (int) connectTimeout.toMillis(),
                            (int) timeout.toMillis());
                }
                c = clientEndpointPoster;
            }
        }
        return c;
    }

    // Trust what Keycloak's own outbound calls trust (the server truststore), else the JDK's defaults; present the
    // configured client certificate when the endpoint asks for one.
    private SSLContext sslContext(KeycloakSession session) {
        try {
            TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
            KeyStore keyStore = truststore == null ? null : truststore.getTruststore();
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(clientKeyStore == null ? null : clientKeyStore.keyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS for CIBA webhooks", e);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        AtomicInteger n = new AtomicInteger();
        deliveryExecutor = Executors.newScheduledThreadPool(DELIVERY_THREADS, r -> {
            Thread t = new Thread(r, "fapi-kit-ciba-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // blocking sends run here, so a slow receiver holds a sender, never the scheduler; bounded by the connection pool
        AtomicInteger m = new AtomicInteger();
        deliverySenders = new ThreadPoolExecutor(DELIVERY_SENDERS, DELIVERY_SENDERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "fapi-kit-ciba-sender-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        deliverySenders.allowCoreThreadTimeOut(true);
        // every node holds the expiry timer of every push request (CIBA Core §12), whichever node accepted it
        PushExpiry.listen(factory);
    }

    @Override
    public void close() {
        if (deliveryExecutor != null) deliveryExecutor.shutdownNow();
        if (deliverySenders != null) deliverySenders.shutdownNow();
        for (PinnedPoster poster : new PinnedPoster[] {webhookPoster, clientEndpointPoster}) {
            if (poster == null) continue;
            try {
                poster.close();
            } catch (java.io.IOException e) {
                LOG.debugf("closing a CIBA notification client: %s", e);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Above zero, so Keycloak picks this channel over {@code ciba-http-auth-channel} when no provider is set. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_PENDING_PER_USER).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_MAX_PENDING_PER_USER)
                .helpText("How many undecided CIBA requests one user may have at a time. Further requests are refused with access_denied until one is decided or expires.").add()
                .property().name(MAX_PENDING_PER_CLIENT_USER).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_MAX_PENDING_PER_CLIENT_USER)
                .helpText("How many undecided CIBA requests one client may have for one user at a time, besides the per-user maximum. Further requests of that client are refused with access_denied, so one client cannot use up all of a user's pending requests and block the user for other clients. Keep it below max-pending-per-user.").add()
                .property().name(WEBHOOK_ALLOWED_HOSTS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Host names or IP addresses the realm's notification webhook may use although they are loopback, private or link-local (for example a gateway inside your network). Listed hosts may also use plain http. Added to the server-wide --spi-fapi-kit-outbound--default--allowed-hosts for the webhook only: the notification endpoints clients register (ping, push) may use only the server-wide list. Empty by default: only public https targets.").add()
                .property().name(WEBHOOK_CONNECT_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_WEBHOOK_CONNECT_TIMEOUT_MS)
                .helpText("Milliseconds to wait for the webhook's TCP/TLS connection.").add()
                .property().name(WEBHOOK_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_WEBHOOK_TIMEOUT_MS)
                .helpText("Milliseconds one webhook call, CIBA ping or push delivery may take in total before it counts as failed. A CIBA notification whose receiver took the request but did not answer in time is not sent again.").add()
                .property().name(NOTIFICATION_MAX_ATTEMPTS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_NOTIFICATION_MAX_ATTEMPTS)
                .helpText("How many times a CIBA ping or push notification is sent at most. Only network errors and 5xx answers are retried; any other answer is final.").add()
                .property().name(NOTIFICATION_BACKOFF_MS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_NOTIFICATION_BACKOFF_MS)
                .helpText("Milliseconds before the first retry of a CIBA ping or push notification; each further retry waits twice as long.").add()
                .property().name(NOTIFICATION_KEY_STORE_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of a key store holding the client certificate and private key Keycloak presents when a CIBA ping or push notification endpoint, or the notification webhook, requires mutual TLS. Unset: Keycloak presents no certificate. The receiver's server certificate is checked against Keycloak's truststore (truststore-paths). A file that cannot be read stops start-up.").add()
                .property().name(NOTIFICATION_KEY_STORE_PASSWORD).type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Password of the notification key store; it must also protect the private key (as in PKCS#12 files).").add()
                .property().name(NOTIFICATION_KEY_STORE_TYPE).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_NOTIFICATION_KEY_STORE_TYPE)
                .helpText("Type of the notification key store: PKCS12 or JKS.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.HashMap<>(BundleInfo.of(getClass()));
        info.put(MAX_PENDING_PER_USER, Integer.toString(maxPendingPerUser));
        info.put(MAX_PENDING_PER_CLIENT_USER, Integer.toString(maxPendingPerClientUser));
        info.put(WEBHOOK_ALLOWED_HOSTS, String.join(",", allowedHosts));
        info.put(NOTIFICATION_MAX_ATTEMPTS, Integer.toString(notificationMaxAttempts));
        info.put(NOTIFICATION_BACKOFF_MS, Integer.toString(notificationBackoffMs));
        info.put(WEBHOOK_CONNECT_TIMEOUT_MS, Long.toString(connectTimeout.toMillis()));
        info.put(WEBHOOK_TIMEOUT_MS, Long.toString(timeout.toMillis()));
        info.put(NOTIFICATION_KEY_STORE_TYPE, clientKeyStore == null ? "" : clientKeyStoreType);
        info.put(NOTIFICATION_KEY_STORE_PASSWORD, clientKeyStore == null ? "" : "(set, not shown)");
        info.put(NOTIFICATION_KEY_STORE_FILE, clientKeyStore == null ? "" : clientKeyStore.file() + " ("
                + clientKeyStore.certificate().getSubjectX500Principal().getName() + ", until " + clientKeyStore.certificate().getNotAfter().toInstant() + ")");
        return info;
    }
}
