package backprop.course;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Axis_;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * XChart charts in the course's style. A chart becomes an image with {@link #image}; an image as
 * the last expression of a cell is shown inline (image/png) by IJava, JJava and the course's kernel.
 * Introduced in notebook 00.
 *
 * <p>The style: round tick steps with 0 labelled when it is in range, a y axis that starts at 0
 * when the data nearly do, titles on both axes, series told apart by dash and marker as well as by
 * colour (the Okabe–Ito palette, which colour-blind readers can tell apart), drawn at twice the
 * pixel density so that it is sharp on today's screens.
 */
public final class Charts {

    /** Every chart of the course is shown at this size, in CSS pixels, so the notebooks read alike. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;
    /** Pixels per CSS pixel: the image is {@code WIDTH × PIXEL_DENSITY} pixels wide and shown {@code WIDTH} wide. */
    public static final int PIXEL_DENSITY = 2;

    /** When this environment variable is "1", {@link #image} refuses a chart that is hard to read (the course's tests set it). */
    public static final String STRICT = "COURSE_STRICT_CHARTS";

    // Okabe & Ito's palette, dark and light in turn so that neighbours differ in grey too:
    // blue, orange, bluish green, vermilion, sky blue, reddish purple, black
    private static final Color[] COLOURS = {
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
            new Color(0x56B4E9), new Color(0xCC79A7), new Color(0x000000)};
    private static final BasicStroke[] LINES = {
            line(), line(8f, 5f), line(2f, 4f), line(10f, 4f, 2f, 4f), line(14f, 6f), line(4f, 3f), line(18f, 4f, 2f, 4f, 2f, 4f)};
    private static final Marker[] MARKERS = {
            SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};

    private static final Function<Double, String> TICK_LABEL = Charts::tickLabel, LOG_TICK_LABEL = Charts::logTickLabel;

    private Charts() {}

