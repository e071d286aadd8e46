package io.mlservice.console.training;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Only the page's view classes touch the scene graph; its view model, the view model's parts and the banner run
 * without a toolkit.
 */
class TrainingLayersTest {
    private static final JavaClasses TRAINING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mlservice.console.training");

    @Test
    void onlyTheViewsUseTheSceneGraph() {
        noClasses().that().resideInAPackage("io.mlservice.console.training")
                .and().haveNameNotMatching(".*\\.(TrainingView|LiveCycleCard|CurvesCard|CurveCharts|HistoryCard|OutcomeStyles)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.application..",
                        "javafx.animation..", "atlantafx..")
                .check(TRAINING);
    }
}
