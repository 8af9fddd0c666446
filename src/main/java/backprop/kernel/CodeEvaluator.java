package backprop.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a cell: its magic lines in place, the Java between them split into JShell snippets and
 * evaluated in order; the value of the last one is the cell's result. Kernel → Interrupt stops it.
 */
final class CodeEvaluator {

    private final ShellStart jshell;
    private final CellExecutionControl.Provider engine;
    private final Magics magics;
    private final LearnerErrors errors;
    /**
     * Whether a cell is running (written by the shell thread), from before the front end hears that it
     * started ({@link #cellBegins}) to its end: an interrupt between cells is ignored.
     */
    private volatile boolean running;
    /** Set by an interrupt request (control thread); the running cell ends with "Interrupted". */
    private volatile boolean interrupted;

    CodeEvaluator(ShellStart jshell, CellExecutionControl.Provider engine, Magics magics, LearnerErrors errors) {
        this.jshell = jshell;
        this.engine = engine;
        this.magics = magics;
        this.errors = errors;
    }

    /**
     * An execute request (or a widget's redraw) begins, before its {@code execute_input} goes out: from
     * here Kernel → Interrupt stops it. (Marked only inside {@link #run}, an interrupt pressed as the front
     * end showed the cell busy could come first, be ignored, and the cell run to its end; a loaded machine
     * did so.)
     */
    void cellBegins() {
        interrupted = false;
        CellExecutionControl.cellStarts();
        running = true;
    }

    /** The execute request (or the redraw) has ended: a later interrupt is ignored. */
    void cellEnds() {
        running = false;
    }

    /**
     * Runs the cell numbered {@code cellNumber} (0: a cell not counted, e.g. {@code eval}) and
     * returns its last value (null when it ends with a statement or a declaration).
     *
     * @throws CellError what the learner reads when it fails or is interrupted
     */
    Object run(String code, int cellNumber) {
        boolean nested = running;   // the execute request's own run, or eval(...) called by a running cell
        if (!nested) cellBegins();
        try {
            if (interrupted) throw LearnerErrors.interrupted();   // interrupted as it began
            return evalCell(code, cellNumber);
        } catch (ThreadDeath stopped) {   // JDK 17: JShell's stop is Thread.stop
            throw LearnerErrors.interrupted();
        } finally {
            if (!nested) cellEnds();
        }
    }

    /**
     * Runs a widget's listener (the learner moved a control) as a cell runs, on a thread Kernel →
     * Interrupt stops; the shell thread waits for it. The widget library shows the learner's own
     * errors under the widget; what escapes it is the kernel's log's.
     */
    void callBack(Runnable listener) {
        cellBegins();
        try {
            engine.control().runStoppable(() -> {
                listener.run();
                return null;
            });
        } catch (ThreadDeath stopped) {
            // interrupted: the widget keeps what it showed
        } catch (Throwable t) {
            System.err.println("kernel: a widget's listener failed: " + t);
        } finally {
            cellEnds();
        }
    }

    /** {@code %load}: code from a file, run as part of the running cell (its last value is not shown). */
    void runLoaded(String code) {
        evalCell(code, 0);
    }

    /** Kernel → Interrupt (on the control thread): stops the running cell, if any. */
    void interrupt() {
        if (!running) return;
        interrupted = true;
        jshell.shell().stop();
    }

