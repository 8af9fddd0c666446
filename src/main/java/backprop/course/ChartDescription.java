package backprop.course;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.List;

import static backprop.course.Numbers.significant;

/**
 * A chart in words, built from what the chart knows: its title, its axes and their ranges, and for
 * each series where it starts, where it ends and its lowest and highest points. It is the
 * {@link ChartImage}'s text: the image's text fallback in a notebook, read by whoever cannot see the
 * chart. Introduced with the course's chart style (notebook 00).
 */
final class ChartDescription {

    private ChartDescription() {}

    static String of(Chart<?, ?> chart) {
        if (chart instanceof XYChart xy) {
            return of(xy);
        }
        if (chart instanceof CategoryChart bars) {
            return of(bars);
        }
        return "Chart \"" + chart.getTitle() + "\"";
    }

    private static String of(XYChart chart) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        List<String> series = new ArrayList<>();
        for (XYSeries s : chart.getSeriesCollection()) {
            double[] x = s.getXData(), y = s.getYData();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    xMin = Math.min(xMin, x[i]); xMax = Math.max(xMax, x[i]);
                    yMin = Math.min(yMin, y[i]); yMax = Math.max(yMax, y[i]);
                }
            }
            series.add(series(s.getName(), withoutScale(chart.getXAxisTitle()), x, y));
        }
        XYStyler styler = chart.getStyler();
        String x = axis("x", withoutScale(chart.getXAxisTitle()), xMin, xMax, styler.getXAxisMin(), styler.getXAxisMax(), styler.isXAxisLogarithmic());
        String y = axis("y", withoutScale(chart.getYAxisTitle()), yMin, yMax, styler.getYAxisMin(), styler.getYAxisMax(), styler.isYAxisLogarithmic());
        return "Chart \"" + chart.getTitle() + "\": " + x + "; " + y + ". " + String.join(" ", series);
    }

    private static String of(CategoryChart chart) {
        List<String> series = new ArrayList<>();
        for (CategorySeries s : chart.getSeriesCollection()) {
            List<String> bars = new ArrayList<>();
            List<?> categories = new ArrayList<>(s.getXData());
            double[] values = s.getYData();
            for (int i = 0; i < values.length; i++) {
                bars.add(categories.get(i) + ": " + significant(values[i], 3));
            }
            series.add("Bars \"" + s.getName() + "\": " + String.join(", ", bars) + ".");
        }
        return "Bar chart \"" + chart.getTitle() + "\": " + chart.getXAxisTitle() + " against " + chart.getYAxisTitle()
                + ". " + String.join(" ", series);
    }

    /** "ε (log scale)" as "ε": the description says the scale once, after the axis's name, and names the quantity at a point. */
    private static String withoutScale(String title) {
        return title == null ? null : title.replaceFirst("\\s*\\(log scale\\)$", "");
    }

    /**
     * The axis's name and range: the data's, or where the code fixed the axis's ends, the range shown
     * and, when some data lie outside it, the data's ("shown from -2 to 8, the data from -14.9 to 18.6").
     */
    private static String axis(String which, String title, double min, double max, Double shownMin, Double shownMax, boolean logarithmic) {
        String name = which + " axis \"" + title + "\"" + (logarithmic ? " (log scale)" : "") + ", ";
        if (min > max) {
            return name + "no data";
        }
        String data = "from " + significant(min, 3) + " to " + significant(max, 3);
        if (shownMin == null && shownMax == null) {
            return name + data;
        }
        double low = shownMin == null ? min : shownMin, high = shownMax == null ? max : shownMax;
        String shown = "shown from " + significant(low, 3) + " to " + significant(high, 3);
        return min < low || max > high ? name + shown + ", the data " + data : name + shown;
    }

    /** "Series "SSR(b3)", 141 points: from 35.3 at b3 = -1, lowest 0.0003 at b3 = 2.6, to 13.3 at b3 = 6." */
    private static String series(String name, String xTitle, double[] x, double[] y) {
        int n = x.length;
        if (n == 0) {
            return "Series \"" + name + "\": no points.";
        }
        String at = " at " + (xTitle == null || xTitle.isBlank() ? "x" : xTitle) + " = ";
        if (n == 1) {
            return "Series \"" + name + "\": one point, " + significant(y[0], 3) + at + significant(x[0], 3) + ".";
        }
        int lowest = 0, highest = 0;
        for (int i = 1; i < n; i++) {
            if (y[i] < y[lowest]) lowest = i;
            if (y[i] > y[highest]) highest = i;
        }
        StringBuilder text = new StringBuilder("Series \"").append(name).append("\", ").append(n).append(" points: from ")
                .append(significant(y[0], 3)).append(at).append(significant(x[0], 3));
        if (lowest != 0 && lowest != n - 1) {
            text.append(", lowest ").append(significant(y[lowest], 3)).append(at).append(significant(x[lowest], 3));
        }
        if (highest != 0 && highest != n - 1) {
            text.append(", highest ").append(significant(y[highest], 3)).append(at).append(significant(x[highest], 3));
        }
        return text.append(", to ").append(significant(y[n - 1], 3)).append(at).append(significant(x[n - 1], 3)).append('.').toString();
    }
}
