package io.mlservice;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.mlservice.service.MlService;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layer rules of docs/architecture.md, kept as tests. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mlservice");

    @Test
    void dataDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.mlservice.data..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.model..", "io.mlservice.serving..", "io.mlservice.totara..",
                        "io.mlservice.api..", "io.mlservice.service..", "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void modelUsesOnlyData() {
        noClasses().that().resideInAPackage("io.mlservice.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.serving..", "io.mlservice.totara..", "io.mlservice.api..",
                        "io.mlservice.service..", "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void servingUsesOnlyModelAndData() {
        noClasses().that().resideInAPackage("io.mlservice.serving..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.totara..", "io.mlservice.api..", "io.mlservice.service..",
                        "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void totaraDoesNotReachIntoTheModelOrAbove() {
        noClasses().that().resideInAPackage("io.mlservice.totara..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.model..", "io.mlservice.serving..", "io.mlservice.api..",
                        "io.mlservice.service..", "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void configDependsOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("io.mlservice.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.data..", "io.mlservice.model..", "io.mlservice.serving..",
                        "io.mlservice.totara..", "io.mlservice.api..", "io.mlservice.service..",
                        "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void theApiKnowsNothingOfTheServiceAroundIt() {
        noClasses().that().resideInAPackage("io.mlservice.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.service..", "io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void onlyTheOperatorMetricsUseMicrometer() {
        noClasses().that().resideOutsideOfPackage("io.mlservice.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .because("the metrics library is one choice kept in one package: the API reports its requests "
                        + "through RequestObserver and the service its cycles through TrainingMeters")
                .check(MAIN);
    }

    @Test
    void theMetricsKnowNothingOfTheServiceThatWiresThem() {
        noClasses().that().resideInAPackage("io.mlservice.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.service..", "io.mlservice.console..", "io.mlservice.cli..",
                        "io.mlservice.bench..", "io.mlservice.diagnostics..", "io.mlservice.training..")
                .because("the service wires the metrics and feeds them; the metrics read only the values below it "
                        + "(the served models, the API's endpoints, the cycles' outcomes)")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.mlservice.api..")
                .should().dependOnClassesThat().resideInAPackage("io.mlservice.metrics..")
                .because("the API counts each request in one place (ApiMetrics) and tells a RequestObserver; it "
                        + "does not know who watches")
                .check(MAIN);
    }

    @Test
    void theServiceDoesNotReachIntoTheConsoleOrTheCommandLine() {
        noClasses().that().resideInAPackage("io.mlservice.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mlservice.console..", "io.mlservice.cli..")
                .check(MAIN);
    }

    @Test
    void onlyTheConsoleImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("io.mlservice.console..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(MAIN);
    }

    @Test
    void onlyTheConsoleUsesTheDesktopLibraries() {
        noClasses().that().resideOutsideOfPackage("io.mlservice.console..")
                .should().dependOnClassesThat().resideInAnyPackage("org.controlsfx..", "atlantafx..", "java.awt..")
                .check(MAIN);
    }

    @Test
    void viewModelsHoldNoScene() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..", "org.controlsfx..", "atlantafx..")
                .check(MAIN);
    }

    /** Headless runs load no JavaFX class because the command line reaches the console through one class. */
    @Test
    void theCommandLineOpensTheConsoleInOnePlace() {
        noClasses().that().resideInAPackage("io.mlservice.cli..").and().doNotHaveSimpleName("ConsoleLauncher")
                .should().dependOnClassesThat().resideInAPackage("io.mlservice.console..")
                .check(MAIN);
    }

    @Test
    void theHistoryKnowsNothingOfWhoWritesOrReadsIt() {
        noClasses().that().resideInAPackage("io.mlservice.history..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.service..", "io.mlservice.api..", "io.mlservice.console..",
                        "io.mlservice.cli..", "io.mlservice.bench..")
                .because("the history is a store of rows: the service writes it and the console reads it, "
                        + "so it must not know either")
                .check(MAIN);
    }

    @Test
    void formatsDependOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("io.mlservice.format..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.config..", "io.mlservice.data..", "io.mlservice.model..",
                        "io.mlservice.serving..", "io.mlservice.totara..", "io.mlservice.api..",
                        "io.mlservice.service..", "io.mlservice.history..", "io.mlservice.diagnostics..",
                        "io.mlservice.console..", "io.mlservice.cli..", "io.mlservice.bench..")
                .because("sizes and durations are written alike by the Totara client and the console, so the "
                        + "formats sit below every layer that writes them")
                .check(MAIN);
    }

    @Test
    void ownerOnlyFilesDependOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("io.mlservice.files..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.config..", "io.mlservice.data..", "io.mlservice.model..",
                        "io.mlservice.serving..", "io.mlservice.totara..", "io.mlservice.api..",
                        "io.mlservice.service..", "io.mlservice.history..", "io.mlservice.logging..",
                        "io.mlservice.console..", "io.mlservice.cli..", "io.mlservice.bench..")
                .because("the Totara client, the history and the logs all create owner-only files, so that "
                        + "sits below each of them")
                .check(MAIN);
    }

    @Test
    void theConnectionTestNeedsNoRunningService() {
        noClasses().that().resideInAPackage("io.mlservice.diagnostics..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.model..", "io.mlservice.serving..", "io.mlservice.api..",
                        "io.mlservice.service..", "io.mlservice.history..", "io.mlservice.console..",
                        "io.mlservice.cli..", "io.mlservice.bench..")
                .because("the connection test talks HTTP to Totara and to the service's API as Totara does, so it "
                        + "runs whether or not a service runs in this process, beside the Totara client it uses")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheConsoleRunsTheConnectionTest() {
        noClasses().that().resideInAnyPackage("io.mlservice.data..", "io.mlservice.model..",
                        "io.mlservice.serving..", "io.mlservice.totara..", "io.mlservice.config..",
                        "io.mlservice.api..", "io.mlservice.history..")
                .should().dependOnClassesThat().resideInAPackage("io.mlservice.diagnostics..")
                .because("the connection test is an administrator's tool over the Totara client, not part of the "
                        + "engine, the API or the history")
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLineStartsTheBenchmarks() {
        noClasses().that().resideOutsideOfPackages("io.mlservice.cli..", "io.mlservice.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.mlservice.bench..")
                .because("benchmarks are developer tools beside the product, never part of what it runs")
                .check(MAIN);
    }

    @Test
    void theTrainingPipelineKnowsNothingOfWhoRunsIt() {
        noClasses().that().resideInAPackage("io.mlservice.training..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.serving..", "io.mlservice.config..", "io.mlservice.api..",
                        "io.mlservice.history..", "io.mlservice.service..", "io.mlservice.console..",
                        "io.mlservice.cli..", "io.mlservice.bench..")
                .because("the service's cycles, train, demo and bench api run the same export-to-models pipeline, "
                        + "so it may use only the export reader and the trainer below it")
                .check(MAIN);
    }

    @Test
    void theExportSourcesKnowNothingOfTheCycleThatUsesThem() {
        noClasses().that().resideInAPackage("io.mlservice.service.export..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.service", "io.mlservice.history..", "io.mlservice.model..",
                        "io.mlservice.serving..", "io.mlservice.training..", "io.mlservice.api..",
                        "io.mlservice.console..", "io.mlservice.cli..", "io.mlservice.bench..")
                .because("how a cycle's export is fetched (Totara or a folder) changes apart from how the cycle "
                        + "runs: a source gets the settings and reports each fetch through its own journal")
                .check(MAIN);
    }

    @Test
    void theLogsDependOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("io.mlservice.logging..")
                .should().dependOnClassesThat(resideInAPackage("io.mlservice..")
                        .and(resideOutsideOfPackage("io.mlservice.logging.."))
                        .and(resideOutsideOfPackage("io.mlservice.files..")))
                .because("the log file and its in-memory feed are set up before anything else runs and are read "
                        + "by the console's log page, so they must not pull in the service (owner-only file "
                        + "creation excepted, which depends on nothing)")
                .check(MAIN);
    }

    @Test
    void theFirstRunSetUpOnlyFillsInSettings() {
        noClasses().that().resideInAPackage("io.mlservice.firstrun..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mlservice.service..", "io.mlservice.history..", "io.mlservice.model..",
                        "io.mlservice.serving..", "io.mlservice.training..", "io.mlservice.api..",
                        "io.mlservice.console..", "io.mlservice.cli..", "io.mlservice.bench..")
                .because("the demo's fill-ins are worked out before any service exists (by the console and the "
                        + "demo command), from the settings and the demo export generator alone")
                .check(MAIN);
    }

    /**
     * In the console only the facade ({@code ServiceAccess}, {@code RunningService}) and the classes that start and
     * stop the service ({@code ServiceHost}, {@code Console}) touch {@code MlService} or the history's store. The
     * history's rows ({@code CycleRow}, ...) and enums are values: any page may show them.
     */
    @Test
    void thePagesReadTheServiceThroughTheFacade() {
        DescribedPredicate<JavaClass> serviceOrStore = equivalentTo(MlService.class)
                .or(resideInAPackage("io.mlservice.history..")
                        .and(not(assignableTo(Record.class))).and(not(assignableTo(Enum.class))))
                .as("MlService or the history's store");
        noClasses().that().resideInAPackage("io.mlservice.console..")
                .and().doNotHaveFullyQualifiedName("io.mlservice.console.ServiceAccess")
                .and().doNotHaveFullyQualifiedName("io.mlservice.console.RunningService")
                .and().doNotHaveFullyQualifiedName("io.mlservice.console.ServiceHost")
                .and().doNotHaveFullyQualifiedName("io.mlservice.console.Console")
                .should().dependOnClassesThat(serviceOrStore)
                .because("the pages see the service through one facade that asks once whether it runs; "
                        + "a page that held MlService or History itself would check for null again, and could "
                        + "keep a stopped service's closed history")
                .check(MAIN);
    }
}
