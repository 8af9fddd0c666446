"""The course's book (environment/site: Sphinx, MyST-NB, the Jupyter Book theme) in a real browser:
headless Chromium (Debian's chromium and chromium-driver, through Selenium) opens every page from a
local server, every request to another host refused, and checks that every image loaded with a non-zero
size, that the lessons' tables and typeset math are there, and that nothing was requested from another
host; and, at a desktop's 1280 px and a phone's 390 px, in light and in dark, that nothing is wider than
the page, no table cell is narrower than its longest word, no formula is broken across lines and every
chart is shown at its intended width (or the page's, keeping its proportions); and that axe-core (the
accessibility engine of browsers' own audits, pinned, from npm) finds no WCAG 2 A/AA violation:
contrast, the page's language, every chart's description as its text alternative. Also: the sidebar
lists the lessons, then the guides, in order; search finds what a reader looks for; every link inside
the book leads to a file of it; each lesson's download is its notebook as stored; the hub's launch
button names the lesson; the same sources build the same book. A full-page screenshot of each page at
each width is saved in target/site-screenshots/ for people to look at (browser.FULL_PAGE_SCREENSHOTS)."""
import functools
import http.server
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

import browser
from backprop_course.book import build
from browser import LAYOUT_PROBLEMS, save_full_page
from test_support import ROOT

