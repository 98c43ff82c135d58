package dev.fapikit.it.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/** The admin console lists each FAPI Kit executor and condition with its settings and help (server info component types). */
@FapiKitServer
class ClientPoliciesServerInfoIT {

    static final String EXECUTORS = "org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider";
    static final String CONDITIONS = "org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider";

    static JsonNode component(FapiKit kit, String type, String id) {
        for (JsonNode c : kit.admin().get("serverinfo").get("componentTypes").get(type)) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError(id + " not among the " + type + " component types");
    }

    static List<String> propertyNames(JsonNode component) {
        List<String> names = new ArrayList<>();
        component.get("properties").forEach(p -> {
            names.add(p.get("name").asText());
            assertThat(p.get("helpText").asText()).as("help text of " + p.get("name")).isNotBlank();
        });
        return names;
    }

    @Test
    @DisplayName("Each executor appears with its help text and settings")
    void executorsWithSettings(FapiKit kit) {
        assertThat(propertyNames(component(kit, EXECUTORS, "fapi-kit-client-key-strength")))
                .containsExactly("min-rsa-key-size", "min-ec-key-size");
        assertThat(propertyNames(component(kit, EXECUTORS, "fapi-kit-client-secret-strength")))
                .containsExactly("min-length", "min-entropy-bits");
        JsonNode algorithms = component(kit, EXECUTORS, "fapi-kit-signature-algorithm");
        assertThat(propertyNames(algorithms)).containsExactly("allowed-algorithms", "default-algorithm", "auto-configure");
        assertThat(algorithms.get("properties").get(0).get("options").toString()).contains("PS256", "ES256", "EdDSA", "HS256")
                .doesNotContain("RS256", "none");
        assertThat(propertyNames(component(kit, EXECUTORS, "fapi-kit-request-object-replay")))
                .containsExactly("require-jti", "max-lifetime");
        assertThat(propertyNames(component(kit, EXECUTORS, "fapi-kit-par-client-binding"))).isEmpty();
        assertThat(propertyNames(component(kit, EXECUTORS, "fapi-kit-id-token-claims")))
                .containsExactly("only-requested-scope-claims", "logout-claims-only-for-logout-clients");
        for (String id : List.of("fapi-kit-client-key-strength", "fapi-kit-client-secret-strength",
                "fapi-kit-signature-algorithm", "fapi-kit-request-object-replay", "fapi-kit-par-client-binding",
                "fapi-kit-id-token-claims", "fapi-kit-client-assertion-audience")) {
            assertThat(component(kit, EXECUTORS, id).get("helpText").asText()).as(id).isNotBlank();
        }
    }

    @Test
    @DisplayName("Both conditions appear; the auth-method condition offers every client authenticator")
    void conditions(FapiKit kit) {
        assertThat(propertyNames(component(kit, CONDITIONS, "fapi-kit-ciba-client"))).containsExactly("is-negative-logic");
        JsonNode authMethod = component(kit, CONDITIONS, "fapi-kit-client-auth-method");
        assertThat(propertyNames(authMethod)).containsExactly("is-negative-logic", "client-authenticators");
        assertThat(authMethod.get("properties").get(1).get("options").toString())
                .contains("client-jwt", "client-x509", "client-secret", "client-secret-jwt");
    }

    @Test
    @DisplayName("Every provider of this module reports the module in server info: 9 executors, 2 conditions, 10 verifiers, the signing-algorithms metadata provider, the PAR endpoint, the client-jwt authenticator, the security profile and client-policy manager, the authorization_details_types registration metadata")
    void everyProviderReportsItsModule(FapiKit kit) {
        List<String> reported = new ArrayList<>();
        kit.admin().get("serverinfo").get("providers").fields().forEachRemaining(spi ->
                spi.getValue().get("providers").fields().forEachRemaining(p -> {
                    JsonNode info = p.getValue().get("operationalInfo");
                    if (info != null && "fapi-kit-fapi-client-policies".equals(info.path("fapi-kit-module").asText())) {
                        reported.add(spi.getKey() + "/" + p.getKey());
                    }
                }));
        assertThat(reported).contains("client-policy-executor/fapi-kit-client-key-strength",
                "client-policy-executor/fapi-kit-client-secret-strength", "client-policy-executor/fapi-kit-signature-algorithm",
                "client-policy-executor/fapi-kit-request-object-replay", "client-policy-executor/fapi-kit-confidential-client-registration",
                "client-policy-executor/fapi-kit-par-client-binding", "client-policy-condition/fapi-kit-ciba-client",
                "client-policy-condition/fapi-kit-client-auth-method", "fapi-kit-metadata/fapi-kit-signing-algorithms",
                "clientSignature/PS256", "clientSignature/EdDSA", "openid-connect-ext/par",
                "client-policy-executor/fapi-kit-client-assertion-audience",
                "client-authenticator/client-jwt", "security-profile/fapi-kit",
                "client-policy-manager/fapi-kit", "client-policy-executor/fapi-kit-id-token-claims",
                "client-policy-executor/fapi-kit-software-statement", "client-policy-executor/fapi-kit-authorization-details",
                "fapi-kit-registration-metadata/fapi-kit-authorization-details-types").hasSize(28);
    }

    @Test
    @DisplayName("The shared providers report the core module (issue 19 §2): both well-known documents, the outbound guard, the guarded key storage and HTTP client, the dynamic-registration endpoint, the payment_initiation authorization details processor (issue 21 §2)")
    void sharedProvidersReportTheCore(FapiKit kit) {
        List<String> reported = new ArrayList<>();
        kit.admin().get("serverinfo").get("providers").fields().forEachRemaining(spi ->
                spi.getValue().get("providers").fields().forEachRemaining(p -> {
                    JsonNode info = p.getValue().get("operationalInfo");
                    if (info != null && "fapi-kit-core".equals(info.path("fapi-kit-module").asText())) {
                        reported.add(spi.getKey() + "/" + p.getKey());
                    }
                }));
        assertThat(reported).containsExactlyInAnyOrder("well-known/fapi-kit-openid-configuration",
                "well-known/fapi-kit-oauth-authorization-server", "fapi-kit-outbound/default", "publicKeyStorage/fapi-kit-guarded",
                "connectionsHttpClient/fapi-kit-guarded", "client-registration/openid-connect",
                "authorization-details-processor/payment_initiation", "required-action/fapi-kit-payment-consent");
    }

    @Test
    @DisplayName("The client signature verifiers are FAPI Kit's, reporting the server-wide key floor")
    void verifiersReplaced(FapiKit kit) {
        JsonNode verifiers = kit.admin().get("serverinfo").get("providers").get("clientSignature").get("providers");
        for (String alg : List.of("PS256", "ES256", "RS256", "EdDSA")) {
            JsonNode info = verifiers.get(alg).get("operationalInfo");
            assertThat(info).as(alg).isNotNull();
            assertThat(info.get("fapi-kit-module").asText()).isEqualTo("fapi-kit-fapi-client-policies");
            assertThat(info.get("min-rsa-key-size").asText()).isEqualTo("2048");
        }
    }
}
