package dev.fapikit.mtls.registration;

import java.util.Map;
import java.util.function.Consumer;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.ProviderFactorySupport;
import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;

/** {@value #PROVIDER_ID}: the RFC 8705 §2.1.2 {@code tls_client_auth_san_*} metadata in dynamic client registration. */
public final class SanRegistrationMetadataFactory extends ProviderFactorySupport<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-san-registration";

    @Override
    public RegistrationMetadata create(KeycloakSession session) {
        return new RegistrationMetadata() {
            @Override
            public Consumer<ClientModel> take(Map<String, Object> request) {
                return SanRegistration.take(request)::applyTo;
            }

            @Override
            public Map<String, Object> describe(ClientModel client) {
                return SanRegistration.of(client);
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
