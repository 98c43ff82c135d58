package dev.fapikit.jarm.introspection;

import org.keycloak.models.KeycloakSession;

import dev.fapikit.core.metadata.ProviderFactorySupport;
import dev.fapikit.jarm.JoseAlgorithms;
import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;

/** {@value #PROVIDER_ID}: RFC 9701 §6 introspection response metadata in dynamic client registration. */
public final class IntrospectionRegistrationMetadataFactory extends ProviderFactorySupport<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-introspection-registration";

    @Override
    public RegistrationMetadata create(KeycloakSession session) {
        return new IntrospectionRegistrationMetadata(JoseAlgorithms.signing(session), JoseAlgorithms.keyManagement(session),
                JoseAlgorithms.contentEncryption(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
