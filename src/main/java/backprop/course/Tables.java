package backprop.course;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.io.html.HtmlWriteOptions;

import org.ejml.simple.SimpleMatrix;

import java.io.StringWriter;
import java.text.DecimalFormat;

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

    /**
     * The table as HTML with every decimal column rounded to at most {@code decimals} places for
     * display (the table itself keeps full precision): 2.61087 shows as 2.61, 3.0 as 3.
     */
    public static String html(Table table, int decimals) {
        Table shown = table.copy();
        DecimalFormat format = Numbers.atMost(decimals);
        for (Column<?> column : shown.columns()) {
            if (column instanceof DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(format));
            }
        }
        return html(shown);
    }

    /**
     * A matrix as an HTML grid, captioned with its name and shape ("X (3×2)"), entries rounded to
     * at most {@code decimals} places. Introduced in notebook 01; notebook 04 shows every matrix so.
     */
    public static String matrix(String name, SimpleMatrix m, int decimals) {
        DecimalFormat format = Numbers.atMost(decimals);
        StringBuilder html = new StringBuilder("<table><caption>")
                .append(escape(name)).append(" (").append(m.numRows()).append('×').append(m.numCols())
                .append(")</caption><tbody>\n");
        for (int r = 0; r < m.numRows(); r++) {
            html.append("  <tr>");
            for (int c = 0; c < m.numCols(); c++) {
                html.append("<td>").append(format.format(m.get(r, c))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody></table>").toString();
    }

    /** Text made safe to put inside HTML. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
