package backprop.course;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Handwritten digits drawn from their pixels (lesson 08): each image 8 × 8 grey squares, 0 white and
 * 16 black, exactly the 64 numbers the network is given, with a caption under it.
 */
public final class DigitPictures {

    private static final int SQUARE = 6, GAP = 14, LINE = 12, TITLE = 34, MARGIN = 12;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14), CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private DigitPictures() {}

    /**
     * The images at {@code rows}, {@code perRow} to a line, each captioned (one or two lines, split at
     * "\n"), under a title. The description is what a reader who cannot see the picture is told; the
     * image's text is {@code Picture "title": description}.
     */
    public static ChartImage grid(Digits digits, int[] rows, String[] captions, int perRow, String title, String description) {
        if (captions.length != rows.length) {
            throw new IllegalArgumentException(rows.length + " images and " + captions.length + " captions: one caption each");
        }
        // each image in a column as wide as the widest caption line, so that captions never touch
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics metrics = measure.getFontMetrics(CAPTION_FONT);
        measure.dispose();
        int side = 8 * SQUARE, widest = side, captionLines = 1;
        for (String caption : captions) {
            captionLines = Math.max(captionLines, caption.split("\n").length);
            for (String line : caption.split("\n")) widest = Math.max(widest, metrics.stringWidth(line));
        }
        int cell = widest + GAP, lines = (rows.length + perRow - 1) / perRow, captionHeight = LINE * captionLines + 8;
        int width = Math.max(2 * MARGIN + Math.min(perRow, rows.length) * cell - GAP, 320);
        int height = TITLE + lines * (side + captionHeight) + MARGIN;
        BufferedImage picture = new BufferedImage(width * Charts.PIXEL_DENSITY, height * Charts.PIXEL_DENSITY, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = titled(picture, title);
        try {
            g.setFont(CAPTION_FONT);
            for (int i = 0; i < rows.length; i++) {
                int left = MARGIN + (i % perRow) * cell + (widest - side) / 2, top = TITLE + (i / perRow) * (side + captionHeight);
                for (int p = 0; p < Digits.PIXELS; p++) {
                    // 0 → white, 16 → black
                    int grey = 255 - (int) Math.round(digits.pixels().get(rows[i], p) * 255 / 16);
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(left + (p % 8) * SQUARE, top + (p / 8) * SQUARE, SQUARE, SQUARE);
                }
                g.setColor(new Color(0x999999));
                g.drawRect(left, top, side, side);
                g.setColor(Color.BLACK);
                String[] caption = captions[i].split("\n");
                for (int line = 0; line < caption.length; line++) {
                    centred(g, caption[line], left + side / 2, top + side + 13 + LINE * line);
                }
            }
        } finally {
            g.dispose();
        }
        return ChartImage.of(picture, width, "Picture \"" + title + "\": " + description);
    }

    /**
     * The picture made white, its title drawn at the top, and a Graphics2D to draw the rest with, in
     * points (the picture holds {@link Charts#PIXEL_DENSITY} pixels per point); the caller disposes it.
     */
    static Graphics2D titled(BufferedImage picture, String title) {
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(Charts.PIXEL_DENSITY, Charts.PIXEL_DENSITY);
        int width = picture.getWidth() / Charts.PIXEL_DENSITY;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, picture.getHeight() / Charts.PIXEL_DENSITY);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        centred(g, title, width / 2, 22);
        return g;
    }

    /** The text drawn centred on x. */
    static void centred(Graphics2D g, String text, int x, int baseline) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, x - metrics.stringWidth(text) / 2, baseline);
    }
}
