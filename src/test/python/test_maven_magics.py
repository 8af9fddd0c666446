"""IJava's magics in the course's kernel, resolved by Maven's own resolver: %maven, %mavenRepo,
%loadFromPOM (a file, and the cell magic with POM pieces) and %load. Against a repository this
test serves on localhost (small jars it compiles itself: a transitive chain, a test-scoped and an
excluded dependency), through a mirror in the kernel's own ~/.m2/settings.xml, so the suite needs
no network and the learner's ~/.m2 is never touched."""
import functools
import http.server
import os
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile
from pathlib import Path

from kernel_session import KernelSession
from test_support import JDKS

JAVA_HOME = Path(JDKS[0][1])
# artifact: (its classes' source, its dependencies as POM XML)
ARTIFACTS = {
    "words": ('package com.example.words; public class Words { public static String hi() { return "Hi"; } }', ""),
    "heavy": ("package com.example.heavy; public class Heavy {}", ""),
    "testkit": ("package com.example.testkit; public class TestKit {}", ""),
    "extras": ("package com.example.extras; public class Extras {}",
               "<dependency><groupId>com.example</groupId><artifactId>heavy</artifactId><version>1.0</version></dependency>"),
    "greeter": ('package com.example.greeter; public class Greeter {'
                ' public static String hello(String name) { return com.example.words.Words.hi() + ", " + name; } }',
                "<dependency><groupId>com.example</groupId><artifactId>words</artifactId><version>1.0</version></dependency>"
                "<dependency><groupId>com.example</groupId><artifactId>testkit</artifactId><version>1.0</version>"
                "<scope>test</scope></dependency>"
                "<dependency><groupId>com.example</groupId><artifactId>extras</artifactId><version>1.0</version>"
                "<exclusions><exclusion><groupId>com.example</groupId><artifactId>heavy</artifactId></exclusion>"
                "</exclusions></dependency>"),
}


def pom(artifact, dependencies):
    return (f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            f"<groupId>com.example</groupId><artifactId>{artifact}</artifactId><version>1.0</version>"
            f"<dependencies>{dependencies}</dependencies></project>")


def build_repository(root):
    """A Maven repository layout under root: each artifact's jar (compiled here) and POM."""
    sources, classes = root / "src", root / "classes"
    for name, (source, _) in ARTIFACTS.items():
        cls = source.split("public class ")[1].split()[0]
        path = sources / name / "com" / "example" / name / f"{cls}.java"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    every = [str(p) for p in sources.rglob("*.java")]
    subprocess.run([str(JAVA_HOME / "bin" / "javac"), "--release", "17", "-d", str(classes), *every], check=True)
    for name, (_, dependencies) in ARTIFACTS.items():
        folder = root / "repo" / "com" / "example" / name / "1.0"
        folder.mkdir(parents=True)
        with zipfile.ZipFile(folder / f"{name}-1.0.jar", "w") as jar:
            for cls in (classes / "com" / "example" / name).glob("*.class"):
                jar.write(cls, cls.relative_to(classes).as_posix())
        (folder / f"{name}-1.0.pom").write_text(pom(name, dependencies))


class Repository(http.server.SimpleHTTPRequestHandler):
    """Serves /repo/ from the folder; /refuse/ answers 403 Forbidden, as a repository that refuses."""

    def do_GET(self):
        if self.path.startswith("/refuse/"):
            self.send_error(403, "Forbidden")
        else:
            super().do_GET()

    def do_HEAD(self):
        if self.path.startswith("/refuse/"):
            self.send_error(403, "Forbidden")
        else:
            super().do_HEAD()

    def log_message(self, *args):
        pass


