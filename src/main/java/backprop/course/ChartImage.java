package backprop.course;

import java.awt.image.BufferedImage;
import java.awt.image.DirectColorModel;
import java.util.Hashtable;
import java.util.Map;

/**
 * A chart drawn at {@link Charts#PIXEL_DENSITY} pixels per point, which knows the size it is meant
 * to be shown at and what it shows in words.
 *
 * <p>Any Java kernel shows it as a PNG (it is a {@link BufferedImage}); its {@code toString()} is
 * its description, which kernels send as the image's text fallback, so a saved notebook does not
 * change on every run (a plain image's fallback is {@code BufferedImage@<hash>}) and a reader who
 * cannot see the chart reads what it shows. The intended width travels as an image property,
 * {@link #DISPLAY_WIDTH}, which the course's kernel turns into the output's {@code width} metadata (standard java.awt API: the library needs no
 * kernel to set them, and a kernel needs no course library to read them).
 */
public final class ChartImage extends BufferedImage {

    /** Image property: the width, in CSS pixels, to show the image at. */
    public static final String DISPLAY_WIDTH = "display.width";

    private final String description;

    ChartImage(int displayWidth, int displayHeight, int density, String description) {
        this(new DirectColorModel(24, 0xff0000, 0x00ff00, 0x0000ff), displayWidth * density, displayHeight * density,
                displayWidth, description);
    }

    private ChartImage(DirectColorModel rgb, int width, int height, int displayWidth, String description) {
        super(rgb, rgb.createCompatibleWritableRaster(width, height), false, new Hashtable<>(Map.of(DISPLAY_WIDTH, displayWidth)));
        this.description = description;
    }

    /**
     * A picture drawn elsewhere (a graph Graphviz drew at {@code density} pixels per point) as a
     * chart image: shown at {@code displayWidth} CSS pixels, described by {@code description}.
     */
    static ChartImage of(BufferedImage picture, int displayWidth, String description) {
        ChartImage image = new ChartImage(new DirectColorModel(24, 0xff0000, 0x00ff00, 0x0000ff), picture.getWidth(),
                picture.getHeight(), displayWidth, description);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            // on white: Graphviz leaves the last column of a picture half transparent, which would be grey
            g.drawImage(picture, 0, 0, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** What the chart shows, in words: its title, axes and series. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
