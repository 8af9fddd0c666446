package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * Shows an image as a whole PNG, at the size it asks for.
 *
 * <p>jjava's own image renderer encodes the PNG through {@code Base64.getEncoder().wrap(out)} and never
 * closes that stream, so the encoder's last one or two bytes are never written: every image it shows
 * lacks the end of its final chunk's checksum. Browsers draw it anyway; ImageMagick, strict viewers and
 * anyone who saves the image find it broken. This renderer encodes the PNG whole. Registered for
 * {@link BufferedImage} (every chart, graph and widget picture of the course), which the renderer
 * finds before jjava's {@link RenderedImage} function, so the PNG is written once; for any other
 * RenderedImage it runs after jjava's and replaces its PNG.
 *
 * <p>An image drawn at twice the pixel density (the course's charts are) carries the width it is meant
 * to be shown at as an image property, {@code display.width} (standard java.awt API, so the kernel
 * needs no course library to read it); it becomes the output's {@code width} metadata, which Jupyter
 * and nbconvert use to size the image (its height follows, keeping the proportions, also where the
 * page is narrower). An image without the property is shown at its own size.
 */
final class ImageOutput {

    static final String DISPLAY_WIDTH = "display.width";

    private ImageOutput() {}

    static void register(Renderer renderer) {
        renderer.createRegistration(BufferedImage.class).preferring(MIMEType.IMAGE_PNG).register(ImageOutput::render);
        renderer.createRegistration(RenderedImage.class).preferring(MIMEType.IMAGE_PNG).register(ImageOutput::render);
    }

    private static void render(RenderedImage image, RenderContext context) {
        if (context.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(png(image)))
                && image.getProperty(DISPLAY_WIDTH) instanceof Integer width) {
            context.getOutputContainer().putMetaData(MIMEType.IMAGE_PNG, Map.of("width", width));
        }
    }

    /** The image's PNG, every byte of it. */
    static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("Java's ImageIO has no PNG writer for this image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
