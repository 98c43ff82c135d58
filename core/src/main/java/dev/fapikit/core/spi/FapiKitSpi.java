package dev.fapikit.core.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * An SPI of FAPI Kit's own, open to other providers (not internal). Keycloak loads SPIs with {@link java.util.ServiceLoader},
 * so each concrete SPI keeps a public no-argument constructor.
 */
public abstract class FapiKitSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> providerFactoryClass;

    /**
     * @param name                 the SPI's name, the {@code <spi>} of its {@code --spi-<spi>--<provider>--<option>} options
     * @param providerClass        the providers' interface
     * @param providerFactoryClass the provider factories' interface
     */
    @SuppressWarnings("rawtypes")
    protected FapiKitSpi(String name, Class<? extends Provider> providerClass,
            Class<? extends ProviderFactory> providerFactoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.providerFactoryClass = providerFactoryClass;
    }

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return providerFactoryClass;
    }

    /**
     * The session's provider of an SPI that its module always installs.
     *
     * @throws IllegalStateException when the SPI has no provider
     */
    public static <T extends Provider> T provider(KeycloakSession session, Class<T> providerClass, String spiName) {
        T provider = session.getProvider(providerClass);
        if (provider == null) {
            throw new IllegalStateException("The " + spiName + " SPI has no provider");
        }
        return provider;
    }
}
