package dev.fapikit.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/**
 * Every provider JAR of the bundle is installed as an admin would and loaded: each factory it declares appears in the
 * admin server info, reporting its module and version.
 */
@FapiKitServer
class ProvidersLoadedIT {

    @Test
    @DisplayName("every factory declared in every FAPI Kit JAR is loaded and reports its module")
    void everyDeclaredFactoryIsLoaded(FapiKit kit) throws IOException {
        JsonNode providers = kit.admin().get("serverinfo").get("providers");
        List<String> reported = new ArrayList<>();
        providers.forEach(spi -> spi.get("providers").forEach(p -> {
            JsonNode info = p.get("operationalInfo");
            if (info != null && info.has("fapi-kit-module")) {
                reported.add(info.get("fapi-kit-module").asText());
            }
        }));
        // Keycloak 26.4 reads the services file of its older authorization-details-processor SPI too, and FAPI Kit's
        // payment_initiation factory (26.5+ SPI) reports itself unsupported there, so 26.4 lists it nowhere
        boolean typedRar = !kit.admin().get("serverinfo").path("systemInfo").path("version").asText().startsWith("26.4.");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(providers.path("authorization-details-processor").path("providers").has("payment_initiation"))
                .as("payment_initiation processor loaded exactly when Keycloak has the 26.5+ SPI").isEqualTo(typedRar);
        try (Stream<Path> jars = Files.list(kit.server().home().resolve("providers"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("fapi-kit-")).toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    String module = j.getManifest().getMainAttributes().getValue("Implementation-Title");
                    long declared = declaredFactories(j, typedRar);
                    if (module.equals("fapi-kit-themes")) {
                        continue;
                    }
                    soft.assertThat(declared).as("factories declared in %s", jar.getFileName()).isPositive();
                    soft.assertThat(reported.stream().filter(module::equals).count())
                            .as("factories of %s listed in server info", module).isEqualTo(declared);
                }
            }
        }
        soft.assertAll();
    }

    /** Every server option of FAPI Kit ({@code --spi-<spi>--<provider>--<option>}), by provider id. */
    static final java.util.Map<String, List<String>> SERVER_OPTIONS = java.util.Map.of(
            "fapi-kit-device", List.of("max-pending-per-user", "max-pending-per-client-user"),
            "ciba", List.of("binding-message-max-length", "max-requested-expiry", "phone-number-attribute"),
            "fapi-kit-ciba-user-code", List.of("user-code-max-guesses", "user-code-guess-window"),
            "fapi-kit-guarded", List.of("delegate"),
            "fapi-kit-client-key-strength", List.of("server-min-rsa-key-size", "server-min-ec-key-size"),
            "mtls-endpoint-aliases", List.of("mtls-base-url"));

    @Test
    @DisplayName("issue 18 §4: every FAPI Kit server option shows its current value in the provider info (admin console: Provider info)")
    void everyServerOptionIsVisible(FapiKit kit) {
        JsonNode providers = kit.admin().get("serverinfo").get("providers");
        SoftAssertions soft = new SoftAssertions();
        SERVER_OPTIONS.forEach((id, options) -> {
            List<JsonNode> found = new ArrayList<>();
            providers.forEach(spi -> {
                JsonNode p = spi.get("providers").get(id);
                if (p != null && p.path("operationalInfo").has("fapi-kit-module")) found.add(p.get("operationalInfo"));
            });
            // an id may serve two SPIs (fapi-kit-ciba-user-code: the credential and its metadata); one reports the options
            soft.assertThat(found.stream().anyMatch(info -> options.stream().allMatch(info::has)))
                    .as("a FAPI Kit provider %s whose provider info shows %s (found: %s)", id, options, found).isTrue();
        });
        JsonNode outbound = providers.path("fapi-kit-outbound").path("providers").path("default").path("operationalInfo");
        soft.assertThat(outbound.path("allowed-hosts").asText()).as("fapi-kit-outbound/default allowed-hosts, as the harness sets it").isEqualTo("localhost");
        soft.assertThat(outbound.has("timeout-ms") && outbound.has("max-response-bytes")).as("fapi-kit-outbound/default timeouts").isTrue();
        // CIBA's outbound HTTP is a provider of its own (issue 19 §3); "default" is also fapi-kit-outbound's id, so by SPI
        JsonNode ciba = providers.path("fapi-kit-ciba-delivery").path("providers").path("default").path("operationalInfo");
        soft.assertThat(List.of("webhook-allowed-hosts", "outbound-connect-timeout-ms", "outbound-timeout-ms", "notification-max-attempts",
                        "notification-backoff-ms", "outbound-key-store-file", "outbound-key-store-password", "outbound-key-store-type",
                        "deprecated-options-in-use", "fapi-kit-module"))
                .as("fapi-kit-ciba-delivery/default provider info (%s)", ciba).allMatch(ciba::has);
        soft.assertThat(ciba.path("webhook-allowed-hosts").asText()).as("as the harness sets it").isEqualTo("localhost");
        soft.assertThat(ciba.path("deprecated-options-in-use").asText()).as("the harness uses no deprecated option").isEmpty();
        soft.assertAll();
    }

    @Test
    @DisplayName("the FAPI Kit metadata providers serve both discovery documents")
    void metadataProvidersServeDiscovery(FapiKit kit) {
        JsonNode providers = kit.admin().get("serverinfo").get("providers");
        assertThat(providers.get("well-known").get("providers").has("fapi-kit-openid-configuration")).isTrue();
        assertThat(providers.get("well-known").get("providers").has("fapi-kit-oauth-authorization-server")).isTrue();
        assertThat(providers.has("fapi-kit-metadata")).as("the fapi-kit-metadata SPI is registered").isTrue();
    }

    @Test
    @DisplayName("the fapi-kit theme is installed for login and e-mail")
    void themeInstalled(FapiKit kit) {
        JsonNode themes = kit.admin().get("serverinfo").get("themes");
        assertThat(themes.get("login").findValuesAsText("name")).contains("fapi-kit");
        assertThat(themes.get("email").findValuesAsText("name")).contains("fapi-kit");
    }

    /** The services file of Keycloak's authorization-details-processor SPI (also read, in its older form, by 26.4). */
    private static final String RAR_PROCESSOR_FACTORIES = "org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorFactory";

    /** Lines of {@code META-INF/services/*} except SPI declarations ({@code org.keycloak.provider.Spi}). */
    private static long declaredFactories(JarFile jar, boolean typedRar) {
        return jar.stream()
                .filter(e -> typedRar || !e.getName().endsWith("/" + RAR_PROCESSOR_FACTORIES))
                .filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory())
                .filter(e -> !e.getName().endsWith("/org.keycloak.provider.Spi"))
                // Infinispan's serialization schemas (cluster events) are services, not Keycloak provider factories
                .filter(e -> !e.getName().endsWith("/org.infinispan.protostream.SerializationContextInitializer"))
                .mapToLong(e -> {
                    try {
                        return new String(jar.getInputStream(e).readAllBytes()).lines().map(String::trim)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }).sum();
    }
}
