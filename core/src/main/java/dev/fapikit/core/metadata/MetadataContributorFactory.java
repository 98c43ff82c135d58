package dev.fapikit.core.metadata;

import dev.fapikit.core.spi.PassiveProviderFactory;

/** Factory of a {@link MetadataContributor}; contributors run in ascending {@link #order()}. */
public interface MetadataContributorFactory extends PassiveProviderFactory<MetadataContributor> {
}
