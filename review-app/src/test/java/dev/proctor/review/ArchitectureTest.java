package dev.proctor.review;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Module table of DESIGN.md: the workstation uses the index, shared model and JavaFX; it never
 * touches the gateway, the dev stack, S3 or Lucene directly, and views never touch the index.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.proctor.review");

  @Test
  void workstationNeverDependsOnTheGatewayDevStackOrStorageLibraries() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.proctor.gateway..",
            "dev.proctor.devstack..",
            "io.helidon..",
            "software.amazon..",
            "org.apache.lucene..")
        .check(classes);
  }

  @Test
  void viewsOnlyBindToViewModels() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("View")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.proctor.index..", "java.nio.file..", "java.net..")
        .check(classes);
  }
}
