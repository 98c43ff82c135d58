package dev.fapikit.core.metadata;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The Keycloak versions a FAPI Kit release is tested on, and what does not work on the older one. Logged once at
 * start-up (one WARN line per limit) so that an admin running the bundle on Keycloak 26.4 sees them without reading
 * the release notes; the README's feature table and the admin guide's compatibility table say the same.
 */
public final class KeycloakVersionSupport {

    /** The versions the integration tests run on (26.7.3: all of them; 26.4.7: those touching every replacement). */
    public static final List<String> TESTED = List.of("26.7.3", "26.4.7");

    private static final Logger LOG = Logger.getLogger(KeycloakVersionSupport.class);

    private KeycloakVersionSupport() {
    }

    /** What does not work (or works differently) on {@code keycloakVersion}; empty on 26.5 and later. */
    public static List<String> limits(String keycloakVersion) {
        if (keycloakVersion == null || !keycloakVersion.startsWith("26.4.")) {
            return List.of();
        }
        return List.of(
                "dynamic client registration answers CORS preflight requests without CORS headers (Keycloak 26.4's "
                        + "registration endpoint has no CORS support; 26.5+ has)",
                "client policies chosen by a client condition (e.g. client-attributes, the demo realms' fapi-kit.profile) "
                        + "do not run at the userinfo endpoint, so the FAPI 2.0 DPoP proof algorithm allow-list is not "
                        + "enforced there for such clients (Keycloak 26.4 runs USERINFO_REQUEST policies before the "
                        + "client is known; an any-client condition still applies)",
                "a client assertion naming another client as iss is refused at the token endpoint with 400 "
                        + "unauthorized_client instead of 401 invalid_client (Keycloak 26.4's client-jwt; FAPI Kit "
                        + "corrects it at the PAR endpoint only)",
                "Rich Authorization Requests are not available: Keycloak 26.4's authorization-details-processor SPI is "
                        + "incompatible, so the payment_initiation type is not loaded or advertised and the "
                        + "fapi-kit-authorization-details executor refuses every authorization_details");
    }

    /** Logs the limits of the running Keycloak, and a warning when it is neither tested version's minor line. */
    public static void logAtStartup() {
        String version = Version.VERSION;
        for (String limit : limits(version)) {
            LOG.warnf("FAPI Kit on Keycloak %s: %s", version, limit);
        }
        if (version != null && TESTED.stream().noneMatch(tested -> sameMinor(tested, version))) {
            LOG.warnf("FAPI Kit is tested on Keycloak %s; this server runs Keycloak %s", String.join(" and ", TESTED), version);
        }
    }

    static boolean sameMinor(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        return x.length >= 2 && y.length >= 2 && x[0].equals(y[0]) && x[1].equals(y[1]);
    }
}
