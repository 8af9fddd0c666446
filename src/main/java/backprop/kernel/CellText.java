package backprop.kernel;

import java.util.regex.Pattern;

/** How a cell's text divides: magic lines ({@code %classpath ...}) and Java, counted in lines. */
final class CellText {

    private CellText() {}

    /** A line for the kernel's magics rather than for Java: its first non-blank character is {@code %}. */
    static boolean isMagicLine(String line) {
        return line.stripLeading().startsWith("%");
    }

    /** The cell's Java: every line but the magic lines. */
    static String withoutMagicLines(String code) {
        StringBuilder java = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            if (!isMagicLine(line)) java.append(line).append('\n');
        }
        return java.toString();
    }

    /**
     * Whether the source declares {@code name} at its top level: a method ({@code name(...) {}}), a
     * class, record, interface or enum, or a variable ({@code Type name =}); never a local variable,
     * parameter or field inside one. For source that does not parse, where JShell cannot say.
     */
    static boolean declares(String source, String name) {
        String n = Pattern.quote(name);
        String type = "[\\w.]+(<[^=;(){}]*>)?(\\s*\\[\\s*\\])*";   // double, double[], Map<String, List<Double>>
        return Pattern.compile(
                "\\b" + type + "\\s+" + n + "\\s*\\([^)]*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{"   // a method
                + "|\\b(class|record|interface|enum)\\s+" + n + "\\b"                      // a type
                + "|^\\s*(final\\s+)?" + type + "\\s+" + n + "\\s*=",                    // a variable
                Pattern.MULTILINE).matcher(topLevel(source)).find();
    }

    /**
     * The source as its top level reads: what stands between braces (a method's body with its local
     * variables, a class's fields), inside comments and in string or character literals is blanked
     * (newlines kept), so that only the declarations of the cell itself remain to be found.
     */
    static String topLevel(String source) {
        StringBuilder top = new StringBuilder(source.length());
        int depth = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int end = skipped(source, i);   // a comment or a literal: blanked wherever it stands
            if (end > i) {
                for (int j = i; j < end; j++) top.append(source.charAt(j) == '\n' ? '\n' : ' ');
                i = end - 1;
                continue;
            }
            if (c == '}' && depth > 0) depth--;
            top.append(depth == 0 || c == '\n' ? c : ' ');
            if (c == '{') depth++;
        }
        return top.toString();
    }

    /** Where a comment or a string, text block or character literal starting at {@code i} ends; {@code i} if none does. */
    private static int skipped(String s, int i) {
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        char c = s.charAt(i);
        if (c != '"' && c != '\'') return i;
        for (int j = i + 1; j < s.length(); j++) {
            char d = s.charAt(j);
            if (d == '\\') j++;
            else if (d == c || d == '\n') return j + 1;   // an unclosed literal ends with its line
        }
        return s.length();
    }

    static int countLines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    /** Where line {@code n} (0-based) of the text starts. */
    static int nthLineStart(String text, int n) {
        int index = 0;
        for (int i = 0; i < n; i++) index = text.indexOf('\n', index) + 1;
        return index;
    }

    static int leadingBlankLines(String text) {
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) break;
            lines++;
        }
        return lines;
    }
}
