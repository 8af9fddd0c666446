package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import java.awt.image.RenderedImage;
import java.util.Map;

/**
 * Shows an image at the size it asks for. An image drawn at twice the pixel density (the course's
 * charts are) carries the width it is meant to be shown at as an image property, {@code display.width}
 * (standard java.awt API, so the kernel needs no course library to read it); it becomes the
 * output's {@code width} metadata, which Jupyter and nbconvert use to size the image (its height
 * follows, keeping the proportions, also where the page is narrower). jjava's own image renderer, which
 * runs first, writes the PNG; an image without the properties is shown as before.
 */
final class ImageSize {

    static final String DISPLAY_WIDTH = "display.width";

    private ImageSize() {}

    static void register(Renderer renderer) {
        renderer.createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register(ImageSize::addMetadata);
    }

    private static void addMetadata(RenderedImage image, RenderContext context) {
        if (image.getProperty(DISPLAY_WIDTH) instanceof Integer width) {
            context.getOutputContainer().putMetaData(MIMEType.IMAGE_PNG, Map.of("width", width));
        }
    }
}
