package backprop.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * IJava's magics (1.3.0, which JJava keeps), so that IJava's and JJava's notebooks run unchanged:
 * <ul>
 *   <li>{@code %classpath} and {@code %jars} add jars or folders (globs allowed, relative to the
 *   notebook's folder) to the cells' classpath; a relative path that names nothing there is tried
 *   from the course's {@code notebooks/} folder, so that a lesson copied anywhere (a grader's
 *   folder, say) still finds the course library with its {@code %classpath ../target/backprop-course.jar};</li>
 *   <li>{@code %maven group:artifact:version ...} (also {@code %addMavenDependency},
 *   {@code %addMavenDependencies}; {@code --from ID} picks repositories), {@code %mavenRepo ID URL}
 *   (also {@code %addMavenRepo}), {@code %loadFromPOM pom.xml [scopes]} and the cell magic
 *   {@code %%loadFromPOM [scopes]} with POM pieces as the cell: resolved by {@link MavenResolver};</li>
 *   <li>{@code %load file} runs a {@code .jsh}/{@code .jshell}/{@code .java} file's code in the session.</li>
 * </ul>
 * Two more, not in IJava, so the course's notebooks do not use them: {@code %doc name} shows a method's
 * signature in Jupyter's pager, and {@code %hint NN N [STEP] [--solution]} a step of an exercise's hint
 * ladder in the cell: the course's {@code environment/hint}, so that a learner gets help where they are stuck.
 */
final class Magics {

    private static final String KNOWN = "%classpath, %jars, %maven, %mavenRepo, %loadFromPOM, %%loadFromPOM, %load, %doc, %hint";
    /** What {@code %load name} tries after the name itself, as IJava does. */
    private static final List<String> LOADABLE = List.of(".jsh", ".jshell", ".java", ".ijava");

    private final Consumer<String> addToClasspath;
    private final Consumer<String> page;
    private final Consumer<String> runCode;
    /** The course's notebooks/ folder, where the lessons' relative paths start (null if unknown), found when first needed. */
    private final Supplier<Path> courseNotebooks;
    /** Made at the first Maven magic: a kernel start loads none of Maven's resolver. */
    private MavenResolver maven;

    /**
     * @param addToClasspath adds one jar or folder to the cells' classpath
     * @param page           shows the documentation of a name in Jupyter's pager ({@code %doc Math.abs})
     * @param runCode        runs code as part of the running cell ({@code %load})
     */
    Magics(Consumer<String> addToClasspath, Consumer<String> page, Consumer<String> runCode) {
        this(addToClasspath, page, runCode, Magics::courseNotebooks);
    }

    /** As above, the lessons' relative paths tried from {@code courseNotebooks} when the notebook's folder has nothing there. */
    Magics(Consumer<String> addToClasspath, Consumer<String> page, Consumer<String> runCode, Supplier<Path> courseNotebooks) {
        this.addToClasspath = addToClasspath;
        this.page = page;
        this.runCode = runCode;
        this.courseNotebooks = courseNotebooks;
    }

    /** The notebooks/ folder of the course this kernel was built in: its classes lie in target/ (a jar or classes/). */
    static Path courseNotebooks() {
        try {
            Path classes = Path.of(Magics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent().resolve("notebooks");
        } catch (Exception e) {   // no code source (an unusual class loader): relative paths start in the notebook's folder only
            return null;
        }
    }

    private MavenResolver maven() {
        if (maven == null) maven = new MavenResolver(addToClasspath);
        return maven;
    }

    /** The arguments that are not options (-v, --verbose: what was added is always said). */
    private static List<String> plain(List<String> args) {
        return args.stream().filter(a -> !a.startsWith("-")).toList();
    }

    /** Whether the cell is a cell magic's: its first line starts with {@code %%}. */
    static boolean isCellMagic(String code) {
        return code.stripLeading().startsWith("%%");
    }

    /** Runs a cell magic: {@code %%name args} on the first line, the rest of the cell its body. */
    void runCell(String code) {
        String stripped = code.stripLeading();
        int end = stripped.indexOf('\n');
        List<String> words = splitArgs(stripped.substring(2, end < 0 ? stripped.length() : end));
        String body = end < 0 ? "" : stripped.substring(end + 1);
        String name = words.isEmpty() ? "" : words.get(0);
        if (!name.equals("loadFromPOM")) {
            throw new CellError("UnknownMagic", "%%" + name + " is not a cell magic this kernel knows. Known: %%loadFromPOM.");
        }
        System.out.println(maven().loadFromPomText(body, words.subList(1, words.size())));
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
            case "maven", "addMavenDependency", "addMavenDependencies" -> System.out.println(mavenDependencies(name, args));
            case "mavenRepo", "addMavenRepo" -> {
                List<String> plain = plain(args);
                if (plain.size() != 2) {
                    throw new CellError("MagicError", "%" + name + " needs an id and a URL, e.g. %" + name
                            + " sonatype-snapshots https://oss.sonatype.org/content/repositories/snapshots/");
                }
                System.out.println(maven().addRepository(plain.get(0), plain.get(1)));
            }
            case "loadFromPOM" -> {
                List<String> plain = plain(args);
                if (plain.isEmpty()) throw new CellError("MagicError", "%loadFromPOM needs the path of a POM, e.g. %loadFromPOM pom.xml");
                System.out.println(maven().loadFromPom(Path.of(plain.get(0)), plain.subList(1, plain.size())));
            }
            case "load" -> load(args);
            case "hint" -> hint(args);
            default -> throw new CellError("UnknownMagic",
                    "%" + name + " is not a magic this kernel knows. Known magics: " + KNOWN + ".");
        }
    }

