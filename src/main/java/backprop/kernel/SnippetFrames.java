package backprop.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Turns the frames of an exception thrown outside a cell's run (a widget's view, called when the
 * learner moves a slider) into the frames JShell gives a cell's exception: "#snippet id" as the
 * file and the snippet's own line, so {@link LearnerErrors} can name the cell and its line.
 *
 * <p>JShell translates only the exceptions of the snippets it runs, with its internal map from
 * wrapper classes to snippets (what its {@code Eval.translateExceptionStack} reads). That map is
 * read here by reflection, which the kernel's JVM allows with
 * {@code --add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED} (environment/kernel.json.template); the same on
 * JDK 17 to 25. Without it, the frames stay as they are: "a class defined in a cell".
 */
final class SnippetFrames {

    private final Supplier<JShell> shell;

    SnippetFrames(Supplier<JShell> shell) {
        this.shell = shell;
    }

    /** The throwable (and its causes) with JShell's wrapper frames translated, where JShell's map allows. */
    Throwable translate(Throwable t) {
        try {
            Object outerMap = field(JShell.class, "outerMap").get(shell.get());
            Method getOuter = method(outerMap.getClass(), "getOuter", String.class);
            for (Throwable e = t; e != null && e.getCause() != e; e = e.getCause()) {
                StackTraceElement[] frames = e.getStackTrace();
                for (int i = 0; i < frames.length; i++) {
                    Object outer = getOuter.invoke(outerMap, frames[i].getClassName());
                    if (outer != null && frames[i].getLineNumber() > 0) frames[i] = translated(frames[i], outer);
                }
                e.setStackTrace(frames);
            }
        } catch (ReflectiveOperationException | RuntimeException notOpen) {
            // JShell's map cannot be read: the frames stay as the JVM gave them
        }
        return t;
    }

    /** JShell's own translation: the wrapper line becomes the snippet's id and the line within it. */
    private static StackTraceElement translated(StackTraceElement frame, Object outer) throws ReflectiveOperationException {
        int wrapLine = frame.getLineNumber() - 1;
        int line = (int) method(outer.getClass(), "wrapLineToSnippetLine", int.class).invoke(outer, wrapLine) + 1;
        Snippet snippet = (Snippet) method(outer.getClass(), "wrapLineToSnippet", int.class).invoke(outer, wrapLine);
        return snippet == null ? frame : new StackTraceElement(frame.getClassName(), frame.getMethodName(), "#" + snippet.id(), line);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod(name, parameters);
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException inSuperclass) {
                // look further up
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
