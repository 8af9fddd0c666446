"""The widget benchmark (not a test): lesson 03's learning-rate slider in JupyterLab 4 (ipywidgets 8's
protocol) and in Debian's Jupyter Notebook 6 (ipywidgets 6's), each in headless Chromium, dragged by
Selenium as a learner drags it. Reports drag → new image (from the
last mouse move of a drag to the chart's image changing, both timed in the page), median and 95th
percentile; and a fast drag of many moves: how many redraws it took, and whether the last value
was drawn. Run by environment/bench --widgets; arguments: the front ends, lab and/or classic (both
when none is named)."""
import statistics
import sys
import time

import lab_server
import notebook_server
from backprop_course.notebooks import course_notebooks

DRAGS = 40
FAST_MOVES = 30
# times, in the page's clock, of every mouse move and every change of the chart's image
WATCH = """const cell = arguments[0];
window.courseMoves = []; window.courseImages = [];
document.addEventListener('mousemove', () => window.courseMoves.push(performance.now()), true);
new MutationObserver(() => window.courseImages.push(performance.now()))
    .observe(cell.querySelector(arguments[1]), {attributes: true, attributeFilter: ['src']});"""


class Page:
    """Where a front end draws the slider: its chart's image, its handle, and the handle's position
    as a fraction of the track (what the learner's drag set, whatever the kernel drew since)."""

    def __init__(self, server, image, handle, handle_at, widget_state):
        self.server, self.image, self.handle, self.handle_at, self.widget_state = server, image, handle, handle_at, widget_state


FRONT_ENDS = {
    "lab": lambda: Page(lab_server.LabServer(1400, "lab"), ".jupyter-widgets img.widget-image", ".jupyter-widgets .noUi-handle",
                        # noUiSlider's own value (its aria-valuenow is rounded to 0.1), the log10 of η, from -2 to 0
                        "return (parseFloat(arguments[0].querySelector('.noUi-target').noUiSlider.get()) + 2) / 2;",
                        lab_server.WIDGET_STATE),
    "classic": lambda: Page(notebook_server.NotebookServer(1400), ".widget-area img", ".widget-area .ui-slider-handle",
                            # jQuery UI sets the handle's left in percent
                            "return parseFloat(arguments[0].querySelector('.widget-area .ui-slider-handle').style.left) / 100;",
                            notebook_server.WIDGET_STATE),
}
LOG_RANGE = (-2.0, 0.0)   # lesson 03's slider: η from 0.01 to 1, on a log scale


def wait_for_images(driver, count, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if driver.execute_script("return window.courseImages.length") >= count:
            return True
        time.sleep(0.005)
    return False


def settle(driver, cell, quiet=1.0):
    """Waits until the chart has not changed for `quiet` seconds."""
    last, since = None, time.monotonic()
    while time.monotonic() - since < quiet:
        now = driver.execute_script("return window.courseImages.length")
        if now != last:
            last, since = now, time.monotonic()
        time.sleep(0.05)


def measure(front_end):
    from selenium.webdriver.common.action_chains import ActionChains
    page = FRONT_ENDS[front_end]()
    notebook = page.server
    try:
        driver = notebook.driver
        lesson = course_notebooks()[3].name
        copy = "bench-" + lesson
        (notebook.workspace / copy).write_bytes((notebook.workspace / lesson).read_bytes())
        cell = notebook.run_to_widget(copy, "Interact.show(")
        driver.execute_script(WATCH, cell, page.image)
        handle = cell.find_element("css selector", page.handle)
        latencies = []
        for i in range(DRAGS):
            seen = driver.execute_script("return window.courseImages.length")
            ActionChains(driver, duration=0).click_and_hold(handle).move_by_offset(12 if i % 2 == 0 else -12, 0) \
                .release().perform()
            if not wait_for_images(driver, seen + 1):
                print(f"drag {i + 1}: no new image within 10 s", file=sys.stderr)
                continue
            moved, drawn = driver.execute_script(
                "return [window.courseMoves[window.courseMoves.length - 1], window.courseImages[arguments[0]]]", seen)
            latencies.append(drawn - moved)
        settle(driver, cell)
        seen = driver.execute_script("return window.courseImages.length")
        chain = ActionChains(driver, duration=0).click_and_hold(handle)
        for _ in range(FAST_MOVES):
            chain.move_by_offset(4, 0)
        chain.release().perform()
        settle(driver, cell)
        redraws = driver.execute_script("return window.courseImages.length") - seen
        position = LOG_RANGE[0] + driver.execute_script(page.handle_at, cell) * (LOG_RANGE[1] - LOG_RANGE[0])
        shown = float(driver.execute_script(page.widget_state, cell)["labels"][1])
        last_drawn = abs(shown - 10 ** position) <= 0.006 * shown   # the label has 3 significant digits
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(f"\n{'JupyterLab 4' if front_end == 'lab' else 'Jupyter Notebook 6'}:\n| figure | value |\n|---|---|")
        print(f"| drag → new image, median (ms), {len(latencies)} drags | {statistics.median(latencies):.0f} |")
        print(f"| drag → new image, 95th percentile (ms) | {p95:.0f} |")
        print(f"| fast drag: {FAST_MOVES} moves, redraws | {redraws} |")
        print(f"| fast drag: the last value drawn | {'yes' if last_drawn else 'NO'} (slider {10 ** position:.4g}, shown {shown}) |")
    finally:
        notebook.stop()


if __name__ == "__main__":
    for name in sys.argv[1:] or ["lab", "classic"]:
        measure(name)
