package io.jcri.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jcri.ports.threads.NamedThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, checked on the compiled modules. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jcri");
    }

    @Test
    void importsEveryModule() {
        org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.jcri.domain"))
                .anyMatch(p -> p.startsWith("io.jcri.ports"))
                .anyMatch(p -> p.startsWith("io.jcri.adapters.cri"))
                .anyMatch(p -> p.startsWith("io.jcri.adapters.containerd"))
                .anyMatch(p -> p.startsWith("io.jcri.adapters.cni"))
                .anyMatch(p -> p.startsWith("io.jcri.app"));
    }

    @Test
    void domainAndPortsUseNoFrameworks() {
        noClasses()
                .that()
                .resideInAnyPackage("io.jcri.domain..", "io.jcri.ports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "io.grpc..",
                        "com.google.protobuf..",
                        "jakarta..",
                        "tools.jackson..",
                        "com.fasterxml..",
                        "io.netty..",
                        "com.sun.jna..")
                .check(classes);
    }

    /** An allow-list, so a new framework cannot slip in under a package the deny-list misses. */
    @Test
    void domainAndPortsDependOnlyOnTheJdkAndEachOther() {
        classes()
                .that()
                .resideInAnyPackage("io.jcri.domain..", "io.jcri.ports..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.jcri.domain..", "io.jcri.ports..", "org.jspecify..", "")
                .check(classes);
    }

    /** Nullness is jspecify's: every package of the domain, the ports and the adapters is {@code @NullMarked}. */
    @Test
    void everyPackageIsNullMarked() {
        classes()
                .that()
                .resideInAnyPackage("io.jcri.domain..", "io.jcri.ports..", "io.jcri.adapters..")
                .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("reside in a @NullMarked package") {
                    @Override
                    public void check(JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
                        if (!c.getPackage().isAnnotatedWith(org.jspecify.annotations.NullMarked.class)) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                    c,
                                    "package " + c.getPackageName() + " of " + c.getName()
                                            + " has no @NullMarked package-info"));
                        }
                    }
                })
                .check(classes);
    }

    @Test
    void adaptersUseThePortsNotTheApplicationServices() {
        noClasses()
                .that()
                .resideInAPackage("io.jcri.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.jcri.ports.application..")
                .check(classes);
    }

    /** Every thread jcri makes is named and a daemon, made by one factory. */
    @Test
    void threadsAreMadeOnlyByNamedThreads() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(NamedThreads.class.getName())
                .should()
                .callConstructorWhere(JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(Thread.class))))
                .check(classes);
    }

    @Test
    void domainSeesOnlyItself() {
        noClasses()
                .that()
                .resideInAPackage("io.jcri.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.jcri.ports..", "io.jcri.adapters..", "io.jcri.app..")
                .check(classes);
    }

    @Test
    void portsSeeOnlyTheDomain() {
        noClasses()
                .that()
                .resideInAPackage("io.jcri.ports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.jcri.adapters..", "io.jcri.app..", "io.jcri.cri..", "io.jcri.containerd..")
                .check(classes);
    }

    @Test
    void criTypesStayInTheCriAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.jcri.cri..", "io.jcri.adapters.cri..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.jcri.cri..")
                .check(classes);
    }

    @Test
    void containerdTypesStayInTheContainerdAdapter() {
        // containerd's own API, and NRI's and ttrpc's (containerd's plugin protocol and its framing)
        String[] generated = {"io.jcri.containerd..", "io.jcri.nri..", "io.jcri.ttrpc.."};
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.jcri.containerd..", "io.jcri.nri..", "io.jcri.ttrpc..", "io.jcri.adapters.containerd..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(generated)
                .check(classes);
    }

    @Test
    void adaptersDoNotDependOnOneAnother() {
        slices().matching("io.jcri.adapters.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @Test
    void adaptersDoNotReachIntoTheApp() {
        noClasses()
                .that()
                .resideInAPackage("io.jcri.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.jcri.app..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.jcri.(**)")
                .should()
                .beFreeOfCycles()
                .check(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "jcri's own code",
                        (com.tngtech.archunit.core.domain.JavaClass c) ->
                                !c.getPackageName().startsWith("io.jcri.cri")
                                        && !c.getPackageName().startsWith("io.jcri.containerd"))));
    }
}
