package dev.fapikit.core.outbound;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.ProviderFactorySupport;
import dev.fapikit.core.spi.Lazy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server-wide outbound guard: {@code --spi-fapi-kit-outbound--default--allowed-hosts} lists hosts that may be
 * called although they resolve to a non-public address (and may use plain http); empty by default.
 */
public final class DefaultOutboundProviderFactory extends ProviderFactorySupport<OutboundProvider>
        implements OutboundProviderFactory {

    public static final String PROVIDER_ID = "default";

    /** Server option: hosts allowed although loopback, private or link-local (comma-separated). */
    public static final String ALLOWED_HOSTS = "allowed-hosts";

    /** Server option: connect and read timeout of fetches (jwks_uri) in milliseconds. */
    public static final String TIMEOUT_MS = "timeout-ms";
    static final int DEFAULT_TIMEOUT_MS = 5000;

    /** Server option: the largest answer a fetch reads, in bytes. */
    public static final String MAX_RESPONSE_BYTES = "max-response-bytes";
    static final int DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024;

    private static final List<ProviderConfigProperty> OPTIONS = ProviderConfigurationBuilder.create()
            .property().name(ALLOWED_HOSTS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Host names or IP addresses the server may call although they resolve to a loopback, private, "
                    + "link-local or otherwise non-public address (an internal gateway or key server); listed hosts may "
                    + "also use plain http. Applies to every URL a client or admin names: jwks_uri, request_uris, "
                    + "backchannel_logout_uri, sector_identifier_uri, CIBA notification endpoints and webhooks. Empty by "
                    + "default: only public https targets. Never list localhost in production.").add()
            .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS)
            .helpText("Connect and read timeout in milliseconds of a fetch the guard pins (a client's jwks_uri).").add()
            .property().name(MAX_RESPONSE_BYTES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_RESPONSE_BYTES)
            .helpText("Largest answer in bytes a pinned fetch reads; a larger one fails like an unreachable URL.").add()
            .build();

    private Set<String> allowedHosts = Set.of();
    private int timeoutMillis = DEFAULT_TIMEOUT_MS;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private final Lazy<OutboundHttp> http = new Lazy<>();
    private final Lazy<PinnedPoster> poster = new Lazy<>();
    private volatile SSLContext sslContext;

    @Override
    public void init(Config.Scope config) {
        String[] hosts = config.getArray(ALLOWED_HOSTS);
        allowedHosts = hosts == null ? Set.of()
                : Arrays.stream(hosts).map(OutboundGuard::normalize).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        timeoutMillis = config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        maxResponseBytes = config.getInt(MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES);
        if (timeoutMillis < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("--spi-" + OutboundSpi.NAME + "--" + PROVIDER_ID + "--" + TIMEOUT_MS + " and --"
                    + MAX_RESPONSE_BYTES + " must be positive");
        }
    }

    @Override
    public OutboundProvider create(KeycloakSession session) {
        OutboundGuard guard = new OutboundGuard(allowedHosts);
        OutboundHttp client = http(session);
        return new OutboundProvider() {
            @Override
            public OutboundGuard guard() {
                return guard;
            }

            @Override
            public OutboundHttp http() {
                return client;
            }

            @Override
            public PinnedPoster poster() {
                return DefaultOutboundProviderFactory.this.poster(session);
            }
        };
    }

    @Override
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    private OutboundHttp http(KeycloakSession session) {
        return http.get(() -> new OutboundHttp(sslContext(session), timeoutMillis, maxResponseBytes));
    }

    private PinnedPoster poster(KeycloakSession session) {
        return poster.get(() -> new PinnedPoster(new OutboundGuard(allowedHosts), sslContext(session), timeoutMillis, timeoutMillis));
    }

    // Trust what Keycloak's own outbound calls trust (the server truststore), else the JDK's defaults.
    private synchronized SSLContext sslContext(KeycloakSession session) {
        if (sslContext == null) {
            try {
                sslContext = ServerTrust.tlsContext(session, null);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot set up TLS for outbound fetches", e);
            }
        }
        return sslContext;
    }

    @Override
    public void close() {
        PinnedPoster p = poster.peek();
        if (p != null) {
            try {
                p.close();
            } catch (java.io.IOException e) {
                // closing on shutdown
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OPTIONS;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.of(getClass()));
        info.put(ALLOWED_HOSTS, String.join(",", allowedHosts.stream().sorted().toList()));
        info.put(TIMEOUT_MS, Integer.toString(timeoutMillis));
        info.put(MAX_RESPONSE_BYTES, Integer.toString(maxResponseBytes));
        return info;
    }
}