    private Object evalCell(String code, int cellNumber) {
        if (Magics.isCellMagic(code)) {
            magics.runCell(code);
            return null;
        }
        Object last = null;
        String[] lines = code.split("\n", -1);
        StringBuilder java = new StringBuilder();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            if (CellText.isMagicLine(lines[i])) {
                if (!java.toString().isBlank()) evalJava(java.toString(), cellNumber, javaStart);
                java.setLength(0);
                magics.run(lines[i]);
                last = null;
                javaStart = i + 1;
            } else {
                java.append(lines[i]).append('\n');
            }
        }
        if (!java.toString().isBlank()) last = evalJava(java.toString(), cellNumber, javaStart);
        return last;
    }

    /** Splits Java source into JShell snippets and evaluates them in order. */
    private Object evalJava(String code, int cellNumber, int firstLine) {
        SourceCodeAnalysis analysis = jshell.shell().sourceCodeAnalysis();
        Object last = null;
        String remaining = code;
        int line = firstLine;
        while (!remaining.isBlank()) {
            int blank = CellText.leadingBlankLines(remaining);
            line += blank;
            remaining = remaining.substring(CellText.nthLineStart(remaining, blank));
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            boolean complete = info.completeness().isComplete();
            String rest = complete ? info.remaining() : "";
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                last = evalSnippet(complete ? info.source() : remaining, cellNumber, line);
            }
            line += CellText.countLines(remaining.substring(0, remaining.length() - rest.length()));
            remaining = rest;
        }
        return last;
    }

    private Object evalSnippet(String source, int cellNumber, int firstLine) {
        JShell shell = jshell.shell();
        if (interrupted) {   // during a magic line or the snippet before
            throw LearnerErrors.interrupted();
        }
        List<SnippetEvent> events = shell.eval(source);
        if (interrupted) {
            throw LearnerErrors.interrupted();
        }
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue;
            Snippet snippet = event.snippet();
            errors.snippetFrom(snippet.id(), cellNumber, firstLine);
            if (event.status() == Snippet.Status.REJECTED) {
                CellError error = errors.compileError(source, firstLine, shell.diagnostics(snippet).toList());
                List<String> forgotten = forgetEarlierDefinitions(shell, snippet, source, events, cellNumber);
                throw forgotten.isEmpty() ? error : error.withNote("(The earlier " + String.join(", ", forgotten)
                        + " is forgotten: nothing goes on using a version this cell no longer holds.)");
            }
            if (snippet instanceof DeclarationSnippet declaration) {
                errors.definitionWorked(declaration.name());
            }
            if (event.exception() != null) {
                List<String> missing = event.exception() instanceof UnresolvedReferenceException unresolved
                        ? shell.unresolvedDependencies(unresolved.getSnippet()).toList() : List.of();
                throw errors.runtimeError(event.exception(), missing);
            }
            value = liveValue(snippet, event);
        }
        return value;
    }

    /**
     * A method, class or variable declared again that did not compile: JShell may keep the earlier
     * definition (always when the new one does not even parse), and a check would then grade an
     * answer the cell no longer holds. The earlier one is dropped, and later uses of the name say
     * that this cell must be fixed first. Returns the names whose earlier definition is gone.
     */
    private List<String> forgetEarlierDefinitions(JShell shell, Snippet rejected, String source,
                                                  List<SnippetEvent> events, int cellNumber) {
        List<DeclarationSnippet> active = shell.snippets()
                .filter(s -> s != rejected && s instanceof DeclarationSnippet && shell.status(s).isActive())
                .map(s -> (DeclarationSnippet) s).toList();
        Set<String> names = new LinkedHashSet<>();
        if (rejected instanceof DeclarationSnippet declaration) {
            names.add(declaration.name());
        } else {   // it did not parse: the names it declares, of those defined now
            for (DeclarationSnippet d : active) {
                if (CellText.declares(source, d.name())) names.add(d.name());
            }
        }
        Set<String> forgotten = new LinkedHashSet<>();
        for (SnippetEvent e : events) {   // JShell itself replaced a definition with the same signature
            if (e.status() == Snippet.Status.OVERWRITTEN && e.snippet() instanceof DeclarationSnippet d
                    && names.contains(d.name())) forgotten.add(d.name());
        }
        for (DeclarationSnippet d : active) {
            if (names.contains(d.name())) {
                shell.drop(d);
                forgotten.add(d.name());
            }
        }
        names.forEach(name -> errors.definitionFailed(name, cellNumber));
        return List.copyOf(forgotten);
    }

    /**
     * The object the snippet evaluated to, or null when it is a statement or a declaration. The
     * execution control kept it under the key JShell reports as the value's text (see
     * {@link CellExecutionControl#invoke}); JShell never turns it into text.
     */
    private Object liveValue(Snippet snippet, SnippetEvent event) {
        Object value = engine.control().takeValue(event.value());
        boolean isValue = snippet instanceof ExpressionSnippet
                || snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        return isValue ? value : null;
    }

    /**
     * Shows a cell's value (its toString, a renderer, an image encoder) on a thread that Kernel →
     * Interrupt stops like the cell itself.
     *
     * @throws CellError "Interrupted", or what went wrong while showing it, naming its class
     */
    <T> T show(Object value, Function<Object, T> renderer) {
        boolean inCell = running;
        running = true;
        try {
            return engine.control().runStoppable(() -> renderer.apply(value));
        } catch (ThreadDeath stopped) {
            throw LearnerErrors.interrupted();
        } catch (Throwable t) {
            if (interrupted) throw LearnerErrors.interrupted();
            throw errors.showError(t, value);
        } finally {
            running = inCell;
        }
    }
}
