package dev.fapikit.core.outbound;

import org.keycloak.Config;
import org.keycloak.connections.httpclient.DefaultHttpClientFactory;
import org.keycloak.connections.httpclient.HttpClientFactory;
import org.keycloak.connections.httpclient.HttpClientProvider;

import dev.fapikit.core.metadata.PreferredProviderFactory;
import dev.fapikit.core.metadata.WrappingProviderFactory;

/**
 * Keycloak's HTTP client ({@code connectionsHttpClient} SPI), unchanged, except that a {@code request_uri} a client
 * names at the authorization or CIBA endpoint (OpenID Connect Core §6.2, CIBA Core §7.1.1) is fetched through the
 * outbound guard at fetch time (issue 16 §2), see {@link GuardedHttpClientProvider}. Every other call (identity
 * brokering, admin imports, back-channel logout, ...) goes to Keycloak's own {@link DefaultHttpClientFactory},
 * configured by its own options ({@code --spi-connections-http-client--default--*}). With {@link #order()} above zero
 * it is the active provider once installed; {@code --spi-connections-http-client--provider=default} selects Keycloak's
 * alone (and switches the fetch-time check of {@code request_uri} off).
 */
public final class GuardedHttpClientFactory extends WrappingProviderFactory<HttpClientProvider>
        implements HttpClientFactory {

    public static final String PROVIDER_ID = "fapi-kit-guarded";

    /** Order {@value PreferredProviderFactory#ORDER}: above Keycloak's {@code default} (0). */
    public GuardedHttpClientFactory() {
        super(PROVIDER_ID, new DefaultHttpClientFactory(), GuardedHttpClientProvider::new);
    }

    @Override
    public void init(Config.Scope config) {
        // Keycloak's options stay where admins set them: the scope of its default provider
        keycloak.init(Config.scope("connectionsHttpClient", "default"));
    }
}
