package dev.fapikit.core.outbound;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.KeycloakVersionSupport;
import dev.fapikit.core.metadata.PreferredProviderFactory;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code publicKeyStorage} provider {@value #PROVIDER_ID}: Keycloak's key cache with client {@code jwks_uri} fetches
 * through the outbound guard. Its {@link #order()} makes it the default when no {@code --spi-public-key-storage--provider}
 * is set; it keeps the keys in the {@code infinispan} provider (option {@code delegate}).
 */
public final class GuardedPublicKeyStorageProviderFactory extends PreferredProviderFactory<PublicKeyStorageProvider>
        implements PublicKeyStorageProviderFactory<PublicKeyStorageProvider> {

    public static final String PROVIDER_ID = "fapi-kit-guarded";

    /** Server option: the provider that caches the keys. */
    public static final String DELEGATE = "delegate";
    static final String DEFAULT_DELEGATE = "infinispan";

    private String delegateId = DEFAULT_DELEGATE;

    /** Order {@value PreferredProviderFactory#ORDER}: above {@code infinispan} (0), so Keycloak uses this provider
     * when none is configured.
     */
    public GuardedPublicKeyStorageProviderFactory() {
        super(PROVIDER_ID);
    }

    @Override
    public PublicKeyStorageProvider create(KeycloakSession session) {
        return new GuardedPublicKeyStorageProvider(session, delegateId);
    }

    @Override
    public void init(Config.Scope config) {
        delegateId = config.get(DELEGATE, DEFAULT_DELEGATE);
        if (PROVIDER_ID.equals(delegateId)) {
            throw new IllegalArgumentException("--spi-public-key-storage--" + PROVIDER_ID + "--" + DELEGATE + " cannot be " + PROVIDER_ID);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Once per server (a plain SPI factory: Keycloak creates it once; client-policy executor factories are created
        // again for every configured component): what does not work on an older Keycloak (issue 18 §2).
        KeycloakVersionSupport.logAtStartup();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(DELEGATE).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_DELEGATE)
                .helpText("The public key storage provider that caches the keys; FAPI Kit only guards how a client's jwks_uri is fetched.")
                .add().build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.LinkedHashMap<>(BundleInfo.of(getClass()));
        info.put(DELEGATE, delegateId);
        return info;
    }
}
