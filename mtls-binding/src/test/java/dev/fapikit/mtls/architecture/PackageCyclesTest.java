package dev.fapikit.mtls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 19: no two packages of this module depend on each other, directly or through others. */
class PackageCyclesTest {

    @Test
    @DisplayName("no package cycles in dev.fapikit.mtls")
    void noCycles() {
        slices().matching("dev.fapikit.mtls.(*)..").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fapikit.mtls"));
    }

    @Test
    @DisplayName("depends on the core only, never on another feature module (issue 19 §2)")
    void noOtherFeatureModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.fapikit.policies..", "dev.fapikit.jarm..", "dev.fapikit.ciba..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fapikit.mtls"));
    }
}
