package backprop.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The line magics of IJava's surface that the course uses: {@code %classpath} and {@code %jars}
 * add jars or folders (globs allowed, relative to the notebook's folder) to the cell's classpath.
 * One more, {@code %doc name}, shows a method's signature in Jupyter's pager (not in IJava, so the
 * course's notebooks do not use it).
 */
final class Magics {

    private final Consumer<String> addToClasspath;
    private final Consumer<String> page;

    /**
     * @param addToClasspath adds one jar or folder to the cells' classpath
     * @param page           shows the documentation of a name in Jupyter's pager ({@code %doc Math.abs})
     */
    Magics(Consumer<String> addToClasspath, Consumer<String> page) {
        this.addToClasspath = addToClasspath;
        this.page = page;
    }

    /** Runs one magic line, {@code %name args}. */
    void run(String line) {
        List<String> words = splitArgs(line.strip().substring(1));
        if (words.isEmpty()) {
            throw new CellError("MagicError", "A line starting with % needs a magic's name, e.g. %classpath ../target/backprop-course.jar");
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (name) {
            case "classpath", "jars" -> addPaths(name, args);
            case "doc" -> {
                if (args.isEmpty()) throw new CellError("MagicError", "%doc needs a name, e.g. %doc Math.abs");
                page.accept(String.join(" ", args));
            }
            default -> throw new CellError("UnknownMagic",
                    "%" + name + " is not a magic this kernel knows. Known magics: %classpath, %jars, %doc.");
        }
    }

    private void addPaths(String magic, List<String> args) {
        if (args.isEmpty()) {
            throw new CellError("MagicError", "%" + magic + " needs a path, e.g. %" + magic + " ../target/backprop-course.jar");
        }
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            for (String part : arg.split(java.io.File.pathSeparator)) {
                if (part.isBlank()) continue;
                List<Path> matches = resolve(part);
                if (matches.isEmpty()) {
                    throw new CellError("FileNotFound", "%" + magic + ": no file matches " + part
                            + " (relative paths start in the notebook's folder, "
                            + Path.of("").toAbsolutePath().getFileName()
                            + "/). Check the path; for the course library, run environment/setup to build it.");
                }
                found.addAll(matches);
            }
        }
        found.forEach(p -> addToClasspath.accept(p.toAbsolutePath().normalize().toString()));
    }

    /** The existing files a path or glob ({@code *}, {@code ?}, {@code **}) names, sorted. */
    static List<Path> resolve(String pathOrGlob) {
        if (!pathOrGlob.contains("*") && !pathOrGlob.contains("?")) {
            Path path = Path.of(pathOrGlob);
            return Files.exists(path) ? List.of(path) : List.of();
        }
        String normalised = pathOrGlob.replace('\\', '/');
        int firstWild = indexOfWildcard(normalised);
        int lastSlash = normalised.lastIndexOf('/', firstWild);
        Path base = lastSlash < 0 ? Path.of(".") : Path.of(normalised.substring(0, lastSlash + 1));
        String pattern = lastSlash < 0 ? normalised : normalised.substring(lastSlash + 1);
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> !p.equals(base) && matcher.matches(base.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int indexOfWildcard(String s) {
        int star = s.indexOf('*'), question = s.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    /** Splits a magic's arguments on spaces, keeping "quoted parts" together. */
    static List<String> splitArgs(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0; else word.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) { words.add(word.toString()); word.setLength(0); inWord = false; }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
