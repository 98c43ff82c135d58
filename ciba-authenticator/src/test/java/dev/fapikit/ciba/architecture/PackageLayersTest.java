package dev.fapikit.ciba.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CIBA module's packages are layered one way (issue 19 §3), from the HTTP entry points down to outbound HTTP:
 * <pre>
 * endpoint                              backchannel endpoint, realm resources (approval page, app API)
 * app, registration, usercode, policy   entry points and client-facing rules
 * channel                               Keycloak's CIBA authentication channel: store the request, notify the user
 * notify                                e-mail and webhook to the user
 * approval                              pending approvals and the user's decision
 * grant                                 token issuance (poll, ping, push)
 * delivery                              outbound HTTP: ping/push delivery, push expiry, HTTP clients, URL guards
 * hints, events, options, rar           leaves (rar: RFC 9396 authorization_details of a request)
 * </pre>
 * A package may use the layers below it, never one above; no two packages depend on each other.
 */
class PackageLayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fapikit.ciba");
    }

    @Test
    @DisplayName("no package cycles in dev.fapikit.ciba")
    void noCycles() {
        slices().matching("dev.fapikit.ciba.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("packages depend only on the layers below them")
    void layered() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("endpoint").definedBy("dev.fapikit.ciba.endpoint..")
                .layer("entry").definedBy("dev.fapikit.ciba.app..", "dev.fapikit.ciba.registration..", "dev.fapikit.ciba.usercode..",
                        "dev.fapikit.ciba.policy..")
                .layer("channel").definedBy("dev.fapikit.ciba.channel..")
                .layer("notify").definedBy("dev.fapikit.ciba.notify..")
                .layer("approval").definedBy("dev.fapikit.ciba.approval..")
                .layer("grant").definedBy("dev.fapikit.ciba.grant..")
                .layer("delivery").definedBy("dev.fapikit.ciba.delivery..")
                .layer("leaves").definedBy("dev.fapikit.ciba.hints..", "dev.fapikit.ciba.events..", "dev.fapikit.ciba.options..",
                        "dev.fapikit.ciba.rar..")
                .whereLayer("endpoint").mayNotBeAccessedByAnyLayer()
                .whereLayer("entry").mayOnlyBeAccessedByLayers("endpoint")
                .whereLayer("channel").mayOnlyBeAccessedByLayers("endpoint", "entry")
                .whereLayer("notify").mayOnlyBeAccessedByLayers("endpoint", "entry", "channel")
                .whereLayer("approval").mayOnlyBeAccessedByLayers("endpoint", "entry", "channel", "notify")
                .whereLayer("grant").mayOnlyBeAccessedByLayers("endpoint", "entry", "channel", "notify", "approval")
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("endpoint", "entry", "channel", "notify", "approval", "grant")
                .check(classes);
    }

    @Test
    @DisplayName("depends on the core only, never on another feature module (issue 19 §2)")
    void noOtherFeatureModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.fapikit.policies..", "dev.fapikit.jarm..", "dev.fapikit.mtls..")
                .check(classes);
    }

    @Test
    @DisplayName("no JAX-RS resource is a record: Keycloak's RESTEasy Reactive build refuses record components without @*Param (kc.sh build fails)")
    void noRecordIsAJaxRsResource() {
        for (var c : classes) {
            if (!c.isRecord()) continue;
            boolean jaxRs = c.getMethods().stream().anyMatch(m -> m.getAnnotations().stream()
                    .anyMatch(a -> a.getRawType().getPackageName().equals("jakarta.ws.rs")));
            org.assertj.core.api.Assertions.assertThat(jaxRs).as("record %s has JAX-RS methods", c.getName()).isFalse();
        }
    }
}
