package dev.fapikit.core.rar;

import java.util.Set;

import org.keycloak.models.KeycloakSession;

/**
 * Whether the running Keycloak has the {@code authorization-details-processor} SPI in its 26.5+ form (typed processors
 * with {@code getSupportedType()}, {@code org.keycloak.util.AuthorizationDetailsParser}). Keycloak 26.4 has an older,
 * incompatible SPI of the same name and neither class: there FAPI Kit's processor factory reports itself unsupported
 * and is never used, discovery advertises no type, and {@code authorization_details} is refused where FAPI Kit checks it.
 * This class names no 26.5+ class itself: {@link ProcessorTypes} does, and is loaded only after the check.
 */
public final class RarSupport {

    /** Present from Keycloak 26.5 on, with the typed processor SPI. */
    static final String PARSER_CLASS = "org.keycloak.util.AuthorizationDetailsParser";

    /** The answer is a property of the class path, the same for the JVM's life. */
    private static final boolean AVAILABLE = detect();

    /** Description for clients when the running Keycloak cannot carry authorization details into tokens. */
    public static final String UNAVAILABLE = "authorization_details is not supported by this server "
            + "(Rich Authorization Requests need Keycloak 26.5 or later)";

    private RarSupport() {
    }

    /** True when the 26.5+ processor SPI is present. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * The types the server's processors support (what discovery lists as {@code authorization_details_types_supported},
     * RFC 9396 §10); empty on Keycloak 26.4.
     */
    public static Set<String> supportedTypes(KeycloakSession session) {
        return AVAILABLE ? ProcessorTypes.supported(session) : Set.of();
    }

    private static boolean detect() {
        try {
            ClassLoader loader = RarSupport.class.getClassLoader();
            Class.forName(PARSER_CLASS, false, loader);
            Class<?> processor = Class.forName("org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor", false, loader);
            processor.getMethod("getSupportedType");
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }
}
