package backprop.course;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void everyCellAndHeaderIsInTheHtmlTable() {
        Table t = Table.create("scores").addColumns(
                DoubleColumn.create("sleep", 3, 5, 10),
                DoubleColumn.create("score", 75, 82, 93.5));
        String html = Tables.html(t);
        assertTrue(html.startsWith("<table><caption>scores</caption>"), html);
        assertEquals(2, count(html, "<th>"));
        assertEquals(3, count(html, "<tr>\\s*<td>"), "one row per data row");
        assertEquals(6, count(html, "<td>"));
        assertTrue(html.contains("<td>93.5</td>"));
        assertTrue(html.endsWith("</table>"));
    }

    @Test
    void decimalsAreRoundedForDisplayOnly() {
        Table t = Table.create("t").addColumns(DoubleColumn.create("x", 2.61087, -1.5, 3));
        String html = Tables.html(t, 2);
        assertTrue(html.contains("<td>2.61</td>") && html.contains("<td>-1.5</td>") && html.contains("<td>3</td>"), html);
        assertEquals(2.61087, t.doubleColumn("x").get(0), "the table keeps full precision");
    }

    @Test
    void aMatrixIsAGridWithItsNameAndShape() {
        String html = Tables.matrix("W1", new org.ejml.simple.SimpleMatrix(new double[][] {{1, 2.5, -0.123456}, {4, 5, 6}}), 3);
        assertTrue(html.startsWith("<table><caption>W1 (2×3)</caption>"), html);
        assertEquals(2, count(html, "<tr>"));
        assertEquals(6, count(html, "<td>"));
        assertTrue(html.contains("<td>2.5</td><td>-0.123</td>"), html);
    }

    @Test
    void textThatLooksLikeHtmlIsEscaped() {
        Table t = Table.create("a < b & c").addColumns(StringColumn.create("x", "<script>"));
        String html = Tables.html(t);
        assertTrue(html.contains("<caption>a &lt; b &amp; c</caption>"), html);
        assertFalse(html.contains("<script>"), html);
    }
}
