package dev.fapikit.core.outbound;

import java.util.Set;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@value OutboundSpi#NAME} SPI. */
public interface OutboundProviderFactory extends ProviderFactory<OutboundProvider> {

    /** The hosts allow-listed server-wide ({@code allowed-hosts}); other modules' options add to them. */
    Set<String> allowedHosts();
}