    /** An empty line chart with a title and axis titles, in the course's size and style. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        courseStyle(chart.getStyler()).setXAxisTickMarkSpacingHint(80)
                .setXAxisTickLabelsFormattingFunction(TICK_LABEL);      // (a bar chart's x axis names categories)
        return chart;
    }

    /** An empty bar chart (one group of bars per category) in the course's size and style. */
    public static CategoryChart barChart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        courseStyle(chart.getStyler());
        return chart;
    }

    private static <S extends AxesChartStyler> S courseStyle(S styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setAxisTitleFont(styler.getAxisTitleFont().deriveFont(Font.PLAIN, 13f));
        styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(Font.PLAIN, 12f));
        styler.setSeriesColors(COLOURS);
        styler.setSeriesLines(LINES);
        styler.setSeriesMarkers(MARKERS);
        styler.setYAxisTickLabelsFormattingFunction(TICK_LABEL);
        styler.setAntiAlias(true);
        return styler;
    }

    private static BasicStroke line(float... dashes) {
        return dashes.length == 0
                ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dashes, 0f);
    }

    /**
     * A tick label: the shortest decimal that names the tick (0.06, not .06; 1000, not 1,000), a
     * power of ten as 10⁻⁵ when it has more than four zeros, and a real minus sign.
     */
    static String tickLabel(double value) {
        double exponent = Math.log10(Math.abs(value));
        boolean powerOfTen = value != 0 && Math.abs(exponent - Math.rint(exponent)) < 1e-9;
        return powerOfTen && Math.abs(exponent) > 4 ? logTickLabel(value) : Numbers.significant(value, 10).replace('-', '−');
    }

    /** A tick label on a log axis, where the labelled ticks are powers of ten: 10⁻⁴, 10⁰, 10³. */
    static String logTickLabel(double value) {
        String power = "10" + superscript((int) Math.rint(Math.log10(Math.abs(value))));
        return value < 0 ? "−" + power : power;
    }

    private static String superscript(int n) {
        StringBuilder text = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            text.append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
        }
        return text.toString();
    }

    /**
     * The chart drawn into an image that the notebook shows at the chart's size, at twice the pixel
     * density, with a description of what it shows as its text (see {@link ChartImage}).
     *
     * @throws IllegalStateException when {@link #STRICT} is set and the chart is hard to read
     */
    public static ChartImage image(Chart<?, ?> chart) {
        return image(chart, ChartDescription.of(chart));
    }

    /**
     * The chart as an image with the author's own description instead of the one built from its
     * data: for a chart of measured times, say, whose numbers differ on every run (notebook 05).
     */
    public static ChartImage image(Chart<?, ?> chart, String description) {
        ChartImage image = new ChartImage(chart.getWidth(), chart.getHeight(), PIXEL_DENSITY, description);
        AxesRange range = chart instanceof XYChart xy ? AxesRange.roundTicks(xy) : null;
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(PIXEL_DENSITY, PIXEL_DENSITY);
            chart.paint(g, chart.getWidth(), chart.getHeight());
            if ("1".equals(System.getenv(STRICT))) {
                List<String> problems = readabilityProblems(chart);
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("the chart \"" + chart.getTitle() + "\" is hard to read: " + String.join("; ", problems));
                }
            }
        } finally {
            g.dispose();
            if (range != null) range.restore();
        }
        return image;
    }

    /**
     * What makes a chart that was just drawn hard to read: an axis without a title, tick labels
     * that touch or overlap, an axis with fewer than two labels. Empty when there is nothing.
     */
    public static List<String> readabilityProblems(Chart<?, ?> chart) {
        List<String> problems = new ArrayList<>();
        if (chart instanceof AxesChart<?, ?> axes) {
            String xTitle = axes.getXAxisTitle(), yTitle = axes.getYAxisTitle();
            if (xTitle == null || xTitle.isBlank()) problems.add("the x axis has no title");
            if (yTitle == null || yTitle.isBlank()) problems.add("the y axis has no title");
            Font font = ((AxesChartStyler) chart.getStyler()).getAxisTickLabelsFont();
            problems.addAll(tickProblems("x", ticks(chart, "getXAxis"), font, true));
            problems.addAll(tickProblems("y", ticks(chart, "getYAxis"), font, false));
        }
        return problems;
    }

    private static List<String> tickProblems(String axis, AxisTickCalculator ticks, Font font, boolean horizontal) {
        List<String> problems = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            String label = ticks.getTickLabels().get(i);
            if (label != null && !label.isBlank()) {       // a log axis leaves the ticks between powers of ten unlabelled
                labels.add(label);
                at.add(ticks.getTickLocations().get(i));
            }
        }
        if (labels.size() < 2) {
            problems.add("the " + axis + " axis has fewer than two tick labels");
        }
        FontRenderContext context = new FontRenderContext(null, true, false);
        for (int i = 1; i < labels.size(); i++) {
            Rectangle2D a = font.getStringBounds(labels.get(i - 1), context), b = font.getStringBounds(labels.get(i), context);
            double room = Math.abs(at.get(i) - at.get(i - 1));
            double needed = horizontal ? (a.getWidth() + b.getWidth()) / 2 + 4 : (a.getHeight() + b.getHeight()) / 2;
            if (room < needed) {
                problems.add("the " + axis + " axis tick labels " + labels.get(i - 1) + " and " + labels.get(i) + " overlap");
                break;
            }
        }
        return problems;
    }

    /** The ticks XChart laid out when it last drew the chart (XChart keeps them in package-private parts). */
    private static AxisTickCalculator ticks(Chart<?, ?> chart, String axis) {
        try {
            Method getAxis = AxesChart.class.getDeclaredMethod(axis);
            getAxis.setAccessible(true);
            return ((Axis_<?, ?>) getAxis.invoke(chart)).getAxisTickCalculator();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the chart's tick labels from XChart " + e, e);
        }
    }

    /**
     * XChart puts the ticks of an axis at every k-th data point when the points are equally spaced
     * (−6, −5.3, −4.6 … for z = −6, −5.9, …; 0, 334, 668 … for 5000 iterations), and starts the y
     * axis just below the lowest value. For the moment of drawing, this sets the axes' ends so that
     * XChart chooses round steps instead (ticks on the data stay for a few whole numbers, such as
     * epochs 1 to 5) and the y axis starts at 0 when the data nearly do, labels log axes in
     * powers of ten and leaves them ungridded (XChart grids every 2 … 9 of each decade); then puts them back.
     */
    private record AxesRange(XYChart chart, Double xMin, Double yMin, Double yMax,
                             Function<Double, String> xLabels, Function<Double, String> yLabels,
                             boolean xGrid, boolean yGrid) {

        static AxesRange roundTicks(XYChart chart) {
            AxesChartStyler styler = chart.getStyler();
            AxesRange before = new AxesRange(chart, styler.getXAxisMin(), styler.getYAxisMin(), styler.getYAxisMax(),
                    styler.getXAxisTickLabelsFormattingFunction(), styler.getYAxisTickLabelsFormattingFunction(),
                    styler.isPlotGridVerticalLinesVisible(), styler.isPlotGridHorizontalLinesVisible());
            // XChart grids a log axis at 1, 2, … 9 of every decade: nine dashed lines a decade bury the
            // curve, so a log axis has its labelled ticks and no grid
            if (styler.isXAxisLogarithmic()) styler.setPlotGridVerticalLinesVisible(false);
            if (styler.isYAxisLogarithmic()) styler.setPlotGridHorizontalLinesVisible(false);
            // every labelled tick of a log axis is a power of ten: all of them as 10ⁿ, not 0.001 beside 10⁻⁵
            if (styler.isXAxisLogarithmic() && before.xLabels == TICK_LABEL) styler.setXAxisTickLabelsFormattingFunction(LOG_TICK_LABEL);
            if (styler.isYAxisLogarithmic() && before.yLabels == TICK_LABEL) styler.setYAxisTickLabelsFormattingFunction(LOG_TICK_LABEL);
            double xLow = Double.POSITIVE_INFINITY, xHigh = Double.NEGATIVE_INFINITY, yLow = Double.POSITIVE_INFINITY, yHigh = Double.NEGATIVE_INFINITY;
            boolean fewWholeNumbers = true;
            int points = 0;
            for (XYSeries s : chart.getSeriesCollection()) {
                for (int i = 0; i < s.getXData().length; i++) {
                    double x = s.getXData()[i], y = s.getYData()[i];
                    if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
                    xLow = Math.min(xLow, x); xHigh = Math.max(xHigh, x);
                    yLow = Math.min(yLow, y); yHigh = Math.max(yHigh, y);
                    fewWholeNumbers &= x == Math.rint(x);
                    points++;
                }
            }
            if (points == 0) return before;
            fewWholeNumbers &= xHigh - xLow <= 25;
            if (styler.getXAxisMin() == null && !styler.isXAxisLogarithmic() && !fewWholeNumbers && xHigh > xLow) {
                // a hair below the lowest x: the points no longer look equally spaced to XChart
                styler.setXAxisMin(xLow - 1e-9 * (xHigh - xLow));
            }
            if (styler.getYAxisMin() == null && styler.getYAxisMax() == null && !styler.isYAxisLogarithmic() && yHigh > yLow) {
                if (yLow >= 0 && yLow <= 0.25 * yHigh) {
                    styler.setYAxisMin(0.0);
                } else if (yHigh <= 0 && yHigh >= 0.25 * yLow) {
                    styler.setYAxisMax(0.0);
                }
            }
            return before;
        }

        void restore() {
            AxesChartStyler styler = chart.getStyler();
            styler.setXAxisMin(xMin);
            styler.setYAxisMin(yMin);
            styler.setYAxisMax(yMax);
            styler.setXAxisTickLabelsFormattingFunction(xLabels);
            styler.setYAxisTickLabelsFormattingFunction(yLabels);
            styler.setPlotGridVerticalLinesVisible(xGrid);
            styler.setPlotGridHorizontalLinesVisible(yGrid);
        }
    }
}
