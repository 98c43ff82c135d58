package dev.fapikit.core.rar;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

import dev.fapikit.core.metadata.BundleReportingFactory;

/**
 * {@value #PROVIDER_ID}: the built-in RFC 9396 type, through Keycloak's {@code authorization-details-processor} SPI.
 * Keycloak lists it in discovery as {@code authorization_details_types_supported} (RFC 9396 §10).
 * <p>
 * Keycloak 26.4 has an SPI of the same name with another interface, so it reads this factory's services file too: this
 * class must load there. Its signatures name only types 26.4 has (the factory and processor interfaces); it reports
 * itself unsupported unless {@link RarSupport#available()}, so 26.4 never initialises it or asks it for a processor, and
 * the 26.5+ classes ({@link PaymentInitiationProcessor}, {@link ParserRegistration}) are reached only after that check.
 */
public final class PaymentInitiationProcessorFactory
        implements AuthorizationDetailsProcessorFactory, EnvironmentDependentProviderFactory, BundleReportingFactory {

    public static final String PROVIDER_ID = PaymentInitiation.TYPE;

    @Override
    public boolean isSupported(Config.Scope config) {
        return RarSupport.available();
    }

    @Override
    public AuthorizationDetailsProcessor<?> create(KeycloakSession session) {
        return ParserRegistration.processor();
    }

    @Override
    public void init(Config.Scope config) {
        if (RarSupport.available()) {
            ParserRegistration.register();
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
