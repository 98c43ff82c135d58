package dev.fapikit.ciba.channel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fapikit.ciba.notify.NotificationSettings;
import dev.fapikit.ciba.options.ServerOption;
import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.PreferredProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The FAPI Kit authentication device as a CIBA authentication channel: each backchannel authentication request becomes
 * a pending approval the user decides on the approval page or in an authenticator app, and the user is notified by
 * e-mail and/or webhook. With {@link #order()} above zero it is the default channel once installed; select another
 * with {@code --spi-ciba-auth-channel--provider=<id>}. Its outbound HTTP (webhook, ping, push) is the provider of the
 * {@code fapi-kit-ciba-delivery} SPI, with options of its own.
 */
public final class DeviceChannelProviderFactory extends PreferredProviderFactory<AuthenticationChannelProvider>
        implements AuthenticationChannelProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-device";

    /** Server option: how many undecided requests one user may have at a time; more are refused. */
    public static final String MAX_PENDING_PER_USER = "max-pending-per-user";
    static final int DEFAULT_MAX_PENDING_PER_USER = 10; // bounds notification spam to one user (CIBA Core §15.1 abuse)

    /** Server option: how many undecided requests one client may have for one user; more from that client are refused. */
    public static final String MAX_PENDING_PER_CLIENT_USER = "max-pending-per-client-user";
    // half the per-user cap: one client alone cannot take every slot of a user and block the user for other clients
    static final int DEFAULT_MAX_PENDING_PER_CLIENT_USER = 5;

    /** Realm attribute: notification channels, comma separated, of {@code email}, {@code webhook}, {@code app}. */
    public static final String REALM_ATTR_CHANNELS = NotificationSettings.REALM_ATTR_CHANNELS;

    /** Realm attribute: https URL that receives the webhook JWS. */
    public static final String REALM_ATTR_WEBHOOK_URL = NotificationSettings.REALM_ATTR_WEBHOOK_URL;

    private int maxPendingPerUser = DEFAULT_MAX_PENDING_PER_USER;
    private int maxPendingPerClientUser = DEFAULT_MAX_PENDING_PER_CLIENT_USER;

    /**
     * Order {@value PreferredProviderFactory#ORDER}: above zero, so Keycloak picks this channel over
     * {@code ciba-http-auth-channel} when no provider is set.
     */
    public DeviceChannelProviderFactory() {
        super(PROVIDER_ID);
    }

    @Override
    public AuthenticationChannelProvider create(KeycloakSession session) {
        return new DeviceChannelProvider(session, maxPendingPerUser, maxPendingPerClientUser);
    }

    @Override
    public void init(Config.Scope config) {
        maxPendingPerUser = config.getInt(MAX_PENDING_PER_USER, DEFAULT_MAX_PENDING_PER_USER);
        if (maxPendingPerUser < 1) {
            throw new IllegalArgumentException(option(MAX_PENDING_PER_USER) + " must be at least 1");
        }
        maxPendingPerClientUser = config.getInt(MAX_PENDING_PER_CLIENT_USER, DEFAULT_MAX_PENDING_PER_CLIENT_USER);
        if (maxPendingPerClientUser < 1) {
            throw new IllegalArgumentException(option(MAX_PENDING_PER_CLIENT_USER) + " must be at least 1");
        }
    }

    private static String option(String key) {
        return "--spi-ciba-auth-channel--" + PROVIDER_ID + "--" + key;
    }

    /** Slots per user in the pending-approval index; readers must use the same number as writers. */
    public int maxPendingPerUser() {
        return maxPendingPerUser;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(
                ServerOption.integer(MAX_PENDING_PER_USER, DEFAULT_MAX_PENDING_PER_USER,
                        "How many undecided CIBA requests one user may have at a time. Further requests are refused with access_denied until one is decided or expires."),
                ServerOption.integer(MAX_PENDING_PER_CLIENT_USER, DEFAULT_MAX_PENDING_PER_CLIENT_USER,
                        "How many undecided CIBA requests one client may have for one user at a time, besides the per-user maximum. Further requests of that client are refused with access_denied, so one client cannot use up all of a user's pending requests and block the user for other clients. Keep it below max-pending-per-user."));
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>(BundleInfo.of(getClass()));
        info.put(MAX_PENDING_PER_USER, Integer.toString(maxPendingPerUser));
        info.put(MAX_PENDING_PER_CLIENT_USER, Integer.toString(maxPendingPerClientUser));
        return info;
    }
}
