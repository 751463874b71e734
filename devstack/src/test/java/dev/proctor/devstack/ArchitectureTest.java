package dev.proctor.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Module table of DESIGN.md, across modules: nothing shipped depends on the dev stack, and the
 * gateway and the workstation never depend on each other. All modules are on this class path.
 */
class ArchitectureTest {
  private final com.tngtech.archunit.core.domain.JavaClasses all =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.proctor");

  @Test
  void shippedModulesNeverDependOnTheDevStack() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.proctor.devstack..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.proctor.devstack..")
        .check(all);
  }

  @Test
  void gatewayAndWorkstationNeverDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.proctor.gateway..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.proctor.review..")
        .check(all);
    noClasses()
        .that()
        .resideInAPackage("dev.proctor.review..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.proctor.gateway..")
        .check(all);
  }
}
