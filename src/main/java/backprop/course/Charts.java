package backprop.course;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * XChart charts for the notebooks. A chart becomes an image with {@link #image}; an image as the
 * last expression of a cell is shown inline (image/png) by IJava and by the course's kernel.
 * Introduced in notebook 00.
 */
public final class Charts {

    /** Every chart of the course has this size, in pixels, so the notebooks read alike. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    private Charts() {}

    /** An empty line chart with a title and axis titles, in the course's size. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        courseStyle(chart.getStyler()).setXAxisTickMarkSpacingHint(90);
        return chart;
    }

    /** An empty bar chart (one group of bars per category) in the course's size and style. */
    public static CategoryChart barChart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        courseStyle(chart.getStyler());
        return chart;
    }

    /** White, no plot border, light grid lines, the legend below the plot. */
    private static <S extends AxesChartStyler> S courseStyle(S styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setAntiAlias(true);
        return styler;
    }

    /** The chart drawn into an image, which the notebook shows. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
