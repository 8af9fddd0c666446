package backprop.course;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The graph that made a {@link Value}, drawn: a box for each Value with its name, data and grad, and
 * a circle for the operation that made it, from the inputs on the left to the output on the right
 * (as micrograd's draw_dot), or from the top down for a graph too long to read across a page. Graphviz's {@code dot} lays it out (Debian: graphviz, which
 * environment/setup installs). A graph of more than {@link #WHOLE} Values is summarised: the Values
 * within {@link #DEPTH} operations of the output are drawn, and each part further back becomes one
 * box that counts what it holds. A graph is shown at the size Graphviz draws its text (11 points,
 * 11 CSS pixels): one wider than the page ({@value #MAX_DISPLAY_WIDTH} px) is drawn again with each
 * box's name, data and grad stacked rather than side by side, which makes it narrower. Introduced in notebook 06.
 */
public final class ValueGraph {

    /** Graphs up to this many Values are drawn whole. */
    public static final int WHOLE = 40;
    /** Graphs whose longest path has more operations than this are drawn top to bottom. */
    static final int ACROSS = 5;
    /** How many operations back from the output a summarised graph is drawn. */
    public static final int DEPTH = 4;
    private static final int DPI = 72 * Charts.PIXEL_DENSITY;
    private static final int MAX_DISPLAY_WIDTH = 900;

    private ValueGraph() {}

    /** The graph as an image (shown at most {@value #MAX_DISPLAY_WIDTH} px wide), with a description as its text. */
    public static ChartImage image(Value output) {
        BufferedImage picture = picture(dot(output, false));
        if (picture.getWidth() / Charts.PIXEL_DENSITY > MAX_DISPLAY_WIDTH) {
            picture = picture(dot(output, true));
        }
        int width = Math.min(MAX_DISPLAY_WIDTH, picture.getWidth() / Charts.PIXEL_DENSITY);
        return ChartImage.of(picture, width, describe(output));
    }

    static BufferedImage picture(String dot) {
        try {
            return ImageIO.read(new ByteArrayInputStream(run(dot)));
        } catch (IOException e) {
            throw new IllegalStateException("Graphviz's picture could not be read: " + e.getMessage(), e);
        }
    }

    /** "Graph of J: 34 Values (inputs and parameters 9, × 8, + 8, sigmoid 3 …), each with its data and grad." */
    public static String describe(Value output) {
        Map<String, Integer> ops = output.operations();
        int total = ops.values().stream().mapToInt(Integer::intValue).sum();
        String counts = ops.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "inputs and parameters" : e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return "Graph of " + name(output) + ": " + total + " Values (" + counts + "), each with its data and grad"
                + (total > WHOLE ? "; drawn " + DEPTH + " operations back from the output, the rest summarised" : "") + ".";
    }

    /** The graph in Graphviz's DOT language, each box's name, data and grad side by side. */
    public static String dot(Value output) {
        return dot(output, false);
    }

    /** The graph in DOT; stacked: each box's name, data and grad one above the other (a narrower graph). */
    static String dot(Value output, boolean stacked) {
        List<Value> order = output.graph();
        Map<Value, Integer> id = new HashMap<>();
        for (Value v : order) id.put(v, id.size());
        Map<Value, Integer> depth = depths(output);
        boolean whole = order.size() <= WHOLE;
        int longest = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // a long chain reads left to right only while it fits the page: a longer one is drawn top to bottom
        boolean across = longest <= ACROSS;
        StringBuilder dot = new StringBuilder("digraph values {\n  rankdir=" + (across ? "LR" : "TB") + ";\n"
                + "  node [fontname=\"DejaVu Sans\", fontsize=11];\n  edge [color=\"#555555\"];\n");
        Set<Value> summarised = new HashSet<>();
        for (Value v : order) {
            int n = id.get(v);
            if (!whole && depth.get(v) > DEPTH) continue;
            // a record's fields lie across the layout's direction; braces turn them: side by side needs
            // them left to right (LR), stacked needs them top to bottom (TB)
            boolean turned = across != stacked;
            dot.append("  v").append(n).append(" [shape=record, label=\"").append(turned ? "{ " : "").append(escape(name(v)))
                    .append(" | data ").append(Numbers.significant(v.data, 4))
                    .append(" | grad ").append(Numbers.significant(v.grad, 4)).append(turned ? " }" : "").append("\"];\n");
            if (!v.op.isEmpty()) {
                dot.append("  op").append(n).append(" [shape=ellipse, width=0.45, height=0.45, margin=0.04, label=\"")
                        .append(escape(v.op)).append("\"];\n  op").append(n).append(" -> v").append(n).append(";\n");
                for (Value from : v.from) {
                    if (!whole && depth.get(from) > DEPTH) {
                        summarised.add(from);
                        dot.append("  s").append(id.get(from)).append(" -> op").append(n).append(";\n");
                    } else {
                        dot.append("  v").append(id.get(from)).append(" -> op").append(n).append(";\n");
                    }
                }
            }
        }
        for (Value back : summarised) {
            dot.append("  s").append(id.get(back)).append(" [shape=box, style=dashed, label=\"")
                    .append(summary(back)).append("\"];\n");
        }
        return dot.append("}\n").toString();
    }

    /** "…: 57 Values (× 20, + 18, sigmoid 9, inputs 10)" for the part of the graph behind a Value. */
    private static String summary(Value back) {
        Map<String, Integer> ops = back.operations();
        int total = ops.values().stream().mapToInt(Integer::intValue).sum();
        return escape(name(back) + ", made of " + total + " Values") + "\\n" + escape(ops.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "inputs" : e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", ")));
    }

    /** Fewest operations from each Value forward to the output. */
    private static Map<Value, Integer> depths(Value output) {
        Map<Value, Integer> depth = new HashMap<>();
        depth.put(output, 0);
        List<Value> frontier = List.of(output);
        while (!frontier.isEmpty()) {
            List<Value> next = new ArrayList<>();
            for (Value v : frontier) {
                for (Value from : v.from) {
                    if (!depth.containsKey(from)) {
                        depth.put(from, depth.get(v) + 1);
                        next.add(from);
                    }
                }
            }
            frontier = next;
        }
        return depth;
    }

    private static String name(Value v) {
        return v.label.isEmpty() ? (v.op.isEmpty() ? "number" : v.op) : v.label;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}")
                .replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }

    /** Runs Graphviz's dot on the DOT text and returns the PNG it draws. */
    private static byte[] run(String dot) {
        Process process;
        try {
            process = new ProcessBuilder("dot", "-Tpng", "-Gdpi=" + DPI).start();
        } catch (IOException e) {
            throw new IllegalStateException("drawing a graph needs Graphviz's dot, which is not installed: run "
                    + "environment/setup (Debian: sudo apt-get install graphviz)", e);
        }
        try {
            process.getOutputStream().write(dot.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().close();
            byte[] png = process.getInputStream().readAllBytes();
            String errors = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Graphviz's dot could not draw the graph: " + errors.strip());
            }
            return png;
        } catch (IOException e) {
            throw new IllegalStateException("Graphviz's dot failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("drawing the graph was interrupted");
        }
    }
}
