package dev.fapikit.ciba.delivery;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import dev.fapikit.ciba.options.ServerOption;
import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.outbound.OutboundProvider;
import dev.fapikit.core.outbound.OutboundProviderFactory;
import dev.fapikit.core.outbound.PinnedPoster;
import dev.fapikit.core.outbound.ServerTrust;
import dev.fapikit.core.spi.Lazy;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * CIBA's outbound HTTP, one per server: the two pinned HTTP clients (realm webhook; client notification endpoints),
 * the TLS context (Keycloak's truststore, the optional client certificate), the delivery threads and the cluster
 * listener of push expiry timers. Holds connection pools and threads, never request state.
 */
public final class DefaultCibaDeliveryProviderFactory implements CibaDeliveryProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultCibaDeliveryProviderFactory.class);

    /** Threads that time retries of CIBA ping/push notifications and push expiry; every attempt itself runs on a sender. */
    private static final int DELIVERY_THREADS = 2;

    /** Threads that wait on receivers; at most this many slow receivers are waited on at once. */
    private static final int DELIVERY_SENDERS = 16;

    private DeliverySettings settings;
    private KeycloakSessionFactory sessionFactory;
    private ScheduledExecutorService scheduler;
    private ThreadPoolExecutor senders;
    private final Lazy<PinnedPoster> webhookPoster = new Lazy<>();
    private final Lazy<PinnedPoster> clientEndpointPoster = new Lazy<>();
    private final Lazy<NotificationDelivery> delivery = new Lazy<>();

    @Override
    public CibaDelivery create(KeycloakSession session) {
        return new CibaDelivery() {
            @Override
            public NotificationDelivery clientNotifications() {
                return delivery(session);
            }

            @Override
            public WebhookOutbound webhook() {
                return new WebhookOutbound(webhookPoster(session), webhookGuard());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        init(config, Config.scope("ciba-auth-channel", "fapi-kit-device"));
    }

    /** As {@link #init(Config.Scope)}, with the scope of the deprecated option names given (tests). */
    void init(Config.Scope config, Config.Scope legacy) {
        settings = DeliverySettings.parse(config, legacy);
        if (!settings.deprecatedOptions().isEmpty()) {
            LOG.warnf("Deprecated FAPI Kit CIBA options, still honoured in this release: %s", String.join(", ", settings.deprecatedOptions()));
        }
        NotificationKeyStore keys = settings.keyStore();
        if (keys != null && keys.expired()) {
            LOG.warnf("%s: the client certificate %s expired on %s; endpoints that require it will refuse the notifications",
                    keys.file(), keys.certificate().getSubjectX500Principal().getName(), keys.certificate().getNotAfter());
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(DELIVERY_THREADS, r -> {
            Thread t = new Thread(r, "fapi-kit-ciba-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // blocking sends run here, so a slow receiver holds a sender, never the scheduler; bounded by the connection pool
        AtomicInteger m = new AtomicInteger();
        senders = new ThreadPoolExecutor(DELIVERY_SENDERS, DELIVERY_SENDERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "fapi-kit-ciba-sender-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        senders.allowCoreThreadTimeOut(true);
        // every node holds the expiry timer of every push request (CIBA Core §12), whichever node accepted it
        PushExpiry.listen(factory);
    }

    DeliverySettings settings() {
        return settings;
    }

    private NotificationDelivery delivery(KeycloakSession session) {
        return delivery.get(() -> new NotificationDelivery(sessionFactory, clientEndpointPoster(session), clientEndpointGuard(),
                settings.timeout(), settings.maxAttempts(), settings.backoffMillis(), scheduler, senders));
    }

    private Set<String> sharedAllowedHosts() {
        return sessionFactory != null && sessionFactory.getProviderFactory(OutboundProvider.class) instanceof OutboundProviderFactory shared
                ? shared.allowedHosts() : Set.of();
    }

    /** Client-registered URLs (ping, push): the server-wide allow-list only (issue 16 review F1). */
    OutboundUrlGuard clientEndpointGuard() {
        return new OutboundUrlGuard(sharedAllowedHosts());
    }

    /** The admin's webhook URL: the server-wide allow-list plus {@code webhook-allowed-hosts}. */
    OutboundUrlGuard webhookGuard() {
        Set<String> hosts = new HashSet<>(settings.webhookAllowedHosts());
        hosts.addAll(sharedAllowedHosts());
        return new OutboundUrlGuard(hosts);
    }

    private PinnedPoster webhookPoster(KeycloakSession session) {
        return webhookPoster.get(() -> poster(session, webhookGuard()));
    }

    private PinnedPoster clientEndpointPoster(KeycloakSession session) {
        return clientEndpointPoster.get(() -> poster(session, clientEndpointGuard()));
    }

    // no redirects, bounded connect and read time, connections only to addresses the guard checked when opened
    private PinnedPoster poster(KeycloakSession session, OutboundUrlGuard guard) {
        return new PinnedPoster(guard, sslContext(session), (int) settings.connectTimeout().toMillis(), (int) settings.timeout().toMillis());
    }

    // Trust what Keycloak's own outbound calls trust (the server truststore), else the JDK's defaults; present the
    // configured client certificate when the endpoint asks for one.
    private SSLContext sslContext(KeycloakSession session) {
        try {
            return ServerTrust.tlsContext(session, settings.keyStore() == null ? null : settings.keyStore().keyManagers());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS for CIBA notifications", e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) scheduler.shutdownNow();
        if (senders != null) senders.shutdownNow();
        for (PinnedPoster poster : new PinnedPoster[] {webhookPoster.peek(), clientEndpointPoster.peek()}) {
            if (poster == null) continue;
            try {
                poster.close();
            } catch (IOException e) {
                LOG.debugf("closing a CIBA notification client: %s", e);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(
                ServerOption.list(DeliverySettings.WEBHOOK_ALLOWED_HOSTS,
                        "Host names or IP addresses the realm's notification webhook may use although they are loopback, private or link-local (for example a gateway inside your network). Listed hosts may also use plain http. Added to the server-wide --spi-fapi-kit-outbound--default--allowed-hosts for the webhook only: the notification endpoints clients register (ping, push) may use only the server-wide list. Empty by default: only public https targets. Formerly --spi-ciba-auth-channel--fapi-kit-device--webhook-allowed-hosts."),
                ServerOption.integer(DeliverySettings.CONNECT_TIMEOUT_MS, DeliverySettings.DEFAULT_CONNECT_TIMEOUT_MS,
                        "Milliseconds to wait for the TCP/TLS connection of a CIBA outbound call: the realm's webhook and the ping and push notifications to clients. Formerly webhook-connect-timeout-ms of fapi-kit-device."),
                ServerOption.integer(DeliverySettings.TIMEOUT_MS, DeliverySettings.DEFAULT_TIMEOUT_MS,
                        "Milliseconds one webhook call, CIBA ping or push delivery may take in total before it counts as failed. A CIBA notification whose receiver took the request but did not answer in time is not sent again. Formerly webhook-timeout-ms of fapi-kit-device."),
                ServerOption.integer(DeliverySettings.MAX_ATTEMPTS, DeliverySettings.DEFAULT_MAX_ATTEMPTS,
                        "How many times a CIBA ping or push notification is sent at most. Only network errors and 5xx answers are retried; any other answer is final."),
                ServerOption.integer(DeliverySettings.BACKOFF_MS, DeliverySettings.DEFAULT_BACKOFF_MS,
                        "Milliseconds before the first retry of a CIBA ping or push notification; each further retry waits twice as long."),
                ServerOption.string(DeliverySettings.KEY_STORE_FILE, null,
                        "Path of a key store holding the client certificate and private key Keycloak presents when a CIBA ping or push notification endpoint, or the notification webhook, requires mutual TLS. Unset: Keycloak presents no certificate. The receiver's server certificate is checked against Keycloak's truststore (truststore-paths). A file that cannot be read stops start-up. Formerly notification-key-store-file of fapi-kit-device."),
                ServerOption.password(DeliverySettings.KEY_STORE_PASSWORD,
                        "Password of the outbound key store; it must also protect the private key (as in PKCS#12 files)."),
                ServerOption.string(DeliverySettings.KEY_STORE_TYPE, DeliverySettings.DEFAULT_KEY_STORE_TYPE,
                        "Type of the outbound key store: PKCS12 or JKS."));
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>(BundleInfo.of(getClass()));
        NotificationKeyStore keys = settings.keyStore();
        info.put(DeliverySettings.WEBHOOK_ALLOWED_HOSTS, String.join(",", settings.webhookAllowedHosts()));
        info.put(DeliverySettings.CONNECT_TIMEOUT_MS, Long.toString(settings.connectTimeout().toMillis()));
        info.put(DeliverySettings.TIMEOUT_MS, Long.toString(settings.timeout().toMillis()));
        info.put(DeliverySettings.MAX_ATTEMPTS, Integer.toString(settings.maxAttempts()));
        info.put(DeliverySettings.BACKOFF_MS, Integer.toString(settings.backoffMillis()));
        info.put(DeliverySettings.KEY_STORE_TYPE, keys == null ? "" : settings.keyStoreType());
        info.put(DeliverySettings.KEY_STORE_PASSWORD, keys == null ? "" : "(set, not shown)");
        info.put(DeliverySettings.KEY_STORE_FILE, keys == null ? "" : keys.file() + " ("
                + keys.certificate().getSubjectX500Principal().getName() + ", until " + keys.certificate().getNotAfter().toInstant() + ")");
        info.put("deprecated-options-in-use", String.join(", ", settings.deprecatedOptions()));
        return info;
    }
}
