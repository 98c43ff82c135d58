package dev.fapikit.ciba.notify;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.keycloak.models.RealmModel;

/** Typed view of a realm's notification settings (realm attributes {@value #REALM_ATTR_CHANNELS}, {@value #REALM_ATTR_WEBHOOK_URL}). */
public record NotificationSettings(Set<Channel> channels, String webhookUrl) {

    /** Realm attribute: notification channels, comma separated, of {@code email}, {@code webhook}, {@code app}. */
    public static final String REALM_ATTR_CHANNELS = "fapi-kit-ciba-channels";

    /** Realm attribute: https URL that receives the webhook JWS. */
    public static final String REALM_ATTR_WEBHOOK_URL = "fapi-kit-ciba-webhook-url";

    public enum Channel {
        /** E-mail through the realm's SMTP settings, with a link to the approval page. */
        EMAIL,
        /** A JWS POSTed to the realm's webhook URL (push gateway, SMS). */
        WEBHOOK,
        /** The user's authenticator app fetches pending requests from the app API itself; nothing is sent. */
        APP
    }

    public static NotificationSettings of(RealmModel realm) {
        return parse(realm.getAttribute(REALM_ATTR_CHANNELS),
                realm.getAttribute(REALM_ATTR_WEBHOOK_URL));
    }

    /** Parses a comma- or space-separated channel list; unknown names are an admin error, reported loudly. */
    static NotificationSettings parse(String channelList, String webhookUrl) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (channelList != null) {
            for (String name : channelList.split("[,\\s]+")) {
                if (name.isBlank()) continue;
                try {
                    channels.add(Channel.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("Unknown CIBA notification channel '" + name + "' in realm attribute "
                            + REALM_ATTR_CHANNELS + "; use " + Arrays.toString(Channel.values()));
                }
            }
        }
        return new NotificationSettings(channels, webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.trim());
    }
}
