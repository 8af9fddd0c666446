"""A real browser for the page tests: Debian's headless Chromium through Selenium, what a reader
would see wrong in a page's layout (LAYOUT_PROBLEMS), what axe-core finds against WCAG 2 AA
(accessibility_problems), and full-page screenshots."""
import os
import time
from pathlib import Path

# Under CI=true the browser tests are never skipped: a missing browser fails them.
REQUIRED = os.environ.get("CI", "").lower() == "true"
# Full-page screenshots of the lessons and the site's pages, for people to look at (no check reads them): made
# unless COURSE_SCREENSHOTS=0, and under CI=true, where nobody sees them, only with COURSE_SCREENSHOTS=1. They
# cost the suite about 40 CPU seconds: Chromium lays each page out again at its whole height to take one.
FULL_PAGE_SCREENSHOTS = os.environ.get("COURSE_SCREENSHOTS", "0" if REQUIRED else "1") == "1"

# What a reader would see wrong in the page's layout, one line each. It reads MathJax 2's outputs,
# CommonHTML (the site) and HTML-CSS (Jupyter Notebook 6), and MathJax 3's (JupyterLab 4, Notebook 7).
LAYOUT_PROBLEMS = """
const problems = [], page = document.documentElement;
if (page.scrollWidth > window.innerWidth + 1) {
  problems.push(`the page is ${page.scrollWidth} px wide in a ${window.innerWidth} px window`);
}
const ruler = document.createElement('canvas').getContext('2d');
const isFormula = '.MathJax_CHTML, .MathJax, mjx-container';
const room = cell => {
  const style = getComputedStyle(cell);
  return cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
};
const textNodes = cell => {
  const nodes = [], walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) if (!text.parentElement.closest(isFormula)) nodes.push(text);
  return nodes;
};
const shown = element => element.getClientRects().length > 0;   // not display: none
for (const cell of [...document.querySelectorAll('td, th')].filter(shown)) {
  for (const text of cell.querySelector(isFormula) ? [] : textNodes(cell)) {
    ruler.font = getComputedStyle(text.parentElement).font;
    for (const word of text.data.split(/\\s+/)) {
      if (word && ruler.measureText(word).width > room(cell) + 1) {
        problems.push(`a table cell ${Math.round(room(cell))} px wide is narrower than its word "${word}"`);
      }
    }
  }
  const formulas = [...cell.querySelectorAll('mjx-container')];
  if (formulas.length) {   // MathJax 3: its hidden MathML for screen readers counts in scrollWidth, so measure what shows
    const right = cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight);
    if (formulas.some(f => f.getBoundingClientRect().right > right + 1))
      problems.push(`a table cell overflows: "${cell.textContent.slice(0, 40)}"`);
  } else if (cell.scrollWidth > cell.clientWidth + 1) {
    problems.push(`a table cell overflows: "${cell.innerText.slice(0, 40)}"`);
  }
}
// A table whose text wraps in one column while another column has room to spare (Notebook 6's
// fixed table layout gave the code column most of the width and wrapped the meaning a word per line).
for (const table of [...document.querySelectorAll('table')].filter(t => getComputedStyle(t).display === 'table')) {   // not stacked
  const rows = [...table.rows].filter(shown), columns = Math.max(0, ...rows.map(row => row.cells.length));
  let wrapped = null, spare = 0;
  for (let c = 0; c < columns; c++) {
    let widest = 0, narrowest = Infinity;
    for (const row of rows) {
      const cell = row.cells[c];
      if (!cell || cell.colSpan > 1) continue;
      const contents = document.createRange();
      contents.selectNodeContents(cell);
      widest = Math.max(widest, contents.getBoundingClientRect().width);
      narrowest = Math.min(narrowest, room(cell));
      for (const text of textNodes(cell)) {
        const words = document.createRange();
        words.selectNodeContents(text);
        const lines = new Set([...words.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1 && !wrapped) wrapped = text.data.trim().slice(0, 40);
      }
    }
    if (narrowest < Infinity) spare = Math.max(spare, narrowest - widest);
  }
  if (wrapped && spare > 40) problems.push(`a table wraps "${wrapped}" while a column has ${Math.round(spare)} px to spare`);
}
// a table's caption wrapped into the width of a narrow table ("The known / parameters") although the
// output has room for it on one line
for (const caption of [...document.querySelectorAll('caption')].filter(shown)) {
  const words = document.createRange();
  words.selectNodeContents(caption);
  const lines = new Set([...words.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  ruler.font = getComputedStyle(caption).font;
  const area = caption.closest('table').parentElement;
  if (lines.size > 1 && ruler.measureText(caption.textContent.trim()).width <= area.clientWidth) {
    problems.push(`a table's caption wraps in ${lines.size} lines with room for one: "${caption.textContent.trim().slice(0, 40)}"`);
  }
}
for (const formula of document.querySelectorAll('.MathJax_CHTML')) {
  const lines = new Set([...formula.getClientRects()].map(r => Math.round(r.top)));
  if (lines.size > 1) problems.push(`a formula is broken across ${lines.size} lines: ${formula.innerText.slice(0, 40)}`);
}
for (const formula of document.querySelectorAll('span.MathJax')) {   // HTML-CSS: one box, lines inside
  if (formula.closest('.MathJax_Display')) continue;
  const size = parseFloat(getComputedStyle(formula).fontSize);
  if (formula.getBoundingClientRect().height > 2.5 * size) {
    problems.push(`a formula is broken across lines: ${formula.innerText.replace(/\\s+/g, ' ').slice(0, 40)}`);
  }
}
for (const image of document.querySelectorAll('.jp-RenderedImage img, .output_png img, .cell_output img')) {
  const intended = parseInt(image.getAttribute('width') || '0');
  const room = image.parentElement.closest('div, td, figure').clientWidth;
  if (!intended) { problems.push('a chart without its intended width'); continue; }
  if (Math.abs(image.clientWidth - Math.min(intended, room)) > 1) {
    problems.push(`a chart is shown ${image.clientWidth} px wide, not ${Math.min(intended, room)}`);
  }
  // the picture's own box, without the frame a dark theme may give it (padding)
  const box = getComputedStyle(image), drawnWidth = image.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
  const drawnHeight = image.clientHeight - parseFloat(box.paddingTop) - parseFloat(box.paddingBottom);
  if (Math.abs(drawnHeight / drawnWidth - image.naturalHeight / image.naturalWidth) > 0.01) {
    problems.push('a chart is shown out of proportion');
  }
}
// output text (a printed line, an error) that wraps inside its words rather than at its spaces
for (const pre of document.querySelectorAll('.output_area pre, .jp-OutputArea-output pre, .cell_output pre')) {
  if (getComputedStyle(pre).wordBreak === 'break-all') { problems.push('output text wraps in the middle of words'); break; }
}
return [...new Set(problems)];
"""
MATH_TYPESET = ("return !!(window.MathJax && MathJax.Hub && MathJax.Hub.queue && MathJax.Hub.queue.pending === 0"
                " && document.querySelector('.MathJax_CHTML, .MathJax, mjx-container'))")


