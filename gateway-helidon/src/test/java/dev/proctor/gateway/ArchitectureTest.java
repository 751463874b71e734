package dev.proctor.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module table of DESIGN.md: the gateway never depends on the index, workstation or dev stack. */
class ArchitectureTest {
  @Test
  void gatewayDependsOnlyOnSharedModelAndItsOwnLibraries() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.proctor.index..",
            "dev.proctor.review..",
            "dev.proctor.devstack..",
            "javafx..",
            "org.apache.lucene..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proctor.gateway"));
  }

  @Test
  void theUpstreamClientDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("dev.proctor.gateway.upstream..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.proctor.gateway.upstream..", "java..", "javax.net..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proctor.gateway"));
  }
}
