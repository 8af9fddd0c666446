"""The course's web site in a real browser: headless Chromium (Debian's chromium and
chromium-driver, through Selenium) opens every page from a local server and checks that every
image loaded with a non-zero size, that the lessons' tables and typeset math are there, and that
nothing was requested from another host; and, at a desktop's 1280 px and a phone's 390 px, that
nothing is wider than the page, no table cell is narrower than its longest word, no formula is
broken across lines and every chart is shown at its intended width (or the page's, keeping its
proportions); and that axe-core (the accessibility engine of browsers' own audits, pinned, from
npm) finds no WCAG 2 A/AA violation: contrast, the page's language, every chart's description as
its text alternative. A full-page screenshot of each page at each width is saved in
target/site-screenshots/ for people to look at (browser.FULL_PAGE_SCREENSHOTS)."""
import functools
import http.server
import shutil
import tempfile
import threading
import unittest
from pathlib import Path

import browser
from backprop_course import site
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
                    + '.jp-OutputArea, .jp-InputArea')) continue;
  if (/\\$|`|\\\\[a-zA-Z]{2,}|\\b[a-z]_\\{?\\d/.test(text.data))
    problems.push(`TeX or Markdown left as typed: ${text.data.trim().slice(0, 60)}`);
}
if (/[$`\\\\_^]/.test(document.title)) problems.push(`TeX in the page's title: ${document.title}`);
return problems;"""
WIDTHS = (1280, 390)


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
    images = driver.execute_script(
        "return [...document.images].map(i => [i.getAttribute('src').slice(0, 60), i.complete, i.naturalWidth, i.naturalHeight])")
    for src, complete, width, height in images:
        if not complete or not width or not height:
            problems.append(f"an image did not load: {src}")
    if lesson:
        if not images:
            problems.append("no images (charts)")
        if not driver.execute_script("return document.querySelectorAll('.jp-OutputArea table, .output_html table').length"):
            problems.append("no tables in the outputs")
    origin = url.split("/", 3)[:3]
    for resource in driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"):
        if not resource.startswith("/".join(origin) + "/") and not resource.startswith("data:"):
            problems.append(f"requested from another host: {resource}")
    for entry in driver.get_log("browser") if hasattr(driver, "get_log") else []:
        if "net::ERR_NAME_NOT_RESOLVED" in entry.get("message", ""):
            problems.append(f"tried another host: {entry['message'][:160]}")
    return problems


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class Site(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="course-site-"))
        cls.site = cls.tmp / "site"
        cls.pages = site.build(cls.site)
        cls.server = start_server(cls.site)
        cls.base = f"http://127.0.0.1:{cls.server.server_port}/"
        cls.driver = browser.start(cls.tmp / "profile")

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.tmp, True)

    def test_every_page_reads_right_in_a_browser(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            for page in self.pages:
                with self.subTest(page=page.name, width=width):
                    self.driver.set_window_size(width, 1000)
                    lesson = page.name != "index.html"
                    problems = check_page(self.driver, self.base + page.name, lesson)
                    problems += self.driver.execute_script(LAYOUT_PROBLEMS)
                    problems += self.driver.execute_script(TEX_LEFT_AS_TYPED)
                    if width == WIDTHS[0]:
                        problems += browser.accessibility_problems(self.driver)
                    save_full_page(self.driver, SCREENSHOTS / f"{page.stem}-{width}.png")
                    self.assertEqual(problems, [], f"{page.name} at {width} px")

    def test_the_index_lists_the_lessons_in_order_and_pages_link_onwards(self):
        self.driver.get(self.base + "index.html")
        links = self.driver.execute_script("return [...document.querySelectorAll('li a')].map(a => a.getAttribute('href'))")
        self.assertEqual(links, [p.name for p in self.pages[1:]])
        # each lesson with a thumbnail of one of its charts, described, and (but for 00) its source video
        thumbnails = self.driver.execute_script(
            "return [...document.querySelectorAll('li')].map(li => [!!li.querySelector('img') && li.querySelector('img').naturalWidth,"
            " (li.querySelector('img') || {}).alt || '', (li.querySelector('.source') || {}).textContent || ''])")
        for (loaded, alt, source), page in zip(thumbnails, self.pages[1:]):
            self.assertTrue(loaded, f"{page.name}: no thumbnail")
            self.assertRegex(alt, "^((Bar c|C)hart|Graph of) ", f"{page.name}: a thumbnail without its description")
            if not page.name.startswith("00"):
                self.assertRegex(source, "Welch Labs|CampusX|StatQuest", f"{page.name}: no source lesson")
        self.driver.get(self.base + self.pages[1].name)
        onwards = self.driver.execute_script("return [...document.querySelectorAll('nav.course a')].map(a => a.getAttribute('href'))")
        self.assertIn(self.pages[2].name, onwards)

    def test_a_page_with_a_missing_image_fails(self):
        page = self.pages[1]
        broken = self.site / ("broken-" + page.name)
        text = page.read_text(encoding="utf-8")
        start = text.index('src="data:image/png;base64,')
        end = text.index('"', start + 5)
        broken.write_text(text[:start] + 'src="missing-chart.png' + text[end:], encoding="utf-8")
        problems = check_page(self.driver, self.base + broken.name, True)
        self.assertTrue(any("did not load" in p for p in problems), problems)

    def test_a_page_that_needs_another_host_fails(self):
        page = self.pages[1]
        needy = self.site / ("needy-" + page.name)
        needy.write_text(page.read_text(encoding="utf-8").replace(
            "</body>", '<img src="http://example.com/chart.png"></body>', 1), encoding="utf-8")
        problems = check_page(self.driver, self.base + needy.name, True)
        self.assertTrue(any("example.com" in p for p in problems), problems)

    def test_a_chart_without_its_description_and_faint_code_fail_the_accessibility_check(self):
        page = self.pages[1]
        faint = self.site / ("faint-" + page.name)
        text = page.read_text(encoding="utf-8")
        start = text.rindex("<img", 0, text.index('src="data:image/png;base64,'))
        alt = text.index(' alt="', start)
        end = text.index('"', alt + 6)
        faint.write_text((text[:alt] + text[end + 1:]).replace(
            "</head>", "<style>.highlight .mi, .highlight .mf { color: #b0b0b0 !important; }</style></head>", 1),
            encoding="utf-8")
        self.driver.set_window_size(WIDTHS[0], 1000)
        check_page(self.driver, self.base + faint.name, True)
        problems = "\n".join(browser.accessibility_problems(self.driver))
        self.assertIn("image-alt", problems)
        self.assertIn("color-contrast", problems)

    def test_a_squeezed_table_a_wrapped_caption_and_a_stretched_chart_fail(self):
        page = self.pages[1]
        squeezed = self.site / ("squeezed-" + page.name)
        squeezed.write_text(page.read_text(encoding="utf-8").replace(
            "</head>", "<style>.jp-RenderedHTMLCommon table { table-layout: fixed !important; width: 60px !important; }"
            " .jp-OutputArea-output caption { white-space: normal !important; }"
            " .jp-RenderedImage img { height: 50px; }</style></head>", 1),
            encoding="utf-8")
        self.driver.set_window_size(WIDTHS[0], 1000)
        check_page(self.driver, self.base + squeezed.name, True)
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertTrue(any("narrower than its word" in p or "overflows" in p for p in problems), problems)
        self.assertTrue(any("out of proportion" in p for p in problems), problems)
        self.assertTrue(any("caption wraps" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
