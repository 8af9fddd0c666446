package backprop.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The course's Java kernel: JShell behind the Jupyter protocol, with IJava's notebook surface
 * (last expression as the result, {@code display}/{@code render}/{@code updateDisplay},
 * {@code %classpath}/{@code %jars}, IJava's default imports).
 */
public final class JavaKernel extends BaseKernel {

    /**
     * IJava's default imports (JShell's DEFAULT startup) and its display functions, one snippet a
     * line. The functions come from {@link NotebookBridge}, with IJava's signatures.
     */
    static final List<String> STARTUP = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import static backprop.kernel.NotebookBridge.*;");

    private static final int MAX_FRAMES = 12;

    private final CellHistory history;
    /** JShell, started on its own thread while the kernel connects: the first cell waits for it. */
    private final CompletableFuture<JShell> jshell;
    private final CellExecutionControl.Provider engine;
    private final Magics magics;
    /** Where each snippet came from (cell number and its first line), for readable traces. */
    private final Map<String, int[]> snippetOrigins = new HashMap<>();
    private volatile ShellReplyEnvironment currentEnv;
    /** Set by an interrupt request; the running cell ends with "Interrupted" instead of going on. */
    private volatile boolean interrupted;
    /** Whether a cell is running: an interrupt that comes between cells is ignored. */
    private volatile boolean cellRunning;
    /** What {@code %doc} asked the pager to show, sent with the cell's execute_reply. */
    private final List<Map<String, Object>> pages = new ArrayList<>();

    public JavaKernel() {
        this(new CellHistory());
    }

    private JavaKernel(CellHistory history) {
        super("backprop-course-java",
                KernelVersion.VERSION,
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
                history,
                new CellIO(),
                new CommManager(),
                new Renderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder().build());
        this.history = history;
        ImageSize.register(getRenderer());
        this.engine = new CellExecutionControl.Provider();
        this.magics = new Magics(path -> shell().addToClasspath(path), this::page);
        this.jshell = CompletableFuture.supplyAsync(this::startJShell, task -> {
            Thread thread = new Thread(task, "jshell-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private JShell startJShell() {
        JShell started = JShell.builder()
                .executionEngine(engine, Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        for (String snippet : STARTUP) {
            for (SnippetEvent event : started.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("the kernel's start-up snippet was rejected: " + snippet);
                }
            }
        }
        // JShell's first run of a snippet loads and links what running one takes (~50 ms): do it
        // now, while the kernel connects, rather than in the learner's first cell; then forget it
        for (SnippetEvent event : started.eval("0")) {
            started.drop(event.snippet());
        }
        return started;
    }

    /** JShell, once it has started (at once after the first cell). */
    private JShell shell() {
        try {
            return jshell.join();
        } catch (CompletionException e) {
            throw new CellError("KernelStartFailed", "JShell could not start: " + e.getCause()
                    + ". Restart the kernel; if this happens again, run environment/setup.");
        }
    }

    // ---- evaluation ------------------------------------------------------------------------

    @Override
    public Object evalRaw(String code) {
        return evalCell(code, 0);
    }

    /** Runs a cell: magic lines ({@code %...}) in place, Java in between; returns the last value. */
    private Object evalCell(String code, int cellNumber) {
        Object last = null;
        String[] lines = code.split("\n", -1);
        StringBuilder java = new StringBuilder();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().startsWith("%")) {
                if (!java.toString().isBlank()) last = evalJava(java.toString(), cellNumber, javaStart);
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
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        Object last = null;
        String remaining = code;
        int line = firstLine;
        while (!remaining.isBlank()) {
            int blank = leadingBlankLines(remaining);
            line += blank;
            remaining = remaining.substring(nthLineStart(remaining, blank));
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            boolean complete = info.completeness().isComplete();
            String rest = complete ? info.remaining() : "";
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                last = evalSnippet(complete ? info.source() : remaining, cellNumber, line);
            }
            line += countLines(remaining.substring(0, remaining.length() - rest.length()));
            remaining = rest;
        }
        return last;
    }

    private Object evalSnippet(String source, int cellNumber, int firstLine) {
        List<SnippetEvent> events = shell().eval(source);
        if (interrupted) {
            throw interruptedError();
        }
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue;
            Snippet snippet = event.snippet();
            snippetOrigins.put(snippet.id(), new int[] {cellNumber, firstLine});
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, source, firstLine);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            value = liveValue(snippet);
        }
        return value;
    }

    /** The object the snippet evaluated to, or null when it is a statement or a declaration. */
    private Object liveValue(Snippet snippet) {
        VarSnippet var = null;
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            var = v;
        } else if (snippet instanceof ExpressionSnippet e) {
            var = shell().variables().filter(v -> v.name().equals(e.name())).findFirst().orElse(null);
        }
        if (var == null) return null;
        shell().varValue(var);
        return engine.control().lastValue();
    }

    // ---- errors ----------------------------------------------------------------------------

    private CellError compileError(Snippet snippet, String source, int firstLine) {
        List<Diag> diags = shell().diagnostics(snippet).filter(Diag::isError).toList();
        if (diags.isEmpty()) {
            return new CellError("CompilationError", "JShell could not compile this code: " + snippet.source().strip());
        }
        List<String> traceback = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (Diag diag : diags) {
            int pos = (int) Math.max(0, Math.min(diag.getPosition(), source.length()));
            int lineIndex = countLines(source.substring(0, pos));
            int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
            String message = diag.getMessage(Locale.ENGLISH);
            traceback.add("Compilation error, line " + (firstLine + lineIndex + 1) + " of the cell: " + message);
            if (lineIndex < lines.length) {
                traceback.add("    " + lines[lineIndex]);
                traceback.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
            }
        }
        return new CellError("CompilationError", diags.get(0).getMessage(Locale.ENGLISH), traceback);
    }

    private CellError runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            Snippet s = unresolved.getSnippet();
            String message = s + " uses something not defined yet: "
                    + String.join(", ", shell().unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList());
            return new CellError("UnresolvedReference", message);
        }
        EvalException eval = (EvalException) exception;
        String className = eval.getExceptionClassName();
        if (className.equals(ExitGuard.SystemExitCalled.class.getName())) {
            return new CellError("SystemExit", eval.getMessage());
        }
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String message = withoutWrapperNames(eval.getMessage());
        if (className.equals("java.lang.StackOverflowError")) {
            message = "the calls went too deep: does a method call itself without ever stopping?";
        } else if (className.equals("java.lang.OutOfMemoryError")) {
            message = message + ": the cell needed more memory than the kernel has (at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB). Memory that variables still refer to "
                    + "stays taken: set such variables to null, or use Kernel → Restart.";
        }
        List<String> traceback = new ArrayList<>();
        traceback.add(className + (message.isEmpty() ? "" : ": " + message));
        traceback.addAll(frames(eval.getStackTrace()));
        Throwable current = eval.getCause();
        String prefix = "Caused by: ";
        while (current != null) {
            String name = current instanceof EvalException e ? e.getExceptionClassName() : current.getClass().getName();
            traceback.add(prefix + name + (current.getMessage() == null ? "" : ": " + withoutWrapperNames(current.getMessage())));
            traceback.addAll(frames(current.getStackTrace()));
            current = current.getCause();
            prefix = "Caused by: ";
        }
        return new CellError(simpleName, message, traceback);
    }

    /**
     * The user's frames only: cells (by cell number and line) and libraries, not JShell's
     * machinery; a frame repeated many times in a row (endless recursion) is shown once.
     */
    private List<String> frames(StackTraceElement[] stack) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < stack.length) {
            String cls = stack[i].getClassName();
            if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                    || cls.startsWith("jdk.jshell") || cls.startsWith("java.lang.Thread")) {
                break;
            }
            if (lines.size() == MAX_FRAMES) {
                lines.add("    ... " + (stack.length - i) + " more frames");
                break;
            }
            int repeats = 1;
            while (i + repeats < stack.length && stack[i + repeats].equals(stack[i])) repeats++;
            lines.add("    at " + describe(stack[i])
                    + (repeats > 1 ? "   (the same call " + repeats + " times in a row)" : ""));
            i += repeats;
        }
        return lines;
    }

    /** A frame as the learner reads it: "f (cell [3], line 2)" for code typed in a cell. */
    private String describe(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String method = frame.getMethodName();
        String where = method.isEmpty() || method.startsWith("do_it$") ? "the cell" : method;
        int[] origin = snippetOrigins.get(file.substring(1));
        if (origin == null || frame.getLineNumber() <= 0) {
            return where;
        }
        String cell = origin[0] > 0 ? "cell [" + origin[0] + "]" : "this cell";
        return where + " (" + cell + ", line " + (origin[1] + frame.getLineNumber()) + ")";
    }

    /** JShell's wrapper class names mean nothing to a learner: "REPL.$JShell$23.o" reads "o". */
    private static String withoutWrapperNames(String message) {
        return message == null ? "" : message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Za-z]*\\.", "");
    }

    private static int countLines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private static int nthLineStart(String text, int n) {
        int index = 0;
        for (int i = 0; i < n; i++) index = text.indexOf('\n', index) + 1;
        return index;
    }

    private static int leadingBlankLines(String text) {
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) break;
            lines++;
        }
        return lines;
    }

    // ---- the execute request ---------------------------------------------------------------

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean counted = request.shouldStoreHistory() && !request.isSilent();
        int count = counted ? executionCount.getAndIncrement() : executionCount.get();

        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        redirectStreams(env, request.isStdinEnabled());
        CellIO cellIO = (CellIO) io;
        cellIO.attach(env, request.isStdinEnabled());
        env.defer(() -> cellIO.detach(env));
        currentEnv = env;
        interrupted = false;
        pages.clear();
        cellRunning = true;
        try {
            Object value = evalCell(request.getCode(), count);
            DisplayData out = value == null ? null
                    : value instanceof DisplayData d ? d : getRenderer().render(value);
            flushStreams();
            if (out != null && !request.isSilent()) {
                env.publish(new PublishExecuteResult(count, out));
            }
            if (counted) {
                Object text = out == null ? null : out.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
                history.add(count, request.getCode(), text == null ? "" : text.toString());
            }
            env.defer().reply(new CellReply(count, List.copyOf(pages)));
        } catch (Throwable t) {
            if (t instanceof ThreadDeath) {
                t = interruptedError();
            }
            CellError error = t instanceof CellError c ? c : kernelError(t);
            flushStreams();
            if (counted) history.add(count, request.getCode(), "");
            env.publish(new PublishError(error.name, error.getMessage(), error.traceback));
            ErrorReply reply = new ErrorReply(error.name, error.getMessage(), error.traceback);
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } finally {
            cellRunning = false;
            currentEnv = null;
        }
    }

    /** execute_reply with the {@code payload} list (the pager's pages) the protocol defines. */
    static final class CellReply extends ExecuteReply {
        @SuppressWarnings("unused") private final List<Map<String, Object>> payload;

        CellReply(int count, List<Map<String, Object>> payload) {
            super(count, Map.of());
            this.payload = payload;
        }
    }

    private void page(String name) {
        DisplayData doc = inspect(name, name.length(), true);
        if (doc == null) {
            throw new CellError("NotFound", "%doc found nothing for " + name + ". Try a class or a method, e.g. %doc Math.abs");
        }
        pages.add(Map.of("source", "page", "start", 0,
                "data", Map.of("text/plain", doc.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN))));
    }

    private static CellError interruptedError() {
        return new CellError("Interrupted", "The cell was interrupted. What earlier cells defined is still there.");
    }

    /** A failure in the kernel itself while running the cell: said plainly, kernel stays up. */
    private static CellError kernelError(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return new CellError(t.getClass().getSimpleName(), message,
                List.of(t.getClass().getName() + ": " + message,
                        "(raised by the kernel while running the cell; the kernel is still running)"));
    }

    /** The cell's stdout, stderr, stdin and displays, attached to the request being run. */
    private static final class CellIO extends JupyterIO {
        CellIO() {
            super(StandardCharsets.UTF_8);
        }

        void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
            setEnv(env);
            setJupyterInEnabled(stdinAllowed);
        }

        void detach(ShellReplyEnvironment env) {
            retractEnv(env);
        }
    }

    /** The running cell's System.out and System.err (new for each cell, see redirectStreams). */
    private volatile PrintStream cellOut;
    private volatile PrintStream cellErr;

    private static PrintStream cellStream(java.io.OutputStream notebook) {
        return new PrintStream(new CellOutputStream(notebook), false, StandardCharsets.UTF_8);
    }
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-output-flusher");
        t.setDaemon(true);
        return t;
    });

    /** System.out/err/in go to the cell while it runs; output reaches the notebook at least every 100 ms. */
    private void redirectStreams(ShellReplyEnvironment env, boolean stdinAllowed) {
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        // new streams for each cell: a cell stopped in the middle of a println (Thread.stop, JDK 17)
        // leaves the rest of that line inside its PrintStream, and it must not show up in the next cell
        cellOut = cellStream(io.out);
        cellErr = cellStream(io.err);
        System.setOut(cellOut);
        System.setErr(cellErr);
        System.setIn(stdinAllowed ? io.in : NO_INPUT);
        ScheduledFuture<?> ticking = flusher.scheduleWithFixedDelay(this::flushStreams, 100, 100, TimeUnit.MILLISECONDS);
        env.defer(() -> {
            ticking.cancel(false);
            flushStreams();
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
    }

    /** System.in when the frontend cannot answer input requests (nbconvert, nbclient, a grader). */
    private static final InputStream NO_INPUT = new InputStream() {
        @Override
        public int read() {
            throw new IllegalStateException("this cell reads from System.in, but whatever runs the notebook now cannot "
                    + "take typed input (in Jupyter Notebook it can). Put the value in the code instead.");
        }
    };

    private void flushStreams() {
        cellErr.flush();
        cellOut.flush();
    }

    /** Publishes on IOPub for the cell that is running now (used by clear_output). */
    void publish(ContentType<?> content) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) env.publish((ContentType) content);
    }

    // ---- the other requests ----------------------------------------------------------------

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        if (connection instanceof KernelConnection ours) commManager.setIOPubChannel(ours.iopub());
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfo(getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    /**
     * kernel_info_reply with the {@code status} field the protocol requires, and the
     * {@code iopub_welcome} feature ({@link IOPubSocket}) in {@code supported_features}.
     */
    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") private final String status = "ok";
        @SuppressWarnings("unused") private final List<String> supported_features = List.of("iopub_welcome");

        KernelInfo(LanguageInfo language, String banner, List<HelpLink> links) {
            super(Header.PROTOCOL_VERISON, "backprop-course-java", KernelVersion.VERSION, language, banner, links);
        }
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        if (!request.useRaw()) flags.add(HistoryManager.ResultFlag.TRANSFORMED_INPUT);
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                yield history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) flags.add(HistoryManager.ResultFlag.UNIQUE);
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
        };
        env.reply(new History(entries));
    }

    /**
     * history_reply as the protocol has it: a {@code status}, and each entry a list
     * {@code [session, line, input]} or {@code [session, line, [input, output]]}.
     */
    static final class History implements ContentType<History> {
        @SuppressWarnings("unused") private final String status = "ok";
        @SuppressWarnings("unused") private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<History> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        Set<String> replacements = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : shell().sourceCodeAnalysis().completionSuggestions(code, at, anchor)) {
            replacements.add(s.continuation());
        }
        return new ReplacementOptions(new ArrayList<>(replacements), anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        int cursor = Math.max(0, Math.min(at, code.length()));
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
        if (docs.isEmpty()) {
            // the cursor at the end of a method's name: ask as if the call were open, `Math.abs(`
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            String opened = code.substring(0, end) + "(";
            docs = analysis.documentation(opened, opened.length(), true);
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (extraDetail && doc.javadoc() != null) text.append(doc.javadoc()).append('\n');
        }
        if (text.length() == 0) {
            String type = analysis.analyzeType(code, cursor);
            if (type == null || type.isEmpty()) return null;
            text.append(type);
        }
        return new DisplayData(text.toString().strip());
    }

    @Override
    public String isComplete(String code) {
        String remaining = withoutMagicLines(code);
        while (true) {
            CompletionInfo info = shell().sourceCodeAnalysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return IS_COMPLETE_YES;
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    if (!SyntaxCheck.parses(info.source())) return IS_COMPLETE_BAD;
                    if (info.remaining().isBlank()) return IS_COMPLETE_YES;
                    remaining = info.remaining();
                    continue;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                default:
                    return IS_COMPLETE_BAD;
            }
        }
    }

    private static String withoutMagicLines(String code) {
        StringBuilder java = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            if (!line.stripLeading().startsWith("%")) java.append(line).append('\n');
        }
        return java.toString();
    }

    @Override
    public void interrupt() {
        if (!cellRunning) return;
        interrupted = true;
        shell().stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (jshell.isDone() && !jshell.isCompletedExceptionally()) {
            jshell.join().close();
        }
    }
}
