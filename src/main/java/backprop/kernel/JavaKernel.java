package backprop.kernel;

import backprop.comm.Comms;
import backprop.comm.WidgetView;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The course's Java kernel: JShell behind the Jupyter protocol, with IJava's notebook surface
 * (last expression as the result, {@code display}/{@code render}/{@code updateDisplay},
 * {@code %classpath}/{@code %jars}, IJava's default imports). This class answers Jupyter's
 * requests; the work is done by
 * <ul>
 *   <li>{@link ShellStart}: JShell, started while the kernel connects;</li>
 *   <li>{@link CodeEvaluator}: a cell's magic lines and Java, run in order;</li>
 *   <li>{@link LearnerErrors}: errors as a learner reads them;</li>
 *   <li>{@link CellStreams}: System.out/err/in while a cell runs;</li>
 *   <li>{@link CodeAnalysis}: completion, documentation, completeness;</li>
 *   <li>{@link KernelComms}: Jupyter's comms, which the course's widgets speak;</li>
 *   <li>{@link Replies}: the replies' shapes jjava-jupyter lacks.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>jupyter-shell</b> ({@link ShellSocket}) handles the shell socket's requests one at a time:
 *   execute (which runs the cell's JShell snippets and waits for them), kernel_info, history,
 *   complete, inspect, is_complete, and the comm messages ({@link KernelComms}: a widget's listener
 *   runs as a cell does, and the shell thread waits for it). {@link #handleExecuteRequest} is synchronized, so a cell
 *   and {@link #evalRaw} never overlap.</li>
 *   <li><b>JShell's execution thread</b> (thread group "JShell process local execution", made by
 *   {@link CellExecutionControl} for each snippet) runs the learner's code, and <b>cell-result</b>
 *   (a thread group of the same name) shows the cell's value; the shell thread waits for each.</li>
 *   <li><b>jupyter-control</b> ({@link ShellSocket} too) handles interrupt and shutdown while a cell
 *   runs: {@link #interrupt} sets {@code CodeEvaluator.interrupted} (volatile) and stops the
 *   execution thread, if {@code CodeEvaluator.running} (volatile) says a cell runs (from before its
 *   execute_input goes out to its reply).</li>
 *   <li><b>jupyter-iopub</b> ({@link IOPubSocket}) alone sends on the IOPub socket, from its queue;
 *   every other thread only queues.</li>
 *   <li><b>cell-output-flusher</b> ({@link CellStreams}) sends what the running cell printed every
 *   100 ms; {@code CellStreams.cellOut/cellErr} (volatile) are the streams it flushes.</li>
 *   <li><b>jshell-start</b> ({@link ShellStart}) starts JShell once; every other thread that needs
 *   JShell waits for it.</li>
 * </ul>
 * {@link #runningCell} (volatile) is the execute request being run, for {@link ClearOutput}, which a
 * cell calls on the execution thread.
 */
public final class JavaKernel extends BaseKernel {

    private final CellHistory history;
    private final ShellStart jshell;
    private final CodeEvaluator evaluator;
    private final CodeAnalysis analysis;
    private final CellStreams streams;
    private final KernelComms comms;
    private volatile ShellReplyEnvironment runningCell;
    /**
     * Why this kernel cannot run the notebook's cells (its course clone is not set up), said by every
     * cell; null when it can. Set by environment/kernel-launcher.
     */
    private final String problem = blankToNull(System.getenv("COURSE_KERNEL_PROBLEM"));
    /**
     * Said once, by the first cell, as a warning: why the kernel before this one may have stopped (the
     * student's server reached its memory bound on the classroom's hub). Set by environment/kernel-launcher.
     */
    private volatile String notice = blankToNull(System.getenv("COURSE_KERNEL_NOTICE"));
    /** What {@code %doc} asked the pager to show, sent with the cell's execute_reply (shell thread only). */
    private final List<Map<String, Object>> pages = new ArrayList<>();

    public JavaKernel() {
        this(new CellHistory(), new CellStreams.CellIO());
    }

    private JavaKernel(CellHistory history, CellStreams.CellIO cellIO) {
        super(KernelVersion.IMPLEMENTATION,
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
                cellIO,
                new CommManager(),   // jjava's, unused: KernelComms takes over the comm requests
                new WidgetsUntextedRenderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder().build());
        this.history = history;
        this.streams = new CellStreams(cellIO);
        ImageOutput.register(getRenderer());
        CellExecutionControl.Provider engine = new CellExecutionControl.Provider();
        this.jshell = new ShellStart(engine);
        this.analysis = new CodeAnalysis(jshell);
        Magics magics = new Magics(path -> jshell.shell().addToClasspath(path), this::page, this::runLoaded);
        LearnerErrors errors = new LearnerErrors();
        this.evaluator = new CodeEvaluator(jshell, engine, magics, errors);
        SnippetFrames frames = new SnippetFrames(jshell::shell);
        this.comms = new KernelComms(evaluator::callBack,
                t -> String.join("\n", errors.callbackError(frames.translate(t)).traceback));
        comms.register(getRenderer());
        Comms.offer(comms);
    }

    // ---- the execute request ---------------------------------------------------------------

    @Override
    public Object evalRaw(String code) {
        return evaluator.run(code, 0);
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        comms.setParent(message);
        ExecuteRequest request = message.getContent();
        boolean counted = request.shouldStoreHistory() && !request.isSilent();
        int count = counted ? executionCount.getAndIncrement() : executionCount.get();

        env.setBusyDeferIdle();
        evaluator.cellBegins();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        streams.attach(env, request.isStdinEnabled());
        runningCell = env;
        pages.clear();
        try {
            if (notice != null) {
                System.err.println(notice);
                notice = null;
            }
            if (problem != null) {
                throw new CellError("CourseNotSetUp", problem);
            }
            Object value = evaluator.run(request.getCode(), count);
            DisplayData out = value == null ? null
                    : value instanceof DisplayData d ? d : evaluator.show(value, getRenderer()::render);
            streams.flush();
            if (out != null && !request.isSilent()) {
                // a widget goes out as a display: Notebook 6 gives an execute result an "Out[n]:" prompt
                // even when it draws none of its data (the widget is drawn by its "display" message)
                if (value instanceof WidgetView) {
                    env.publish(new PublishDisplayData(out));
                } else {
                    env.publish(new PublishExecuteResult(count, out));
                }
            }
            if (counted) {
                Object text = out == null ? null : out.getData(MIMEType.TEXT_PLAIN);
                history.add(count, request.getCode(), text == null ? "" : text.toString());
            }
            env.defer().reply(new Replies.CellReply(count, List.copyOf(pages)));
        } catch (Throwable t) {
            CellError error = t instanceof CellError c ? c : LearnerErrors.kernelError(t);
            streams.flush();
            if (counted) history.add(count, request.getCode(), "");
            env.publish(new PublishError(error.name, error.getMessage(), error.traceback));
            ErrorReply reply = new ErrorReply(error.name, error.getMessage(), error.traceback);
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } finally {
            evaluator.cellEnds();
            runningCell = null;
        }
    }

    /** jjava's renderer, except that a widget gets no text/plain (Notebook would print it under the widget). */
    private static final class WidgetsUntextedRenderer extends Renderer {
        @Override
        protected DisplayData finalizeDisplayData(DisplayData data, Object value) {
            return value instanceof WidgetView ? data : super.finalizeDisplayData(data, value);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** {@code %load}: a file's code, run in the running cell. */
    private void runLoaded(String code) {
        evaluator.runLoaded(code);
    }

    /** {@code %doc name}: the name's documentation, for the pager. */
    private void page(String name) {
        DisplayData doc = analysis.inspect(name, name.length(), true);
        if (doc == null) {
            throw new CellError("NotFound", "%doc found nothing for " + name + ". Try a class or a method, e.g. %doc Math.abs");
        }
        pages.add(Map.of("source", "page", "start", 0, "data", Map.of("text/plain", doc.getData(MIMEType.TEXT_PLAIN))));
    }

    /** Publishes on IOPub for the cell that is running now (used by clear_output). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void publish(ContentType<?> content) {
        ShellReplyEnvironment env = runningCell;
        if (env != null) env.publish((ContentType) content);
    }

    // ---- the other requests ----------------------------------------------------------------

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        if (connection instanceof KernelConnection ours) comms.serve(connection, ours.iopub());
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.KernelInfo(getLanguageInfo(), getBanner(), getHelpLinks()));
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
        env.reply(new Replies.HistoryReply(entries));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return analysis.complete(code, at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return analysis.inspect(code, at, extraDetail);
    }

    @Override
    public String isComplete(String code) {
        return analysis.isComplete(code);
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        jshell.closeIfStarted();
    }
}
