package dev.proctor.index;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module table of DESIGN.md: the index never depends on the gateway, workstation or dev stack. */
class ArchitectureTest {
  @Test
  void indexDependsOnlyOnSharedModelLuceneAndS3() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.proctor.gateway..",
            "dev.proctor.review..",
            "dev.proctor.devstack..",
            "javafx..",
            "io.helidon..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proctor.index"));
  }
}
