package dev.airlock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of STYLE.md, enforced: dependencies point inward, engine types stay behind their boundary,
 * and the job, audit and store packages import only what their package-info says they may.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.airlock");
  }

  @Test
  void onlyTheDockerRuntimeImportsDockerJava() {
    noClasses().that().resideOutsideOfPackage("dev.airlock.sandbox.docker..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(classes);
  }

  @Test
  void nothingImportsTheCommandLineOrTheApi() {
    noClasses().that().resideOutsideOfPackages("dev.airlock.cli..", "dev.airlock.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.cli..", "dev.airlock.api..")
        .check(classes);
  }

  @Test
  void theApiKnowsNothingOfTheCommandLineOrDocker() {
    noClasses().that().resideInAPackage("dev.airlock.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.cli..", "dev.airlock.sandbox.docker..")
        .check(classes);
  }

  @Test
  void onlyTheApiServesHttpWithJavalin() {
    noClasses().that().resideOutsideOfPackage("dev.airlock.api..")
        .should().dependOnClassesThat().resideInAPackage("io.javalin..")
        .check(classes);
  }

  @Test
  void innerPackagesDoNotImportTheEngine() {
    noClasses().that().resideInAnyPackage("dev.airlock.support..", "dev.airlock.policy..", "dev.airlock.budget..",
            "dev.airlock.job..", "dev.airlock.sandbox..")
        .should().dependOnClassesThat().resideInAPackage("dev.airlock.engine..")
        .check(classes);
  }

  @Test
  void supportImportsOnlyTheJdk() {
    noClasses().that().resideInAPackage("dev.airlock.support..")
        .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.airlock.support..")
        .check(classes);
  }

  @Test
  void policiesBudgetsAndJobsKnowNothingOfSandboxes() {
    noClasses().that().resideInAnyPackage("dev.airlock.policy..", "dev.airlock.budget..", "dev.airlock.job..")
        .should().dependOnClassesThat().resideInAPackage("dev.airlock.sandbox..")
        .check(classes);
  }

  @Test
  void theModelClientsKnowNothingOfJobsSandboxesTheGatewayOrTheEngine() {
    noClasses().that().resideInAPackage("dev.airlock.provider..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.job..", "dev.airlock.sandbox..",
            "dev.airlock.gateway..", "dev.airlock.engine..", "dev.airlock.agent..", "dev.airlock.policy..")
        .check(classes);
  }

  @Test
  void theAgentLoopKnowsNothingOfTheEngineTheGatewayOrDocker() {
    noClasses().that().resideInAPackage("dev.airlock.agent..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.engine..", "dev.airlock.gateway..",
            "dev.airlock.sandbox.docker..", "dev.airlock.fakellm..", "okhttp3..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void nothingInsideUsesTheModelClientsOrTheAgentLoopButTheEngine() {
    noClasses().that().resideInAnyPackage("dev.airlock.support..", "dev.airlock.policy..", "dev.airlock.budget..",
            "dev.airlock.job..", "dev.airlock.sandbox..", "dev.airlock.gateway..", "dev.airlock.audit..",
            "dev.airlock.store..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.provider..", "dev.airlock.agent..")
        .check(classes);
  }

  @Test
  void nothingImportsTheEmbeddingFacadeAndItShowsNoDockerOrJettyTypes() {
    noClasses().that().resideOutsideOfPackage("dev.airlock")
        .should().dependOnClassesThat().resideInAPackage("dev.airlock")
        .check(classes);
    noClasses().that().resideInAPackage("dev.airlock")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "org.eclipse.jetty..",
            "io.javalin..", "okhttp3..")
        .check(classes);
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
