package backprop.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two jars' rules, checked on the compiled classes: the course library (which notebooks load
 * with %classpath) never uses the kernel or what only the kernel's jar holds, and the kernel
 * never uses the course library or what only the course's jar holds; what they share, the comms
 * contract (backprop.comm), uses the JDK alone. One compile class path holds
 * both, so a wrong import compiles; without these rules it would fail only when a notebook runs.
 */
class DependencyRulesTest {

    /** What only the kernel's jar holds: the kernel, jjava-jupyter, ZeroMQ (jeromq, jnacl), ASM, Gson, Maven's resolver. */
    static final String[] KERNEL_ONLY = {"backprop.kernel..", "org.dflib.jjava..", "org.zeromq..", "zmq..",
            "com.neilalexander..", "org.objectweb.asm..", "com.google.gson..", "org.apache.maven..", "org.eclipse.aether..",
            "org.apache.http..", "org.codehaus.plexus.."};
    /** What only the course library's jar holds: the course, EJML, XChart, Tablesaw, lbfgs4j. */
    static final String[] COURSE_ONLY = {"backprop.course..", "org.ejml..", "org.knowm.xchart..", "tech.tablesaw..",
            "com.github.lbfgs4j.."};

    static final ArchRule THE_COURSE_LIBRARY_STANDS_ALONE = noClasses()
            .that().resideInAPackage("backprop.course..")
            .should().dependOnClassesThat().resideInAnyPackage(KERNEL_ONLY)
            .because("notebooks load the course library into JShell under any Java kernel (IJava, JJava, the course's)");
    static final ArchRule THE_KERNEL_KNOWS_NO_LESSON = noClasses()
            .that().resideInAPackage("backprop.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage(COURSE_ONLY)
            .because("the kernel's jar does not hold them: a notebook brings them with %classpath");

    static final ArchRule THE_COMMS_CONTRACT_IS_JDK_ONLY = classes()
            .that().resideInAPackage("backprop.comm..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("backprop.comm..", "java..")
            .because("both jars hold it: the kernel offers its comms and the course's widgets use them through it");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("backprop");

    @Test
    void theCourseLibraryUsesNothingOfTheKernels() {
        THE_COURSE_LIBRARY_STANDS_ALONE.check(MAIN);
    }

    @Test
    void theKernelUsesNothingOfTheCourseLibrarys() {
        THE_KERNEL_KNOWS_NO_LESSON.check(MAIN);
    }

    @Test
    void theCommsBetweenThemUseTheJdkAlone() {
        THE_COMMS_CONTRACT_IS_JDK_ONLY.check(MAIN);
    }

    @Test
    void aWrongImportBreaksTheRule() {
        JavaClasses wrong = new ClassFileImporter().importClasses(backprop.course.WrongImportExample.class);
        assertTrue(THE_COURSE_LIBRARY_STANDS_ALONE.evaluate(wrong).hasViolation());
    }
}
