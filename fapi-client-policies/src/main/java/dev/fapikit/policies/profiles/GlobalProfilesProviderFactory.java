package dev.fapikit.policies.profiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.PreferredProviderFactory;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.securityprofile.SecurityProfileProvider;
import org.keycloak.securityprofile.SecurityProfileProviderFactory;
import org.keycloak.services.clientpolicy.ClientPoliciesUtil;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.securityprofile.DefaultSecurityProfileProviderFactory;

/**
 * Makes FAPI Kit's complete profiles ({@code fapi-kit-fapi-1-baseline}, {@code fapi-kit-fapi-1-advanced}, the FAPI 2.0
 * and CIBA ones) global client profiles of every realm as soon as the JARs are installed, next to Keycloak's built-in
 * ones (issue 18 §1). Keycloak reads the global profiles from the active {@code security-profile} provider; with
 * {@link #order()} above zero this one is active when no {@code --spi-security-profile--provider} is set. It takes the
 * profiles and policies of Keycloak's own {@code default} provider exactly as that provider reads them (so
 * {@code --spi-security-profile--default--name} still chooses Keycloak's base, and Keycloak's built-in profiles are
 * those of the running Keycloak version), and adds FAPI Kit's.
 *
 * <p>Opt out: {@code --spi-security-profile--provider=default} (Keycloak's provider alone) or
 * {@code --spi-security-profile--fapi-kit--enabled=false}.
 */
public final class GlobalProfilesProviderFactory extends PreferredProviderFactory<SecurityProfileProvider>
        implements SecurityProfileProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit";

    private GlobalProfilesConfig config;
    private DefaultSecurityProfileProviderFactory base;
    private volatile GlobalProfiles profiles;

    /** Order {@value PreferredProviderFactory#ORDER}: above Keycloak's {@code default} (0): the active security
     * profile once installed.
     */
    public GlobalProfilesProviderFactory() {
        super(PROVIDER_ID);
    }

    @Override
    public void init(Config.Scope scope) {
        config = GlobalProfilesConfig.read();
        base = new DefaultSecurityProfileProviderFactory();
        base.init(Config.scope("security-profile", "default"));
    }

    @Override
    public SecurityProfileProvider create(KeycloakSession session) {
        return new GlobalProfilesProvider(profiles(session));
    }

    /** Read once per server from files in the JARs and the conf folder; the same on every node. */
    GlobalProfiles profiles(KeycloakSession session) {
        GlobalProfiles p = profiles;
        if (p == null) {
            synchronized (this) {
                if (profiles == null) {
                    SecurityProfileProvider keycloak = base.create(session);
                    try {
                        profiles = GlobalProfiles.merge(keycloak.getName(), keycloak.getDefaultClientProfiles(),
                                keycloak.getDefaultClientPolicies(),
                                ClientPoliciesUtil.readGlobalClientProfilesRepresentation(session, config.fapiKitProfiles()));
                    } catch (ClientPolicyException e) {
                        throw new IllegalStateException("FAPI Kit's client profiles (" + config.fapiKitProfiles()
                                + ".json) cannot be loaded: " + e.getErrorDetail(), e);
                    } finally {
                        keycloak.close();
                    }
                }
                p = profiles;
            }
        }
        return p;
    }

    /** The names of FAPI Kit's own global profiles (those a realm file of an earlier release may still declare). */
    public static java.util.Set<String> fapiKitProfileNames(KeycloakSession session) {
        var f = session.getKeycloakSessionFactory().getProviderFactory(SecurityProfileProvider.class, PROVIDER_ID);
        return f instanceof GlobalProfilesProviderFactory mine && session.getProvider(SecurityProfileProvider.class) instanceof GlobalProfilesProvider
                ? mine.profiles(session).fapiKitNames() : java.util.Set.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.of(getClass()));
        info.put("base-security-profile", config.baseSecurityProfile());
        info.put("fapi-kit-profiles", config.fapiKitProfiles());
        GlobalProfiles p = profiles;
        if (p != null) {
            info.put("global-profiles", String.join(",", p.profiles().stream().map(r -> r.getName()).toList()));
        }
        return info;
    }
}
