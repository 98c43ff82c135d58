package dev.fapikit.jarm.introspection;

import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.metadata.RegistrationMetadataFactory;
import dev.fapikit.core.metadata.SimpleProviderFactory;
import dev.fapikit.jarm.JoseAlgorithms;

/** {@value #PROVIDER_ID}: RFC 9701 §6 introspection response metadata in dynamic client registration. */
public final class IntrospectionRegistrationMetadataFactory extends SimpleProviderFactory<RegistrationMetadata>
        implements RegistrationMetadataFactory {

    public static final String PROVIDER_ID = "fapi-kit-introspection-registration";

    public IntrospectionRegistrationMetadataFactory() {
        super(PROVIDER_ID, session -> new IntrospectionRegistrationMetadata(JoseAlgorithms.signing(session),
                JoseAlgorithms.keyManagement(session), JoseAlgorithms.contentEncryption(session)));
    }
}
