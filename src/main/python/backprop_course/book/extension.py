"""The course's Sphinx extension for its book:

- each chart's text alternative is its description, the text the course library writes beside the
  image (what the chart shows, for a reader who cannot see it), where MyST-NB would put the file's name;
- MathJax on every page, for the formulas in the sidebar's titles; a page's title in the browser's tab
  with its subscripts as characters (b₃, not b_3);
- a lesson's page has a button that opens the lesson in the class's JupyterHub, in the student's own
  workspace (course_hub_url; course_hub_folder, the workspace's folder under the server's root: none on
  one machine, course-workspace/ on Kubernetes), the address launch.url makes."""
import base64
import hashlib
import re
from pathlib import Path

import nbformat
from docutils import nodes

from backprop_course.book import launch
from backprop_course.notebooks import multiline_text


def descriptions(notebook):
    """{sha256 of a PNG's bytes: its description}: MyST-NB names each output image by that hash."""
    found = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and "text/plain" in data:
                png = base64.b64decode("".join(data["image/png"]))
                found[hashlib.sha256(png).hexdigest()] = multiline_text(data["text/plain"])
    return found


def describe_charts(app, doctree):
    source = Path(app.env.doc2path(app.env.docname))
    if source.suffix != ".ipynb":
        return
    described = descriptions(source)
    for image in doctree.findall(nodes.image):
        text = described.get(Path(image["uri"]).stem)
        if text:
            image["alt"] = text


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def plain_title(app, pagename, templatename, context, doctree):
    """The page's title where nothing typesets (the browser's tab): "b_3" as "b₃"."""
    def plain(text):
        text = re.sub(r"\\\(|\\\)|\$", "", text)   # no formula's delimiters: nothing typesets there
        return re.sub(r"_\{?(\d+)\}?", lambda m: m.group(1).translate(SUBSCRIPTS), text)
    for name in ("title", "pagetitle"):   # the tab's, and the printed page's heading
        if context.get(name):
            context[name] = plain(context[name])
    for neighbour in ("prev", "next"):   # the links to the pages before and after, which do not typeset
        if context.get(neighbour) and context[neighbour].get("title"):
            context[neighbour]["title"] = plain(context[neighbour]["title"])


def hub_button(app, pagename, templatename, context, doctree):
    hub = app.config.course_hub_url
    if not hub or context.get("page_source_suffix") != ".ipynb":
        return
    # as the theme's own launch buttons: a rocket that opens a list (here of one), which a phone's header has room for
    context["header_buttons"].append({"type": "group", "tooltip": "Run this lesson", "icon": "fas fa-rocket",
                                      "label": "course-hub-buttons", "buttons": [{
        "type": "link", "url": launch.url(hub, app.config.course_hub_folder, Path(pagename).name + ".ipynb"),
        "text": "The class's JupyterHub", "tooltip": "Open this lesson in your workspace on the class's JupyterHub",
        "icon": "fas fa-rocket", "label": "course-hub-button"}]})


def setup(app):
    # MathJax on every page, not only those with formulas: the sidebar's lesson titles have some ($b_3$)
    app.set_html_assets_policy("always")
    app.add_config_value("course_hub_url", "", "html")
    app.add_config_value("course_hub_folder", "", "html")
    app.connect("doctree-read", describe_charts)
    # after the theme's own header buttons (priority 501), which make the list
    app.connect("html-page-context", hub_button, priority=502)
    app.connect("html-page-context", plain_title, priority=900)   # after the theme has set its titles
    return {"parallel_read_safe": True, "parallel_write_safe": True}