AXE = Path(__file__).resolve().parents[3] / "target" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA; arguments: the part of the page to check (null: all of it), and whether
# to check colours only (the rules whose outcome a colour scheme changes: contrast, links told by colour)
AXE_RUN = """
const [context, coloursOnly, done] = arguments;
const only = coloursOnly ? {type: 'rule', values: ['color-contrast', 'link-in-text-block']}
                         : {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']};
// a part named that is not on this page is left out (axe refuses a context that finds nothing)
const include = context && context.include.filter(selector => document.querySelector(selector));
if (include && !include.length) done([]);
else axe.run(include ? {include} : document, {runOnly: only, resultTypes: ['violations']})
   .then(result => done(result.violations.map(v =>
        `${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')})`)))
   .catch(error => done([`axe-core failed: ${error}`]));
"""


def accessibility_problems(driver, context=None, colours_only=False):
    """The page's WCAG 2 A/AA violations that axe-core finds, one line per rule; context: axe's, the part of
    the page to check ({"include": [selectors]}), colours_only: the colour rules alone."""
    if not AXE.exists():
        return [f"axe-core is missing ({AXE}): environment/setup installs it with npm"]
    if not driver.execute_script("return typeof axe !== 'undefined'"):   # once a page: 500 KB of script
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(AXE_RUN, context, colours_only)


def missing():
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (Debian: python3-selenium; environment/setup installs it)"
    for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not Path(tool).exists():
            return f"{tool} is missing (Debian: chromium, chromium-driver; environment/setup installs them)"
    return None


def unavailable():
    """Why the browser tests are skipped here, or None (always None under CI=true)."""
    return None if REQUIRED else missing()


def start(profile, width=1280):
    problem = missing()
    if problem:
        raise RuntimeError(f"no browser for the browser tests: {problem}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={width},1600",
                 # nothing but this machine can be reached: a page that needs another host shows it
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # a script that waits (axe-core's run, an image decoded) ends when its work does: axe on a lesson's page
    # takes about 5 s alone and took over Selenium's default 30 s beside a CPU load (lesson 04, two hogs)
    driver.set_script_timeout(300)
    return driver


def wait_for_math(driver, seconds=30):
    """Waits until MathJax has typeset the page; False if it did not in time."""
    deadline = time.monotonic() + seconds
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    while time.monotonic() < deadline:
        if driver.execute_script(MATH_TYPESET):
            return True
        time.sleep(0.2)
    return False


def save_full_page(driver, path, scroller=None):
    """A screenshot of the whole page, not only the window's first screen. scroller: the CSS selector
    of an element that scrolls instead of the page (Notebook 6's #site), shown whole for the picture.
    Nothing when full-page screenshots are not wanted (FULL_PAGE_SCREENSHOTS)."""
    if not FULL_PAGE_SCREENSHOTS:
        return
    width = driver.execute_script("return window.innerWidth")
    if scroller:
        driver.execute_script("document.body.style.overflow = 'visible';"
                              "const s = document.querySelector(arguments[0]); s.style.height = 'auto'; s.style.overflow = 'visible';",
                              scroller)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height, 20000))
    driver.save_screenshot(str(path))
    driver.set_window_size(width, 1000)
