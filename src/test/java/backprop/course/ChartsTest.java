package backprop.course;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    @Test
    void aChartBecomesAnImageOfTheCourseSizeWithTheLineDrawn() {
        XYChart chart = Charts.lineChart("t", "x", "y");
        chart.addSeries("line", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        BufferedImage image = Charts.image(chart);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        int white = 0xFFFFFFFF, notWhite = 0;
        for (int x = 0; x < image.getWidth(); x += 2)
            for (int y = 0; y < image.getHeight(); y += 2)
                if (image.getRGB(x, y) != white) notWhite++;
        assertTrue(notWhite > 500, "the chart has drawn pixels: " + notWhite);
        assertEquals(Charts.WIDTH, Charts.image(Charts.barChart("b", "x", "y")).getWidth());
    }
}
