package backprop.kernel;

import com.sun.source.util.JavacTask;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Whether a snippet that JShell calls complete is also valid Java, by parsing it (no types, no
 * classpath) in each place a snippet may stand: a statement, an expression, a class member,
 * a compilation unit. JShell's own completeness check accepts "int 9x = 1;" or "1 +* 2";
 * a console asking is_complete should hear "invalid" for those.
 */
final class SyntaxCheck {

    private static final String[][] WRAPPERS = {
            {"class $W { void $m() throws Throwable {\n", "\n;} }"},
            {"class $W { Object $o = (\n", "\n); }"},
            {"class $W {\n", "\n}"},
            {"", "\n"},
    };

    private SyntaxCheck() {}

    static boolean parses(String snippet) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return true; // no compiler to ask: do not call anything invalid
        for (String[] wrapper : WRAPPERS) {
            if (parsesAs(javac, wrapper[0] + snippet + wrapper[1])) return true;
        }
        return false;
    }

    private static boolean parsesAs(JavaCompiler javac, String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (IOException e) {
            return true;
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
}
