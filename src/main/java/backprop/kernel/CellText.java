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
     * Whether the source declares {@code name}: a method ({@code name(...) {}}), a class, record,
     * interface or enum, or a variable ({@code Type name =}). For source that does not parse,
     * where JShell cannot say.
     */
    static boolean declares(String source, String name) {
        String n = Pattern.quote(name);
        return Pattern.compile(
                "\\b[\\w<>\\[\\],.?]+\\s+" + n + "\\s*\\([^)]*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{"   // a method
                + "|\\b(class|record|interface|enum)\\s+" + n + "\\b"                                    // a type
                + "|^\\s*[\\w<>\\[\\],.?]+\\s+" + n + "\\s*=",                                     // a variable
                Pattern.MULTILINE).matcher(source).find();
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
