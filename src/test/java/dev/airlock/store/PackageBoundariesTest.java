package dev.airlock.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job, audit and store packages import only what their package-info says they may. */
class PackageBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.airlock");
  }

  @Test
  void onlyTheStoreTalksToADatabase() {
    noClasses().that().resideOutsideOfPackage("dev.airlock.store..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
        .check(classes);
  }

  @Test
  void jobsKnowNothingOfAuditStoreOrEngine() {
    noClasses().that().resideInAPackage("dev.airlock.job..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.audit..", "dev.airlock.store..",
            "dev.airlock.engine..", "dev.airlock.sandbox..", "dev.airlock.api..", "dev.airlock.cli..")
        .check(classes);
  }

  @Test
  void theAuditTrailKnowsNothingOfStoreOrEngine() {
    noClasses().that().resideInAPackage("dev.airlock.audit..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.store..", "dev.airlock.engine..",
            "dev.airlock.sandbox..", "dev.airlock.api..", "dev.airlock.cli..")
        .check(classes);
  }

  @Test
  void theStoreKnowsNothingOfEngineSandboxOrItsCallers() {
    noClasses().that().resideInAPackage("dev.airlock.store..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.engine..", "dev.airlock.sandbox..",
            "dev.airlock.api..", "dev.airlock.cli..")
        .check(classes);
  }
}
