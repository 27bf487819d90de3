package io.github.rnnkit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of ../shared/ARCHITECTURE.md as rules over the compiled classes of every module (the cli
 * module's tests see all of them): dependencies point one way, data -> core <- presets <- cli, gradcheck and
 * bench beside them; only the command line binds a logging backend.
 */
@AnalyzeClasses(packages = "io.github.rnnkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] LIBRARIES = {
            "io.github.rnnkit.core..", "io.github.rnnkit.data..", "io.github.rnnkit.gradcheck..",
            "io.github.rnnkit.presets..", "io.github.rnnkit.bench..", "io.github.rnnkit.spark.."};

    @ArchTest
    static final ArchRule librariesNeverUseTheCommandLine = noClasses()
            .that().resideInAnyPackage(LIBRARIES)
            .should().dependOnClassesThat().resideInAPackage("io.github.rnnkit.cli..")
            .because("the CLI is a client of the libraries, never their dependency");

    @ArchTest
    static final ArchRule librariesLogThroughSlf4jOnly = noClasses()
            .that().resideInAnyPackage(LIBRARIES)
            .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
            .because("a library must leave the choice of logging backend to its user (SLF4J only)");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("io.github.rnnkit.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.github.rnnkit.data..", "io.github.rnnkit.presets..", "io.github.rnnkit.gradcheck..",
                    "io.github.rnnkit.bench..", "io.github.rnnkit.spark..")
            .because("core is the bottom layer: data, presets and gradcheck build on it");

    @ArchTest
    static final ArchRule dataNeverUsesPresets = noClasses()
            .that().resideInAPackage("io.github.rnnkit.data..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.github.rnnkit.presets..", "io.github.rnnkit.gradcheck..", "io.github.rnnkit.bench..")
            .because("data feeds presets; it must not know them");

    @ArchTest
    static final ArchRule gradcheckStandsOnCoreOnly = noClasses()
            .that().resideInAPackage("io.github.rnnkit.gradcheck..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.github.rnnkit.data..", "io.github.rnnkit.presets..", "io.github.rnnkit.bench..")
            .because("the gradient checks validate layers, not presets or datasets");

    @ArchTest
    static final ArchRule presetsNeverUseSpark = noClasses()
            .that().resideInAPackage("io.github.rnnkit.presets..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "io.github.rnnkit.spark..",
                    "org.deeplearning4j.spark..")
            .because("Spark training builds on the presets, and a preset must run without Spark");

    @ArchTest
    static final ArchRule sparkStandsOnCoreAlone = noClasses()
            .that().resideInAPackage("io.github.rnnkit.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.rnnkit.presets..",
                    "io.github.rnnkit.data..", "io.github.rnnkit.bench..", "io.github.rnnkit.gradcheck..")
            .because("any preset trains on Spark through core's TrainingEngine; spark knows no preset");

    @ArchTest
    static final ArchRule modulesHaveNoCycles = slices().matching("io.github.rnnkit.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.github.rnnkit.(**)")
            .should().beFreeOfCycles();
}
