package backprop.kernel;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What Jupyter asks about code that is not run: completions (Tab), documentation (Shift-Tab), completeness. */
final class CodeAnalysis {

    private final ShellStart jshell;

    CodeAnalysis(ShellStart jshell) {
        this.jshell = jshell;
    }

    /** complete_request: what may follow the cursor. */
    ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        Set<String> replacements = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : jshell.shellWithIndex().sourceCodeAnalysis().completionSuggestions(code, at, anchor)) {
            replacements.add(s.continuation());
        }
        return new ReplacementOptions(new ArrayList<>(replacements), anchor[0], at);
    }

    /** inspect_request: the signature (and with {@code extraDetail} the Javadoc) of what is at the cursor; null if nothing. */
    DisplayData inspect(String code, int at, boolean extraDetail) {
        SourceCodeAnalysis analysis = jshell.shell().sourceCodeAnalysis();
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

    /** is_complete_request: complete, incomplete (with the indent to continue with) or invalid. */
    String isComplete(String code) {
        String remaining = CellText.withoutMagicLines(code);
        while (true) {
            CompletionInfo info = jshell.shell().sourceCodeAnalysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return BaseKernel.IS_COMPLETE_YES;
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    if (!SyntaxCheck.parses(info.source())) return BaseKernel.IS_COMPLETE_BAD;
                    if (info.remaining().isBlank()) return BaseKernel.IS_COMPLETE_YES;
                    remaining = info.remaining();
                    continue;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                default:
                    return BaseKernel.IS_COMPLETE_BAD;
            }
        }
    }
}
