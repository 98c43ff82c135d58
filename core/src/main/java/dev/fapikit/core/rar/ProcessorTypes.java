package dev.fapikit.core.rar;

import java.util.Set;
import java.util.TreeSet;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;

/** Keycloak 26.5+ only (names the typed processor SPI): reached through {@link RarSupport} after its check. */
final class ProcessorTypes {

    private ProcessorTypes() {
    }

    @SuppressWarnings("rawtypes")
    static Set<String> supported(KeycloakSession session) {
        Set<String> types = new TreeSet<>();
        for (AuthorizationDetailsProcessor processor : session.getAllProviders(AuthorizationDetailsProcessor.class)) {
            if (processor.isSupported() && processor.getSupportedType() != null) {
                types.add(processor.getSupportedType());
            }
        }
        return types;
    }
}
