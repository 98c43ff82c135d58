package dev.fapikit.ciba.endpoint;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Path;

import dev.fapikit.ciba.usercode.UserCodeRegistrationMetadataFactory;
import dev.fapikit.ciba.options.ServerOption;
import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.ProviderFactorySupport;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.ext.OIDCExtProvider;
import org.keycloak.protocol.oidc.ext.OIDCExtProviderFactory;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.BackchannelAuthenticationCallbackEndpoint;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Same-id override of Keycloak's {@code openid-connect-ext} provider {@code ciba}
 * ({@code /realms/{realm}/protocol/openid-connect/ext/ciba/...}): the backchannel authentication endpoint with all
 * three hint types per client, {@code unknown_user_id}, Unicode binding messages, an honoured
 * {@code requested_expiry} and the push mode. The AD callback stays Keycloak's own. Wins over the built-in by the non-{@code org.keycloak}
 * package at equal order.
 */
public final class CibaEndpointFactory extends ProviderFactorySupport<OIDCExtProvider>
        implements OIDCExtProviderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "ciba";

    /** Server option: maximum binding_message length in characters. */
    public static final String BINDING_MESSAGE_MAX_LENGTH = "binding-message-max-length";
    static final int DEFAULT_BINDING_MESSAGE_MAX_LENGTH = 50; // Keycloak's historic limit; CIBA Core §7.1 asks for "relatively small"

    /** Server option: the longest requested_expiry honoured, in seconds; longer requests are shortened to it. */
    public static final String MAX_REQUESTED_EXPIRY = "max-requested-expiry";
    static final int DEFAULT_MAX_REQUESTED_EXPIRY = 600; // bounds how long a pending request occupies the store and the user

    /** Server option: user attribute matched by a login_hint_token with an RFC 9493 phone_number subject. */
    public static final String PHONE_NUMBER_ATTRIBUTE = "phone-number-attribute";
    static final String DEFAULT_PHONE_NUMBER_ATTRIBUTE = "phoneNumber"; // Keycloak's user-profile phone attribute

    /** Client attribute: the hint types this client may send, comma separated (login_hint, login_hint_token, id_token_hint). */
    public static final String CLIENT_ATTR_HINT_TYPES = "fapi-kit-ciba-hint-types";

    /**
     * Client attribute {@code "true"}: CIBA Core §4 {@code backchannel_user_code_parameter}, the client sends the user's
     * user_code with every request.
     */
    public static final String CLIENT_ATTR_USER_CODE = UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE;

    private int bindingMessageMaxLength = DEFAULT_BINDING_MESSAGE_MAX_LENGTH;
    private int maxRequestedExpiry = DEFAULT_MAX_REQUESTED_EXPIRY;
    private String phoneNumberAttribute = DEFAULT_PHONE_NUMBER_ATTRIBUTE;

    @Override
    public OIDCExtProvider create(KeycloakSession session) {
        return new Root(session, new BackchannelSettings(bindingMessageMaxLength, maxRequestedExpiry, phoneNumberAttribute));
    }

    @Override
    public void init(Config.Scope config) {
        bindingMessageMaxLength = config.getInt(BINDING_MESSAGE_MAX_LENGTH, DEFAULT_BINDING_MESSAGE_MAX_LENGTH);
        maxRequestedExpiry = config.getInt(MAX_REQUESTED_EXPIRY, DEFAULT_MAX_REQUESTED_EXPIRY);
        phoneNumberAttribute = config.get(PHONE_NUMBER_ATTRIBUTE, DEFAULT_PHONE_NUMBER_ATTRIBUTE);
        if (bindingMessageMaxLength < 1 || maxRequestedExpiry < 1) {
            throw new IllegalArgumentException("--spi-openid-connect-ext--ciba--" + BINDING_MESSAGE_MAX_LENGTH + " and --"
                    + MAX_REQUESTED_EXPIRY + " must be positive");
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.CIBA);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(
                ServerOption.integer(BINDING_MESSAGE_MAX_LENGTH, DEFAULT_BINDING_MESSAGE_MAX_LENGTH,
                        "Longest binding_message accepted, in characters. Longer messages get invalid_binding_message."),
                ServerOption.integer(MAX_REQUESTED_EXPIRY, DEFAULT_MAX_REQUESTED_EXPIRY,
                        "Longest lifetime in seconds a client may ask for with requested_expiry; a longer request is shortened to this, and expires_in says so."),
                ServerOption.string(PHONE_NUMBER_ATTRIBUTE, DEFAULT_PHONE_NUMBER_ATTRIBUTE,
                        "User attribute holding the phone number that a login_hint_token with a phone_number subject identifier (RFC 9493) is matched against."));
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.LinkedHashMap<>(BundleInfo.of(getClass()));
        info.put(BINDING_MESSAGE_MAX_LENGTH, Integer.toString(bindingMessageMaxLength));
        info.put(MAX_REQUESTED_EXPIRY, Integer.toString(maxRequestedExpiry));
        info.put(PHONE_NUMBER_ATTRIBUTE, phoneNumberAttribute);
        return info;
    }

    /** Per-request JAX-RS root, mirroring Keycloak's {@code CibaRootEndpoint} paths. */
    public static final class Root implements OIDCExtProvider {

        private final KeycloakSession session;
        private final BackchannelSettings settings;
        private EventBuilder event;

        Root(KeycloakSession session, BackchannelSettings settings) {
            this.session = session;
            this.settings = settings;
        }

        /** CIBA Core 1.0 §7: the backchannel authentication endpoint. */
        @Path("/auth")
        public BackchannelAuthenticationResource authorize() {
            return new BackchannelAuthenticationResource(session, event, settings);
        }

        /** Keycloak's authentication-device callback, unchanged (for the HTTP channel). */
        @Path("/auth/callback")
        public BackchannelAuthenticationCallbackEndpoint authenticate() {
            return new BackchannelAuthenticationCallbackEndpoint(session, event);
        }

        @Override
        public void setEvent(EventBuilder event) {
            this.event = event;
        }

        @Override
        public void close() {
        }
    }
}
