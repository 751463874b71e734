package dev.proctor.format;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module table of DESIGN.md: shared-model depends on Jackson, Nimbus and nothing of ours. */
class ArchitectureTest {
  @Test
  void sharedModelDependsOnlyOnJacksonNimbusAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.proctor..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "com.fasterxml.jackson..",
            "com.nimbusds..",
            "dev.proctor.format..",
            "dev.proctor.secrets..",
            "dev.proctor.access..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proctor"));
  }
}
