package backprop.course;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    private static int drawnPixels(BufferedImage image) {
        int notWhite = 0;
        for (int x = 0; x < image.getWidth(); x += 2)
            for (int y = 0; y < image.getHeight(); y += 2)
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) notWhite++;
        return notWhite;
    }

    @Test
    void aChartIsDrawnAtTwiceThePixelDensityAndShownAtTheCourseSize() {
        XYChart chart = Charts.lineChart("t", "x", "y");
        chart.addSeries("line", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        ChartImage image = Charts.image(chart);
        assertEquals(2 * Charts.WIDTH, image.getWidth());
        assertEquals(2 * Charts.HEIGHT, image.getHeight());
        assertEquals(Charts.WIDTH, image.getProperty(ChartImage.DISPLAY_WIDTH));
        assertTrue(drawnPixels(image) > 2000, "the chart has drawn pixels: " + drawnPixels(image));
        assertEquals(2 * Charts.WIDTH, Charts.image(Charts.barChart("b", "x", "y")).getWidth());
    }

    @Test
    void theImageSaysWhatTheChartShowsTheSameOnEveryRun() {
        XYChart chart = Charts.lineChart("SSR as b3 changes", "b3", "SSR");
        double[] b3 = {-1, 0, 1, 2, 2.6, 3, 4};
        double[] ssr = new double[b3.length];
        for (int i = 0; i < b3.length; i++) ssr[i] = 3 * (b3[i] - 2.6) * (b3[i] - 2.6) + 0.0003;
        chart.addSeries("SSR(b3)", b3, ssr);
        String text = Charts.image(chart).toString();
        assertEquals("Chart \"SSR as b3 changes\": x axis \"b3\", from -1 to 4; y axis \"SSR\", from 0.0003 to 38.9. "
                + "Series \"SSR(b3)\", 7 points: from 38.9 at b3 = -1, lowest 0.0003 at b3 = 2.6, to 5.88 at b3 = 4.", text);
        assertEquals(text, Charts.image(chart).toString());
    }

    @Test
    void aLogAxisIsNamedOnceAndItsQuantityNamesThePoints() {
        XYChart chart = Charts.lineChart("error against ε", "ε (log scale)", "relative error (log scale)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        chart.addSeries("error", new double[] {1e-8, 1e-4}, new double[] {1e-6, 1e-9});
        assertEquals("Chart \"error against ε\": x axis \"ε\" (log scale), from 1e-8 to 0.0001; "
                + "y axis \"relative error\" (log scale), from 1e-9 to 1e-6. "
                + "Series \"error\", 2 points: from 1e-6 at ε = 1e-8, to 1e-9 at ε = 0.0001.", Charts.image(chart).toString());
    }

    @Test
    void anAxisWhoseEndsTheCodeFixedIsDescribedAsShownWithTheDataOutsideIt() {
        XYChart chart = Charts.lineChart("b3 per step", "step", "b3");
        chart.addSeries("b3", new double[] {0, 1, 2}, new double[] {0, 18.6, -14.9});
        chart.getStyler().setYAxisMin(-2.0).setYAxisMax(8.0).setXAxisMin(0.0).setXAxisMax(20.0);
        assertEquals("Chart \"b3 per step\": x axis \"step\", shown from 0 to 20; "
                + "y axis \"b3\", shown from -2 to 8, the data from -14.9 to 18.6. "
                + "Series \"b3\", 3 points: from 0 at step = 0, highest 18.6 at step = 1, to -14.9 at step = 2.", Charts.image(chart).toString());
    }

    /** A sigmoid curve of equally spaced points, like notebook 00's and 02's. */
    private static XYChart curve(int points, double from, double step) {
        XYChart chart = Charts.lineChart("a curve", "z", "f(z)");
        double[] x = new double[points], y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = from + i * step;
            y[i] = 1 / (1 + Math.exp(-x[i]));
        }
        chart.addSeries("f", x, y).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    @Test
    void equallySpacedPointsGetRoundTicksWithZeroLabelled() {
        // XChart alone puts these ticks at every k-th point: −6, −5.3, −4.6, …, and 0 gets no label
        XYChart chart = curve(121, -6, 0.1);
        Charts.image(chart);
        assertEquals(List.of(), Charts.readabilityProblems(chart));
        assertTrue(chart.getStyler().getXAxisMin() == null, "the axis range is put back after drawing");
    }

    /** The cost over 5000 iterations of training, like notebook 04's. */
    private static XYChart training() {
        XYChart chart = Charts.lineChart("training", "iteration", "J");
        double[] iteration = new double[5001], cost = new double[5001];
        for (int k = 0; k < iteration.length; k++) {
            iteration[k] = k;
            cost[k] = 1.0 / (k + 1);
        }
        chart.addSeries("J", iteration, cost).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    @Test
    void longTrainingGetsRoundThousandsNotEveryKthIteration() {
        XYChart chart = training();
        chart.getStyler().setYAxisLogarithmic(true);
        Charts.image(chart);
        assertEquals(List.of(), Charts.readabilityProblems(chart));
    }

    @Test
    void hardToReadChartsAreNamed() {
        XYChart noTitle = Charts.lineChart("no y title", "z", "");
        noTitle.addSeries("f", new double[] {0, 1}, new double[] {0, 1});
        Charts.image(noTitle);
        assertEquals(List.of("the y axis has no title"), Charts.readabilityProblems(noTitle));

        // with the axis's start set by hand, XChart's own ticks for 5001 equally spaced points are
        // every k-th iteration (0, 334, 668, …), which ran together in notebook 04
        XYChart crowded = training();
        crowded.getStyler().setXAxisMin(0.0).setXAxisTickMarkSpacingHint(30);
        Charts.image(crowded);
        assertTrue(Charts.readabilityProblems(crowded).stream().anyMatch(p -> p.contains("overlap")),
                "crowded labels are found: " + Charts.readabilityProblems(crowded));
    }

    @Test
    void tickLabelsAreShortDecimalsAndPowersOfTen() {
        assertEquals("0", Charts.tickLabel(0));
        assertEquals("0.06", Charts.tickLabel(0.06));
        assertEquals("−2.5", Charts.tickLabel(-2.5));
        assertEquals("1000", Charts.tickLabel(1000));
        assertEquals("0.001", Charts.tickLabel(1e-3));
        assertEquals("10⁻¹⁰", Charts.tickLabel(1e-10));
        assertEquals("10⁻³", Charts.logTickLabel(1e-3));
        assertEquals("10⁰", Charts.logTickLabel(1));
    }
}