SCREENSHOTS = ROOT / "target" / "site-screenshots"
# TeX or Markdown a reader sees as typed: a $, a backtick or a TeX command in the prose, the links and
# the index (code, the outputs and MathJax's own elements aside), or TeX in the page's title
TEX_LEFT_AS_TYPED = """
const problems = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let text = walker.nextNode(); text; text = walker.nextNode()) {
  const where = text.parentElement;
  if (where.closest('script, style, code, pre, .MathJax, .MathJax_CHTML, .MathJax_Preview, .MJX_Assistive_MathML, '
                    + '.jp-OutputArea, .jp-InputArea, .cell_output, .cell_input, .highlight')) continue;
  if (/\\$|`|\\\\[a-zA-Z]{2,}|\\b[a-z]_\\{?\\d/.test(text.data))
    problems.push(`TeX or Markdown left as typed: ${text.data.trim().slice(0, 60)}`);
}
if (/[$`\\\\_^]/.test(document.title)) problems.push(`TeX in the page's title: ${document.title}`);
return problems;"""
WIDTHS = (1280, 390)
# what a narrower width changes on a page: the header's buttons, and the lessons' tables, stacked on a phone
WIDTH_CHANGES = {"include": [".bd-header", ".bd-header-article", ".bd-article table.table"]}
# the theme fades colours from light to dark: checked in between, the contrast is neither's
NO_TRANSITIONS = """if (!document.getElementById('no-transitions')) {
  const style = document.createElement('style');
  style.id = 'no-transitions';
  style.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.append(style);
}
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def start_server(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_page(driver, url, lesson):
    """Every problem a reader would meet on the page, one line each."""
    driver.get(url)
    problems = []
    if lesson and not browser.wait_for_math(driver):
        problems.append("no typeset math")
    # every image decoded and laid out at its size (a chart measured before that has no height yet)
    driver.execute_async_script("""const done = arguments[arguments.length - 1];
        Promise.allSettled([...document.images].map(i => i.decode())).then(() => requestAnimationFrame(() => done()));""")
    images = driver.execute_script(
        "return [...document.querySelectorAll('article img')]"
        ".map(i => [i.getAttribute('src').slice(0, 60), i.complete, i.naturalWidth, i.naturalHeight])")
    for src, complete, width, height in images:
        if not complete or not width or not height:
            problems.append(f"an image did not load: {src}")
    if lesson:
        if not images:
            problems.append("no images (charts)")
        if not driver.execute_script("return document.querySelectorAll('.cell_output table').length"):
            problems.append("no tables in the outputs")
    origin = url.split("/", 3)[:3]
    for resource in driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"):
        if not resource.startswith("/".join(origin) + "/") and not resource.startswith("data:"):
            problems.append(f"requested from another host: {resource}")
    return problems


def pages(book):
    """The book's pages a reader reads: the front page, the lessons, the guides."""
    return [book / "index.html", *sorted((book / "notebooks").glob("*.html")), *sorted((book / "docs").glob("*.html"))]


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class Site(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="course-book-"))
        cls.site = build.build(cls.tmp / "site", hub="http://hub.example:8000")
        cls.pages = pages(cls.site)
        cls.lessons = [p for p in cls.pages if p.parent.name == "notebooks"]
        cls.server = start_server(cls.site)
        cls.base = f"http://127.0.0.1:{cls.server.server_port}/"
        cls.driver = browser.start(cls.tmp / "profile")

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.tmp, True)

    def url(self, page):
        return self.base + page.relative_to(self.site).as_posix()

    def beside(self, page, prefix, text):
        """A changed copy of a page, beside it (its links hold), removed when the test ends."""
        copy = page.with_name(prefix + page.name)
        copy.write_text(text, encoding="utf-8")
        self.addCleanup(copy.unlink)
        return copy

    def test_every_page_reads_right_in_a_browser(self):
        """Each page loaded once, then read at each width (the window resized: the typeset formulas reflow)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.assertEqual(len(self.lessons), len(list((ROOT / "notebooks").glob("*.ipynb"))))
        for page in self.pages:
            self.driver.set_window_size(WIDTHS[0], 1000)
            loading = check_page(self.driver, self.url(page), page in self.lessons)
            for width in WIDTHS:
                with self.subTest(page=page.name, width=width):
                    self.driver.set_window_size(width, 1000)
                    self.driver.execute_script(NO_TRANSITIONS + "document.documentElement.dataset.theme = 'light'")
                    problems = loading + self.driver.execute_script(LAYOUT_PROBLEMS)
                    problems += self.driver.execute_script(TEX_LEFT_AS_TYPED)
                    problems += [f"light: {p}" for p in browser.accessibility_problems(self.driver)]
                    # dark mode changes colours alone: its colour rules, on the whole page at the first width, and at
                    # the others on what a width changes (the header's buttons, the lessons' tables stacked on a phone)
                    # (the colours as they end, not half-way through the theme's transition)
                    self.driver.execute_script(NO_TRANSITIONS + "document.documentElement.dataset.theme = 'dark'")
                    part = None if width == WIDTHS[0] else WIDTH_CHANGES
                    problems += [f"dark: {p}" for p in browser.accessibility_problems(self.driver, part, colours_only=True)]
                    save_full_page(self.driver, SCREENSHOTS / f"{page.parent.name}-{page.stem}-{width}.png")
                    self.assertEqual(problems, [], f"{page.name} at {width} px")

    def test_the_sidebar_lists_the_lessons_then_the_guides_and_pages_link_onwards(self):
        self.driver.get(self.url(self.lessons[0]))
        listed = self.driver.execute_script(
            "return [...document.querySelectorAll('.bd-sidenav a')].map(a => new URL(a.href).pathname)")
        self.assertEqual(sorted(build.GUIDES), sorted(p.stem for p in (ROOT / "docs").glob("*.md")), "a guide in docs/ not in the book")
        expected = [f"/notebooks/{p.name}" for p in self.lessons] + [f"/docs/{g}.html" for g in build.GUIDES]
        self.assertEqual([p for p in listed if p.startswith(("/notebooks/", "/docs/"))], expected)
        onwards = self.driver.execute_script("return new URL(document.querySelector('a.right-next').href).pathname")
        self.assertEqual(onwards, f"/notebooks/{self.lessons[1].name}")

    def test_search_finds_what_a_reader_looks_for(self):
        for word, where in (("sigmoidPrime", "02-chain-rule"), ("regularisation", "07-training"), ("b3", "03-bias")):
            with self.subTest(word=word):
                self.driver.get(f"{self.base}search.html?q={word}")
                found = []
                for _ in range(50):
                    found = self.driver.execute_script(
                        "return [...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'))")
                    if found:
                        break
                    time.sleep(0.2)
                self.assertTrue(any(where in link for link in found), f"{word}: {found}")

    def test_every_link_inside_the_book_leads_to_a_file_of_it(self):
        checked = 0
        for page in self.pages:
            text = page.read_text(encoding="utf-8")
            for target in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', text):
                if re.match(r"[a-z]+:", target) or target.startswith("//"):
                    continue
                self.assertTrue((page.parent / target).resolve().exists(), f"{page.name} links to {target}, not in the book")
                checked += 1
        self.assertGreater(checked, 500)

    def test_each_lesson_downloads_as_stored_and_its_hub_button_opens_it(self):
        for page in self.lessons:
            text = page.read_text(encoding="utf-8")
            [download] = set(re.findall(r'href="([^"]*_sources/[^"]*\.ipynb)"', text))
            self.assertEqual((page.parent / download).resolve().read_bytes(), (ROOT / "notebooks" / f"{page.stem}.ipynb").read_bytes())
            self.assertIn(f'href="http://hub.example:8000/hub/user-redirect/lab/tree/{page.stem}.ipynb"', text)

    def test_the_same_sources_build_the_same_book(self):
        again = build.build(self.tmp / "again", hub="http://hub.example:8000")
        first = {p.relative_to(self.site): p.read_bytes() for p in self.site.rglob("*") if p.is_file()}
        second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
        self.assertEqual(sorted(first), sorted(second))
        self.assertEqual([name for name in first if first[name] != second[name]], [])

    def test_a_page_with_a_missing_image_fails(self):
        page = self.lessons[1]
        text = page.read_text(encoding="utf-8")
        broken = self.beside(page, "broken-", re.sub(r'src="(\.\./_images/[^"]+)"', 'src="missing-chart.png"', text, count=1))
        problems = check_page(self.driver, self.url(broken), True)
        self.assertTrue(any("did not load" in p for p in problems), problems)

    def test_a_page_that_needs_another_host_fails(self):
        page = self.lessons[1]
        needy = self.beside(page, "needy-", page.read_text(encoding="utf-8").replace(
            "</article>", '<img src="http://example.com/chart.png" alt="x"></article>', 1))
        problems = check_page(self.driver, self.url(needy), True)
        self.assertIn("requested from another host: http://example.com/chart.png", problems)

    def test_a_chart_without_its_description_and_faint_code_fail_the_accessibility_check(self):
        page = self.lessons[1]
        text = re.sub(r'<img alt="[^"]*" (src="\.\./_images/)', r'<img \1', page.read_text(encoding="utf-8"), count=1)
        faint = self.beside(page, "faint-", text.replace(
            "</head>", "<style>.highlight .mi, .highlight .mf { color: #b0b0b0 !important; }</style></head>", 1))
        self.driver.set_window_size(WIDTHS[0], 1000)
        check_page(self.driver, self.url(faint), True)
        problems = "\n".join(browser.accessibility_problems(self.driver))
        self.assertIn("image-alt", problems)
        self.assertIn("color-contrast", problems)

    def test_faint_text_in_dark_mode_fails_on_a_phone_in_the_parts_a_width_changes(self):
        page = self.lessons[1]
        faint = self.beside(page, "faint-dark-", page.read_text(encoding="utf-8").replace(
            "</head>", '<style>html[data-theme="dark"] .bd-article table.table td { color: #3a3a3a !important; }</style></head>', 1))
        self.driver.set_window_size(WIDTHS[1], 1000)
        check_page(self.driver, self.url(faint), True)
        self.driver.execute_script(NO_TRANSITIONS + "document.documentElement.dataset.theme = 'dark'")
        problems = browser.accessibility_problems(self.driver, WIDTH_CHANGES, colours_only=True)
        self.assertEqual([p.split(":")[0] for p in problems], ["color-contrast"], problems)
        self.assertIn("td", problems[0])

    def test_a_squeezed_table_a_wrapped_caption_and_a_stretched_chart_fail(self):
        page = self.lessons[1]
        squeezed = self.beside(page, "squeezed-", page.read_text(encoding="utf-8").replace(
            "</head>", "<style>.cell_output table { table-layout: fixed !important; width: 60px !important; }"
            " .cell_output caption { white-space: normal !important; }"
            " .cell_output img { height: 50px !important; }</style></head>", 1))
        self.driver.set_window_size(WIDTHS[0], 1000)
        check_page(self.driver, self.url(squeezed), True)
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertTrue(any("narrower than its word" in p or "overflows" in p for p in problems), problems)
        self.assertTrue(any("out of proportion" in p for p in problems), problems)
        self.assertTrue(any("caption wraps" in p for p in problems), problems)



class Binder(unittest.TestCase):
    """binder/, the files a public Binder (repo2docker) builds the course's image from, read by repo2docker
    itself (the book's environment pins it): the Dockerfile it would build installs the JDK and every Debian
    package environment/setup asks root for, so that setup as the notebook's user needs no root; serves the
    Jupyter the course's lock pins; runs binder/postBuild as that user; and starts the server through
    binder/start, which gives it the course's extensions. Not tested here (no Docker, no registry but
    PyPI's): building that image, and opening it on a Binder (binder/postBuild itself was run once by hand
    in a fresh account, as the closing note of its change says)."""

    @classmethod
    def setUpClass(cls):
        made = subprocess.run([build.book_python(), "-m", "repo2docker", "--no-build", "--debug", "--user-id", "1000",
                               "--user-name", "jovyan", str(ROOT)], capture_output=True, text=True, timeout=300)
        cls.dockerfile = made.stdout + made.stderr
        assert made.returncode == 0, cls.dockerfile[-3000:]

    def test_the_image_has_the_jdk_and_every_debian_package_setup_would_install_as_root(self):
        [installed] = re.findall(r"apt-get install --yes --no-install-recommends ([^&]+) &&", self.dockerfile)
        [learners] = re.findall(r'^debian_packages="([^"]+)"', (ROOT / "environment" / "setup").read_text(), re.MULTILINE)
        self.assertEqual(set(learners.split()) - set(installed.split()), set(), "setup would ask for root for these")
        self.assertIn("openjdk-17-jdk-headless", installed.split())

    def test_the_image_serves_the_jupyterlab_and_widgets_the_course_pins(self):
        self.assertIn('pip install --no-cache-dir -r "binder/requirements.txt"', self.dockerfile)
        pinned = dict(re.findall(r"(?m)^([a-z][a-z0-9-]*)==(\S+)", (ROOT / "binder" / "requirements.txt").read_text()))
        locked = dict(re.findall(r"(?m)^([a-z][a-z0-9-]*)==(\S+)", (ROOT / "environment" / "requirements.lock").read_text()))
        self.assertLessEqual({"jupyterlab", "notebook", "ipywidgets", "jupyterlab-widgets", "widgetsnbextension", "jupyter-server",
                              "jupyterlab-server"}, set(pinned), "the front ends, the widgets and the server under them")
        self.assertEqual(pinned, {name: locked.get(name) for name in pinned}, "binder/requirements.txt against the course's lock")

    def test_postbuild_sets_up_as_the_notebooks_user_and_the_server_starts_with_the_courses_settings(self):
        users = [(m.start(), m.group(1)) for m in re.finditer(r"^USER (\S+)", self.dockerfile, re.MULTILINE)]
        post_build = self.dockerfile.index("RUN ./binder/postBuild")
        self.assertEqual([user for at, user in users if at < post_build][-1], "${NB_USER}")
        # a learner's setup, no part that would ask root for more than apt.txt gives
        self.assertRegex((ROOT / "binder" / "postBuild").read_text(), r'(?m)^"\$root/environment/setup"$')
        self.assertIn('R2D_ENTRYPOINT="${REPO_DIR}/binder/start"', self.dockerfile)
        # the server binder/start runs reads the course's settings, as environment/start's does
        shown = subprocess.run([str(ROOT / "binder" / "start"), str(ROOT / ".venv" / "bin" / "jupyter"), "server", "--show-config"],
                               capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT / "target")})
        self.assertRegex(shown.stdout, r"default_kernel_name = 'java'", shown.stderr[-1000:])
        self.assertIn(str(ROOT / "environment" / "jupyter" / "terminal.bashrc"), shown.stdout)
        paths = subprocess.run([str(ROOT / "binder" / "start"), "sh", "-c", 'echo "$JUPYTER_PATH"'],
                               capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
        self.assertEqual(paths.stdout.strip(), f"{ROOT}/environment/jupyter", "the course's JupyterLab extension")
        # the address docs/reading.md gives opens a lesson of the workspace postBuild prepares
        [lesson] = re.findall(r"urlpath=lab/tree/workspace/([^\s`]+)", (ROOT / "docs" / "reading.md").read_text())
        self.assertTrue((ROOT / "notebooks" / lesson).exists(), lesson)


if __name__ == "__main__":
    unittest.main()