class MavenMagics(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="course-maven-"))
        build_repository(cls.tmp)
        handler = functools.partial(Repository, directory=str(cls.tmp))
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.home = cls.tmp / "home"
        (cls.home / ".m2").mkdir(parents=True)
        (cls.home / ".m2" / "settings.xml").write_text(
            "<settings><mirrors><mirror><id>test-mirror</id><mirrorOf>*,!refusing,!nowhere</mirrorOf>"
            f"<url>{cls.url}/repo/</url></mirror></mirrors></settings>")
        cls.stderr = tempfile.TemporaryFile(mode="w+")
        cls.k = cls.start_kernel()

    @classmethod
    def start_kernel(cls):
        env = {**os.environ, "JAVA_TOOL_OPTIONS": f"-Duser.home={cls.home}"}   # its own ~/.m2
        return KernelSession(JDKS[0][0], env=env, stderr=cls.stderr, cwd=str(cls.tmp))

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
        cls.server.shutdown()
        cls.stderr.close()

    def ok(self, code, k=None):
        reply, outputs = (k or self.k).run(code, timeout=60)
        self.assertEqual(reply["status"], "ok", f"{code!r}: {reply.get('evalue')}")
        return KernelSession.stream(outputs)

    def fails(self, code, *phrases):
        started = time.monotonic()
        reply, outputs = self.k.run(code, timeout=60)
        self.assertLess(time.monotonic() - started, 15, "a failure is said within seconds")
        self.assertEqual(reply["status"], "error", f"{code!r} should fail")
        for phrase in phrases:
            self.assertIn(phrase, reply["evalue"])
        return reply["evalue"]

    def test_maven_adds_the_transitive_dependencies_maven_would_and_nothing_twice(self):
        k = self.start_kernel()   # a session that added nothing yet
        try:
            said = self.ok("%maven com.example:greeter:1.0", k)
            self.assertEqual(said, "%maven: added com.example:greeter:1.0 with 2 dependencies (3 jars).\n")
            self.assertEqual(k.value('com.example.greeter.Greeter.hello("Ada")'), 'Hi, Ada')
            self.ok("new com.example.extras.Extras()", k)
            for missing in ("heavy.Heavy", "testkit.TestKit"):   # excluded; test scope
                reply, _ = k.run(f"new com.example.{missing}()")
                self.assertEqual(reply["status"], "error", f"com.example.{missing} is on the classpath")
            self.assertTrue((self.home / ".m2" / "repository" / "com" / "example" / "words" / "1.0" / "words-1.0.jar").exists(),
                            "the local repository is the cache")
            self.assertEqual(self.ok("%maven com.example:greeter:1.0", k),
                             "%maven: com.example:greeter:1.0 with 2 dependencies: on the classpath already, nothing added.\n")
            self.assertEqual(self.ok("%maven com.example:words:1.0 com.example:heavy:1.0", k),
                             "%maven: added com.example:words:1.0, com.example:heavy:1.0 (1 jar, 1 already there).\n")
        finally:
            k.close()

    def test_bad_coordinates_missing_artifacts_and_unreachable_repositories_say_so_and_keep_the_session(self):
        self.ok("int kept = 41;")
        self.fails("%maven com.example:greeter", "com.example:greeter is not a Maven coordinate", "group:artifact:version")
        self.fails("%maven com.example:nope:1.0", "com.example:nope", "Could not find artifact")
        self.ok("%mavenRepo nowhere http://127.0.0.1:1/")
        self.fails("%maven --from nowhere com.example:other:1.0", "com.example:other", "nowhere", "refused")
        self.ok(f"%addMavenRepo refusing {self.url}/refuse/")
        self.fails("%maven --from refusing com.example:other:1.0", "com.example:other", "refusing", "403")
        self.fails("%maven --from elsewhere com.example:words:1.0", "no repository has that id")
        self.assertEqual(self.k.value("kept + 1"), "42")

    def test_load_from_pom_reads_a_pom_file_and_pom_pieces_in_a_cell(self):
        (self.tmp / "deps.xml").write_text(
            '<project><modelVersion>4.0.0</modelVersion><groupId>n</groupId><artifactId>n</artifactId><version>1</version>'
            "<properties><example.version>1.0</example.version></properties><dependencies>"
            "<dependency><groupId>com.example</groupId><artifactId>extras</artifactId><version>${example.version}</version></dependency>"
            "<dependency><groupId>com.example</groupId><artifactId>testkit</artifactId><version>1.0</version><scope>test</scope></dependency>"
            "</dependencies></project>")
        self.assertEqual(self.ok("%loadFromPOM deps.xml"),
                         "%loadFromPOM: added 1 dependency of the POM with 1 dependency (2 jars).\n")
        self.ok("new com.example.heavy.Heavy()")   # no exclusion here: Maven brings it
        said = self.ok("%%loadFromPOM\n<dependency>\n  <groupId>com.example</groupId>\n  <artifactId>testkit</artifactId>\n"
                       "  <version>1.0</version>\n</dependency>")
        self.assertEqual(said, "%loadFromPOM: added 1 dependency of the POM (1 jar).\n")
        self.ok("new com.example.testkit.TestKit()")
        self.fails("%%loadFromPOM\n<dependency><groupId>x", "not well-formed XML")
        self.fails("%loadFromPOM missing.xml", "no file missing.xml")

    def test_the_kernels_libraries_stay_out_of_the_notebooks_classes(self):
        """The kernel's jar moves its libraries under backprop.kernel.lib and Maven's resolver under
        backprop.kernel.maven: a notebook's own %maven gson, httpclient or commons-codec never meets the
        kernel's copy."""
        for name in ("org.apache.http.client.HttpClient", "org.eclipse.aether.RepositorySystem",
                     "org.apache.commons.codec.binary.Base64", "org.codehaus.plexus.util.StringUtils",
                     "com.google.gson.Gson", "org.zeromq.ZMQ", "org.objectweb.asm.ClassReader"):
            reply, _ = self.k.run(f'Class.forName("{name}")')
            self.assertEqual(reply["status"], "error", f"a cell sees the kernel's {name}")
            self.assertEqual(reply["ename"], "ClassNotFoundException")

    def test_load_runs_a_files_code_in_the_session(self):
        (self.tmp / "helpers.jsh").write_text("int twice(int x) {\n    return 2 * x;\n}\n")
        self.ok("%load helpers")   # the extension may be left out, as in IJava
        self.assertEqual(self.k.value("twice(21)"), "42")
        (self.tmp / "broken.jsh").write_text("int ok = 1;\nint bad = ;\n")
        reply, _ = self.k.run("%load broken.jsh")
        self.assertEqual(reply["status"], "error")
        trace = "\n".join(reply["traceback"])
        self.assertIn("line 2", trace)
        self.assertIn("broken.jsh, which %load ran", trace)
        self.fails("%load nothing-here", "no file nothing-here")


if __name__ == "__main__":
    unittest.main()
