package dev.fapikit.jarm.executor;

import java.util.Optional;
import java.util.function.Supplier;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.fapikit.core.policy.ConfiguredExecutor;

/**
 * A JARM executor whose one setting is {@value #AUTO_CONFIGURE}: whether it fills in the client metadata its rule needs
 * or refuses clients without it.
 *
 * @param <C> the executor's configuration
 */
abstract class AutoConfiguringExecutor<C extends AutoConfiguringExecutor.Settings> extends ConfiguredExecutor<C> {

    static final String AUTO_CONFIGURE = "auto-configure";

    protected final KeycloakSession session;
    private final boolean defaultAutoConfigure;

    AutoConfiguringExecutor(String providerId, Class<C> configurationClass, Supplier<C> defaults,
            boolean defaultAutoConfigure, KeycloakSession session) {
        super(providerId, configurationClass, defaults);
        this.defaultAutoConfigure = defaultAutoConfigure;
        this.session = session;
    }

    boolean autoConfigure() {
        return Optional.ofNullable(configuration.isAutoConfigure()).orElse(defaultAutoConfigure);
    }

    /** Settings of a JARM executor: {@value AutoConfiguringExecutor#AUTO_CONFIGURE}. */
    public static class Settings extends ClientPolicyExecutorConfigurationRepresentation {
        @JsonProperty(AUTO_CONFIGURE)
        protected Boolean autoConfigure;

        protected Settings(boolean defaultAutoConfigure) {
            this.autoConfigure = defaultAutoConfigure;
        }

        public Boolean isAutoConfigure() {
            return autoConfigure;
        }

        public void setAutoConfigure(Boolean autoConfigure) {
            this.autoConfigure = autoConfigure;
        }
    }
}
