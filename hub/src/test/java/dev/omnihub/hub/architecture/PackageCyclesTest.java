package dev.omnihub.hub.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hub's packages form layers: no package depends, directly or around a circle, on one that
 * depends on it. A new reaction is a listener registered at wiring, not a call back up a layer.
 */
class PackageCyclesTest {

  @Test
  void noCircleBetweenTheHubsPackages() {
    JavaClasses hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.omnihub.hub");
    // Each top-level package with its sub-packages is one slice (store.embedded belongs to store).
    slices().matching("dev.omnihub.hub.(*)..").should().beFreeOfCycles().check(hub);
  }
}
