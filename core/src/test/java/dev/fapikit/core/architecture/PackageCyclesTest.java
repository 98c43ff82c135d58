package dev.fapikit.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 19 §2: the core has no package cycles and knows no feature module. */
class PackageCyclesTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fapikit.core");

    @Test
    @DisplayName("no package cycles in dev.fapikit.core")
    void noCycles() {
        slices().matching("dev.fapikit.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    @DisplayName("the core depends on no feature module (policies, jarm, ciba, mtls)")
    void noFeatureModule() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.fapikit.policies..", "dev.fapikit.jarm..", "dev.fapikit.ciba..", "dev.fapikit.mtls..")
                .check(CORE);
    }
}