    /**
     * %hint NN N [STEP] [--solution]: the course's {@code environment/hint} with these arguments, its answer
     * printed in the cell; it names the next step as {@code %hint NN N 2}. Its mistakes (a lesson that is
     * not there) are the cell's error.
     */
    private void hint(List<String> args) {
        Path notebooks = courseNotebooks.get();
        Path command = notebooks == null ? null : notebooks.resolveSibling("environment").resolve("hint");
        if (command == null || !Files.isExecutable(command)) {
            throw new CellError("MagicError", "%hint runs the course's environment/hint, which this kernel cannot find"
                    + (command == null ? "" : " (" + command + ")") + ": in a terminal, in the course's folder, run environment/hint "
                    + String.join(" ", args));
        }
        List<String> line = new ArrayList<>(List.of(command.toString()));
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("COURSE_COMMAND", "%hint");   // the next step is named as the learner asks for it here
        Process process = null;
        try {
            process = builder.start();
            process.getOutputStream().close();
            String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) throw new CellError("MagicError", said);
            System.out.println(said);
        } catch (IOException e) {
            throw new CellError("MagicError", "%hint could not run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellError("Interrupted", "%hint was interrupted");
        } finally {
            if (process != null) process.destroy();
        }
    }

    /** %maven coordinates ... [--from ID[,ID]] [-v]: IJava's arguments. */
    private String mavenDependencies(String name, List<String> args) {
        List<String> coordinates = new ArrayList<>(), from = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--from") && i + 1 < args.size()) {
                from.addAll(List.of(args.get(++i).split(",")));
            } else if (arg.startsWith("--from=")) {
                from.addAll(List.of(arg.substring("--from=".length()).split(",")));
            } else if (!arg.startsWith("-")) {
                coordinates.add(arg);
            }
        }
        if (coordinates.isEmpty()) {
            throw new CellError("MagicError", "%" + name + " needs a coordinate, e.g. %maven org.apache.commons:commons-csv:1.12.0");
        }
        return maven().addDependencies(coordinates, from);
    }

    /** %load FILE: the file's code (a .jsh, .jshell or .java file; the extension may be left out) runs in the session. */
    private void load(List<String> args) {
        if (args.size() != 1) throw new CellError("MagicError", "%load needs one file, e.g. %load helpers.jsh");
        Path file = Path.of(args.get(0));
        for (String extension : LOADABLE) {
            if (Files.isRegularFile(file)) break;
            file = Path.of(args.get(0) + extension);
        }
        if (!Files.isRegularFile(file)) {
            throw new CellError("FileNotFound", "%load: no file " + args.get(0) + " (nor with " + String.join(", ", LOADABLE)
                    + "; relative paths start in the notebook's folder, " + Path.of("").toAbsolutePath().getFileName() + "/).");
        }
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException e) {
            throw new CellError("FileNotFound", "%load: " + file + " cannot be read: " + e.getMessage());
        }
        try {
            runCode.accept(code);
        } catch (CellError e) {
            throw e.withNote("(in " + file + ", which %load ran: its lines are the file's)");
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
                Path notebooks = matches.isEmpty() && !Path.of(part).isAbsolute() ? courseNotebooks.get() : null;
                if (notebooks != null) {
                    // a lesson copied out of the course (a grader's folder): its path from notebooks/, read
                    // as a name (notebooks/../target is target/ even where notebooks/ cannot be entered)
                    matches = resolve(notebooks.resolve(part).normalize().toString());
                }
                if (matches.isEmpty()) {
                    throw new CellError("FileNotFound", "%" + magic + ": no file matches " + part
                            + " (relative paths start in the notebook's folder, "
                            + Path.of("").toAbsolutePath().getFileName()
                            + "/, then in the course's notebooks/). Check the path; for the course library, run environment/setup to build it.");
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
