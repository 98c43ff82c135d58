package dev.fapikit.core.rar;

import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.AuthorizationDetailsParser;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak 26.5+ only. Keycloak turns each entry into its processor's response class through the parser registered for
 * the entry's type ({@code AuthorizationDetailsParser}, a registry Keycloak keeps per type) before it sanitises the token
 * response; {@value PaymentInitiation#TYPE} entries stay Keycloak's generic representation.
 */
final class ParserRegistration {

    private ParserRegistration() {
    }

    static void register() {
        AuthorizationDetailsParser.registerParser(PaymentInitiation.TYPE, new AuthorizationDetailsParser() {
            @Override
            public <T extends AuthorizationDetailsJSONRepresentation> T asSubtype(AuthorizationDetailsJSONRepresentation detail,
                    Class<T> type) {
                return type.isInstance(detail) ? type.cast(detail) : JsonSerialization.mapper.convertValue(detail, type);
            }
        });
    }

    static AuthorizationDetailsProcessor<?> processor() {
        return new PaymentInitiationProcessor();
    }
}
