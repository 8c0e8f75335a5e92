package dev.omnihub.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Business-time arithmetic and the SLA clocks computed on it are pure: they depend on {@code java.time}
 * and collections (the clocks also on business time), never on the store, Vert.x, a clock they read
 * themselves, or the rest of the hub, so every due time can be checked by hand and by their own tests.
 */
class BusinessTimeIsPureTest {

  @Test
  void businessTimeDependsOnNothingButTheJdk() {
    JavaClasses businessTime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.omnihub.hub.businesstime");
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.omnihub.hub.businesstime..", "java..")
        .check(businessTime);
    noClasses().should().callMethod(java.time.Instant.class, "now").orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class).check(businessTime);
  }

  @Test
  void slaClocksDependOnBusinessTimeAndTheJdkOnly() {
    JavaClasses sla = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.omnihub.hub.sla");
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.omnihub.hub.sla..", "dev.omnihub.hub.businesstime..", "java..")
        .check(sla);
    noClasses().should().callMethod(java.time.Instant.class, "now").orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class).check(sla);
  }
}
