package backprop.course.widgets;

import backprop.course.ChartImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image that a program changes: a chart redrawn for a slider's new value. A {@link ChartImage}
 * is shown at its intended width (it is drawn at twice the pixel density), as in a cell's output.
 */
public final class ImageView extends Widget {

    /** zlib's level 1 rather than ImageIO's default: a chart's PNG a few times faster to write, about a third larger. */
    private static final float FAST_COMPRESSION = 0.9f;

    private final Model image;

    public static ImageView of(RenderedImage image) {
        return new ImageView(image);
    }

    private ImageView(RenderedImage first) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", "png");
        state.put("value", png(first));
        state.put("width", width(first));
        state.put("height", "");
        state.put("tooltip", description(first));
        state.put("description", "");   // ipywidgets 8 reads a widget's description to place its tooltip: an Image needs one
        this.image = new Model("Image", null, state);
    }

    /** Shows {@code newImage} instead. */
    public void show(RenderedImage newImage) {
        String width = width(newImage);
        if (!width.equals(image.get("width"))) image.set("width", width);
        String description = description(newImage);
        if (!java.util.Objects.equals(description, image.get("tooltip"))) image.set("tooltip", description);
        image.set("value", png(newImage));
    }

    /**
     * What a chart shows, for a reader who cannot see it: ipywidgets 8 draws an Image's tooltip as
     * the image's title, which names it to a screen reader (an Image has no alt text of its own).
     */
    private static String description(RenderedImage image) {
        return image instanceof ChartImage chart ? chart.description() : null;
    }

    /** The PNG the front end gets (the Image model's binary "value"). */
    static byte[] png(RenderedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam fast = writer.getDefaultWriteParam();
            fast.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            fast.setCompressionQuality(FAST_COMPRESSION);
            writer.write(null, new IIOImage(image, null, null), fast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static String width(RenderedImage image) {
        return image.getProperty(ChartImage.DISPLAY_WIDTH) instanceof Integer width ? width.toString() : "";
    }

    @Override
    Model model() {
        return image;
    }
}
