package backprop.kernel;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitGuardTest {

    /** Compiles one class with javac and returns its class file. */
    private static byte[] compile(Path dir, String name, String source) throws Exception {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), file.toString()));
        return Files.readAllBytes(dir.resolve(name + ".class"));
    }

    private static Class<?> define(String name, byte[] bytes) {
        return new ClassLoader(ExitGuardTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }

    @Test
    void systemExitThrowsInsteadAndTheRestStillRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] original = compile(dir, "Quitter", """
                public class Quitter {
                    public static long big = 1234567890123L;          // a Long entry: two constant pool slots
                    public static String run(int code) {
                        String before = "ran " + code + " " + big + " " + 2.5;
                        if (code >= 0) System.exit(code);
                        return before;
                    }
                }""");
        Class<?> guarded = define("Quitter", ExitGuard.guard(original));
        Method run = guarded.getMethod("run", int.class);
        assertEquals("ran -1 1234567890123 2.5", run.invoke(null, -1));
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> run.invoke(null, 3));
        assertInstanceOf(ExitGuard.SystemExitCalled.class, e.getCause());
    }

    @Test
    void runtimeExitAndHaltAndMethodReferencesThrowInstead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] original = compile(dir, "Halter", """
                import java.util.function.IntConsumer;
                import java.util.function.ObjIntConsumer;
                public class Halter {
                    public static void exit() { Runtime.getRuntime().exit(1); }
                    public static void halt() { Runtime.getRuntime().halt(2); }
                    public static void systemExitReference() { IntConsumer quit = System::exit; quit.accept(3); }
                    public static void boundHaltReference() { IntConsumer quit = Runtime.getRuntime()::halt; quit.accept(4); }
                    public static void unboundExitReference() { ObjIntConsumer<Runtime> quit = Runtime::exit; quit.accept(Runtime.getRuntime(), 5); }
                    public static int stillRuns() { return Runtime.getRuntime().availableProcessors() > 0 ? 6 : 0; }
                }""");
        Class<?> guarded = define("Halter", ExitGuard.guard(original));
        assertEquals(6, guarded.getMethod("stillRuns").invoke(null));
        String[] calls = {"exit", "halt", "systemExitReference", "boundHaltReference", "unboundExitReference"};
        String[] said = {"Runtime.exit(1)", "Runtime.halt(2)", "System.exit(3)", "Runtime.halt(4)", "Runtime.exit(5)"};
        for (int i = 0; i < calls.length; i++) {
            Method call = guarded.getMethod(calls[i]);
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call.invoke(null), calls[i]);
            assertInstanceOf(ExitGuard.SystemExitCalled.class, e.getCause(), calls[i]);
            assertTrue(e.getCause().getMessage().startsWith(said[i]), e.getCause().getMessage());
        }
    }

    @Test
    void aClassWithoutSystemExitIsLeftAsItIs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] original = compile(dir, "Quiet", "public class Quiet { public static int f() { return Runtime.version().feature(); } }");
        assertArrayEquals(original, ExitGuard.guard(original));
    }
}
