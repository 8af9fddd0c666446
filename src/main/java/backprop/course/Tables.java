package backprop.course;

import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;

import java.io.StringWriter;

/**
 * Tablesaw tables as HTML, for a notebook to show: {@code render(Tables.html(table), "text/html")}
 * as the last line of a cell. Introduced in notebook 00.
 */
public final class Tables {

    private Tables() {}

    /** The table as an HTML {@code <table>}, its name as the caption (Tablesaw's own HTML writer). */
    public static String html(Table table) {
        StringWriter html = new StringWriter();
        table.write().usingOptions(HtmlWriteOptions.builder(html).build());
        String caption = table.name() == null || table.name().isBlank() ? ""
                : "<caption>" + escape(table.name()) + "</caption>";
        return html.toString().replaceFirst("<table>", "<table>" + caption).strip();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
