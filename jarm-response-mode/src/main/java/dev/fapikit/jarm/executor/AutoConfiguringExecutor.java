package dev.fapikit.jarm.executor;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.fapikit.core.policy.ConfiguredExecutor;

/**
 * A JARM executor whose one setting is {@value #AUTO_CONFIGURE}: whether it fills in the client metadata its rule needs
 * or refuses clients without it.
 */
abstract class AutoConfiguringExecutor extends ConfiguredExecutor<AutoConfiguringExecutor.Configuration> {

    static final String AUTO_CONFIGURE = "auto-configure";

    private final boolean defaultAutoConfigure;

    AutoConfiguringExecutor(String providerId, boolean defaultAutoConfigure, KeycloakSession session) {
        super(providerId, Configuration.class, Configuration::new, session);
        this.defaultAutoConfigure = defaultAutoConfigure;
    }

    boolean autoConfigure() {
        return Optional.ofNullable(configuration.isAutoConfigure()).orElse(defaultAutoConfigure);
    }

    /**
     * Settings of a JARM executor in a client profile: {@value AutoConfiguringExecutor#AUTO_CONFIGURE}; unset, the
     * executor's default.
     */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {
        @JsonProperty(AUTO_CONFIGURE)
        private Boolean autoConfigure;

        public Boolean isAutoConfigure() {
            return autoConfigure;
        }

        public void setAutoConfigure(Boolean autoConfigure) {
            this.autoConfigure = autoConfigure;
        }
    }
}
