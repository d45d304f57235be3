package dev.airlock.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway slice keeps to the package map: who may import Failsafe, OkHttp, Jackson and the fake. */
class GatewayArchitectureTest {
  private static final JavaClasses AIRLOCK = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.airlock");

  @Test
  void budgetImportsOnlySupportAndTheJdk() {
    classes().that().resideInAPackage("dev.airlock.budget..").should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.airlock.budget..", "dev.airlock.support..").check(AIRLOCK);
  }

  @Test
  void onlyResilienceImportsFailsafe() {
    noClasses().that().resideOutsideOfPackage("dev.airlock.resilience..").should().dependOnClassesThat()
        .resideInAPackage("dev.failsafe..").check(AIRLOCK);
  }

  @Test
  void onlyTheGatewayTheModelClientsAndTheBenchmarkImportOkHttp() {
    noClasses().that().resideOutsideOfPackages("dev.airlock.gateway..", "dev.airlock.provider..",
            "dev.airlock.cli..").should()
        .dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..").check(AIRLOCK);
  }

  @Test
  void nothingButTheCommandLineAndTheScriptedUpstreamUseTheFakeProvider() {
    noClasses().that().resideOutsideOfPackages("dev.airlock.fakellm..", "dev.airlock.cli..")
        .and().doNotHaveFullyQualifiedName("dev.airlock.engine.ScriptedUpstream").should()
        .dependOnClassesThat().resideInAPackage("dev.airlock.fakellm..").check(AIRLOCK);
  }

  @Test
  void theGatewayDependsInwardOnly() {
    noClasses().that().resideInAnyPackage("dev.airlock.gateway..", "dev.airlock.resilience..").should()
        .dependOnClassesThat().resideInAnyPackage("dev.airlock.engine..", "dev.airlock.cli..",
            "dev.airlock.sandbox..", "dev.airlock.job..").check(AIRLOCK);
  }
}
