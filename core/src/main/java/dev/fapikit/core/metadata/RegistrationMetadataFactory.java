package dev.fapikit.core.metadata;

import dev.fapikit.core.spi.PassiveProviderFactory;

/** Factory of a {@link RegistrationMetadata}. */
public interface RegistrationMetadataFactory extends PassiveProviderFactory<RegistrationMetadata> {
}
