package backprop.kernel;

import org.apache.maven.model.Model;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.io.xpp3.SettingsXpp3Reader;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %loadFromPOM} resolved the way Maven resolves: with
 * Maven's own resolver (maven-resolver and its supplier, Maven 3.9's model), from Maven Central and
 * the repositories a notebook adds; transitive dependencies, scopes, exclusions and dependency
 * management as Maven applies them. The learner's local repository is the cache
 * ({@code ~/.m2/repository}, or settings.xml's {@code localRepository}), and {@code ~/.m2/settings.xml}'s
 * mirrors, proxies and offline setting are honoured, so a notebook resolves what {@code mvn} would.
 * Nothing reaches the cells' classpath unless the whole resolution succeeded; a jar already added
 * is not added again.
 */
final class MavenResolver {

    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";
    /** A repository that does not answer fails within seconds, not minutes. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Consumer<String> addToClasspath;
    /** Repositories added with %mavenRepo, by id, after Maven Central. */
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private final Set<Path> added = new LinkedHashSet<>();
    private RepositorySystem system;
    private DefaultRepositorySystemSession session;

    MavenResolver(Consumer<String> addToClasspath) {
        this.addToClasspath = addToClasspath;
        repositories.put("central", repository("central", CENTRAL_URL));
    }

    /** %mavenRepo ID URL: searched after the repositories before it. */
    String addRepository(String id, String url) {
        repositories.put(id, repository(id, url));
        return "%mavenRepo: " + id + " (" + url + ") is searched from now on.";
    }

    /**
     * %maven: resolves each coordinate ({@code group:artifact[:extension[:classifier]]:version}) and
     * its dependencies (compile and runtime scope) from the repositories named in {@code from}, or
     * all of them; adds the jars to the classpath and says what it added in one line.
     */
    String addDependencies(List<String> coordinates, List<String> from) {
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) {
            dependencies.add(new Dependency(artifact(coordinate), JavaScopes.COMPILE));
        }
        List<RemoteRepository> searched = new ArrayList<>();
        for (String id : from.isEmpty() ? repositories.keySet() : from) {
            RemoteRepository repository = repositories.get(id);
            if (repository == null) {
                throw new CellError("MavenError", "%maven --from " + id + ": no repository has that id. Known: "
                        + String.join(", ", repositories.keySet()) + " (add one with %mavenRepo ID URL).");
            }
            searched.add(repository);
        }
        return "%maven: " + add(String.join(", ", coordinates), dependencies, List.of(), searched, List.of(JavaScopes.RUNTIME));
    }

    /**
     * %loadFromPOM: the POM's dependencies in the given scopes (compile, runtime, system and import when
     * none are given), from the POM's own repositories and Maven Central; its properties and
     * dependency management apply.
     */
    String loadFromPom(Path pom, List<String> scopes) {
        if (!Files.isRegularFile(pom)) {
            throw new CellError("FileNotFound", "%loadFromPOM: no file " + pom + " (relative paths start in the notebook's folder).");
        }
        Model model = effectiveModel(pom);
        List<String> wanted = scopes.isEmpty() ? List.of(JavaScopes.COMPILE, JavaScopes.RUNTIME, JavaScopes.SYSTEM, "import") : scopes;
        List<Dependency> dependencies = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? JavaScopes.COMPILE : d.getScope();
            if (wanted.contains(scope)) dependencies.add(dependency(d, scope));
        }
        List<Dependency> managed = model.getDependencyManagement() == null ? List.of()
                : model.getDependencyManagement().getDependencies().stream()
                  .map(d -> dependency(d, d.getScope() == null ? JavaScopes.COMPILE : d.getScope())).toList();
        List<RemoteRepository> searched = new ArrayList<>();
        model.getRepositories().forEach(r -> searched.add(repository(r.getId(), r.getUrl())));
        if (searched.stream().noneMatch(r -> r.getId().equals("central"))) searched.add(repository("central", CENTRAL_URL));
        if (dependencies.isEmpty()) {
            return "%loadFromPOM: the POM has no dependencies in the scopes " + String.join(", ", wanted) + ": nothing added.";
        }
        List<String> classpath = new ArrayList<>(wanted);
        classpath.add(JavaScopes.RUNTIME);
        return "%loadFromPOM: " + add(dependencies.size() + (dependencies.size() == 1 ? " dependency" : " dependencies") + " of the POM",
                dependencies, managed, searched, classpath);
    }

    /** %%loadFromPOM: a POM, or pieces of one (loose dependency and repository elements, as READMEs give them). */
    String loadFromPomText(String body, List<String> scopes) {
        Path pom = null;
        try {
            pom = Files.createTempFile("course-kernel-", ".pom.xml");
            Files.writeString(pom, PartialPom.complete(body));
            return loadFromPom(pom, scopes);
        } catch (IOException e) {
            throw new CellError("MavenError", "%%loadFromPOM could not write its POM: " + e.getMessage());
        } finally {
            try {
                if (pom != null) Files.deleteIfExists(pom);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }

    /** Resolves, then adds every new jar; "added X with 2 dependencies (3 jars)". */
    private String add(String what, List<Dependency> dependencies, List<Dependency> managed,
                       List<RemoteRepository> searched, List<String> classpathScopes) {
        RepositorySystem repositorySystem = system();
        CollectRequest collect = new CollectRequest(dependencies, managed,
                repositorySystem.newResolutionRepositories(session, searched));   // mirrors and proxies applied
        List<ArtifactResult> results;
        try {
            results = repositorySystem.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(classpathScopes))).getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new CellError("MavenError", what + ": " + cause(e));
        } catch (RuntimeException e) {
            throw new CellError("MavenError", what + ": " + e.getMessage());
        }
        List<Path> jars = new ArrayList<>();
        for (ArtifactResult result : results) {
            Artifact artifact = result.getArtifact();
            if (artifact != null && artifact.getFile() != null) jars.add(artifact.getFile().toPath().toAbsolutePath());
        }
        List<Path> fresh = jars.stream().filter(jar -> !added.contains(jar)).toList();
        fresh.forEach(jar -> {
            addToClasspath.accept(jar.toString());
            added.add(jar);
        });
        int others = jars.size() - dependencies.size();
        String found = what + (others > 0 ? " with " + others + (others == 1 ? " dependency" : " dependencies") : "");
        if (fresh.isEmpty()) return found + ": on the classpath already, nothing added.";
        return "added " + found + " (" + fresh.size() + (fresh.size() == 1 ? " jar" : " jars")
                + (fresh.size() < jars.size() ? ", " + (jars.size() - fresh.size()) + " already there" : "") + ").";
    }

    private static DefaultArtifact artifact(String coordinate) {
        try {
            return new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw new CellError("MavenError", "%maven: " + coordinate + " is not a Maven coordinate: write group:artifact:version "
                    + "(or group:artifact:extension:classifier:version), e.g. %maven org.apache.commons:commons-csv:1.12.0");
        }
    }

    private static Dependency dependency(org.apache.maven.model.Dependency d, String scope) {
        List<Exclusion> exclusions = d.getExclusions().stream()
                .map(e -> new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*")).toList();
        Artifact artifact = new DefaultArtifact(d.getGroupId(), d.getArtifactId(), d.getClassifier(),
                d.getType() == null ? "jar" : d.getType(), d.getVersion());
        return new Dependency(artifact, scope, "true".equals(d.getOptional()), exclusions);
    }

    /** What Maven reads of the POM: properties put in, the super POM's defaults, profiles active here. */
    private static Model effectiveModel(Path pom) {
        DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
        request.setPomFile(pom.toFile());
        request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
        request.setProcessPlugins(false);
        request.setTwoPhaseBuilding(false);
        request.setSystemProperties(System.getProperties());
        try {
            return new DefaultModelBuilderFactory().newInstance().build(request).getEffectiveModel();
        } catch (ModelBuildingException e) {
            String problems = e.getProblems().stream().map(p -> p.getMessage()).distinct()
                    .reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
            throw new CellError("MavenError", "%loadFromPOM: Maven cannot read " + pom.getFileName() + ": " + problems);
        }
    }

    /** The innermost message that names what failed: "Could not find artifact ... in central (url)". */
    private static String cause(Throwable e) {
        String message = e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) message = c.getMessage();
            if (c.getClass().getName().startsWith("org.eclipse.aether.transfer.")) {
                // the resolver's own words name the artifact and the repository; its cause says why
                Throwable why = c.getCause();
                return c.getMessage() + (why != null && why.getMessage() != null && !c.getMessage().contains(why.getMessage())
                        ? " (" + why.getMessage() + ")" : "");
            }
        }
        return message;
    }

    private static RemoteRepository repository(String id, String url) {
        return new RemoteRepository.Builder(id, "default", url).build();
    }

    /** The resolver and its session, made on first use (about 0.1 s, which a kernel start need not pay). */
    private RepositorySystem system() {
        if (system == null) {
            Settings settings = userSettings();
            system = new RepositorySystemSupplier().get();
            session = MavenRepositorySystemUtils.newSession();
            session.setSystemProperties(System.getProperties());   // profiles activated by the JDK, the OS
            Path local = settings.getLocalRepository() != null && !settings.getLocalRepository().isBlank()
                    ? Path.of(settings.getLocalRepository())
                    : Path.of(System.getProperty("user.home"), ".m2", "repository");
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
            session.setOffline(settings.isOffline());
            DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
            for (Mirror m : settings.getMirrors()) {
                mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
            }
            session.setMirrorSelector(mirrors);
            DefaultProxySelector proxies = new DefaultProxySelector();
            for (Proxy p : settings.getProxies()) {
                if (!p.isActive()) continue;
                var auth = p.getUsername() == null ? null
                        : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
                proxies.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth), p.getNonProxyHosts());
            }
            session.setProxySelector(proxies);
            session.setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_MS);
            session.setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MS);
            session.setConfigProperty("aether.connector.http.retryHandler.count", 0);   // a refusal is said at once
        }
        return system;
    }

    /** ~/.m2/settings.xml, or no settings. */
    private static Settings userSettings() {
        Path file = Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
        if (!Files.isRegularFile(file)) return new Settings();
        try (InputStream in = Files.newInputStream(file)) {
            return new SettingsXpp3Reader().read(in);
        } catch (IOException | org.codehaus.plexus.util.xml.pull.XmlPullParserException e) {
            throw new CellError("MavenError", "Maven's settings " + file + " cannot be read: " + e.getMessage()
                    + ". Fix the file (or move it away) and run the cell again.");
        }
    }
}
