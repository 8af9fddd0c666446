"""The course as a static web site: one HTML page per notebook (as stored, outputs included),
an index page, links between consecutive lessons, math typeset by a local copy of MathJax.
Nothing is fetched from any other host.

    python -m backprop_course.site [OUTDIR]      (default target/site)

Uses nbconvert's HTML exporter (the "lab" template) with MathJax, require.js and jQuery served
from the site's own assets/ folder, copied from Debian's libjs-mathjax, libjs-requirejs and
libjs-jquery (installed with jupyter-notebook).
"""
import argparse
import base64
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from backprop_course.notebooks import course_notebooks, multiline_text
from backprop_course.paths import TARGET

JAVASCRIPT = Path("/usr/share/javascript")
MATHJAX_PARTS = ("MathJax.js", "config", "extensions", "fonts", "jax", "localization")
STYLE = """
nav.course { font: 15px/1.4 sans-serif; display: flex; justify-content: space-between; gap: 1em;
             max-width: 1100px; margin: 0.8em auto; padding: 0.5em 1em; background: #f3f5f8; border-radius: 6px; }
nav.course a { text-decoration: none; }
/* a link in the text is more than its colour */
.jp-RenderedMarkdown a:link, .jp-RenderedMarkdown a:visited { text-decoration: underline; }
.jp-RenderedMarkdown, .jp-OutputArea-output { overflow-x: auto; }
.jp-RenderedHTMLCommon table { table-layout: auto; width: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { overflow-wrap: normal; word-break: normal; }
.jp-RenderedMarkdown td, .jp-RenderedMarkdown th { text-align: left; }  /* the lessons' tables: words, formulas */
/* on a phone each row of a lesson's table is a small block, its cells one under another, rather than
   four columns squeezing the meaning to a word a line */
@media (max-width: 600px) {
  .jp-RenderedMarkdown table, .jp-RenderedMarkdown tbody, .jp-RenderedMarkdown tr, .jp-RenderedMarkdown td { display: block; }
  .jp-RenderedMarkdown thead { display: none; }
  .jp-RenderedMarkdown tr { border-top: 1px solid #d0d0d0; padding: 0.35em 0; }
  .jp-RenderedMarkdown td { padding: 0.1em 0.4em; }
  .jp-RenderedMarkdown td:first-child { font-weight: bold; }
}
.jp-OutputArea-output td, .jp-OutputArea-output th { white-space: nowrap; }  /* data: W1[0][0] stays whole */
.jp-OutputArea-output caption { white-space: nowrap; }  /* a narrow table widens to its caption's line */
.jp-OutputArea-output pre { word-break: normal; overflow-wrap: break-word; }  /* output wraps at spaces, not mid-word */
.jp-RenderedImage img { max-width: 100%; height: auto; }
/* WCAG 2 AA contrast (4.5:1) for prompts and code on the page's backgrounds (white, #f5f5f5) */
:root { --jp-cell-inprompt-font-color: #666666; --jp-cell-outprompt-font-color: #666666;
        --jp-cell-prompt-not-active-font-color: #666666; --jp-cell-prompt-not-active-opacity: 1; }
.highlight .m, .highlight .mb, .highlight .mf, .highlight .mh, .highlight .mi, .highlight .mo, .highlight .il { color: #006600; }
.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch, .highlight .cs, .highlight .cpf { color: #2f6363; }
.highlight .nd, .highlight .nb, .highlight .bp, .highlight .ow { color: #7a17c4; }
.highlight .cp, .highlight .ne, .highlight .nl, .highlight .nt, .highlight .na, .highlight .ni { color: #8a5a00; }
"""
# nbconvert's MathJax configuration breaks long formulas automatically, measured before the page's
# tables are laid out: in a table, every formula then broke token by token. Formulas stay whole.
AUTOMATIC_LINE_BREAKS = re.compile(r"(linebreaks:\s*\{\s*automatic:\s*)true")


def title_and_sentence(nb):
    """The notebook's title (its first # heading) and the first sentence after it, as Markdown (their
    formulas, code and emphasis as the notebook wrote them)."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    text = first.source if first else ""
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "Untitled")
    body = " ".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0] if body else ""
    return title, sentence


def inline_html(markdown):
    """A line of the notebook's Markdown as HTML, as the lesson page shows it (nbconvert's own Markdown
    filter): code and emphasis as HTML, formulas left between their $ signs for the page's MathJax."""
    html_text = markdown2html_mistune(markdown).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", html_text, flags=re.S)


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def plain_title(markdown):
    """The title as plain text, where nothing typesets (the browser's tab): "$b_3$" as "b₃"."""
    text = re.sub(r"_\{?(\d+)\}?", lambda m: m.group(1).translate(SUBSCRIPTS), markdown)
    return re.sub(r"\*\*|\*|`|\$", "", text)


def source_lessons(nb):
    """The notebook's "**Source lesson(s):** ..." line, as plain text ("" for none)."""
    text = " ".join(c.source for c in nb.cells[:1] if c.cell_type == "markdown")
    match = re.search(r"\*\*Source lessons?:\*\*\s*(.+?)(?:\n\n|$)", text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"\*", "", match.group(1))).strip() if match else ""


def first_chart(nb):
    """The base64 PNG of the notebook's first chart and its description, or None. A chart (a plot)
    before any other picture: a graph of Values (lesson 06) is too wide to read as a thumbnail."""
    pictures = [(output["data"]["image/png"], multiline_text(output["data"].get("text/plain", "")))
                for cell in nb.cells for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    charts = [p for p in pictures if re.match(r"(Bar c|C)hart ", p[1])]
    return (charts or pictures or [None])[0]


def copy_assets(out):
    assets = out / "assets"
    mathjax = assets / "mathjax"
    mathjax.mkdir(parents=True, exist_ok=True)
    for part in MATHJAX_PARTS:
        source = JAVASCRIPT / "mathjax" / part
        if not source.exists():
            raise SystemExit(f"site: {source} is missing; install Debian's libjs-mathjax (environment/setup does)")
        target = mathjax / part
        if source.is_dir():
            shutil.copytree(source, target, symlinks=False, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    for source, name in ((JAVASCRIPT / "requirejs" / "require.min.js", "require.min.js"),
                         (JAVASCRIPT / "jquery" / "jquery.min.js", "jquery.min.js")):
        if not source.exists():
            raise SystemExit(f"site: {source} is missing; install Debian's libjs-requirejs and libjs-jquery")
        shutil.copy2(source, assets / name)


NO_DESCRIPTION = ' alt="No description has been provided for this image"'


def with_chart_descriptions(body, nb):
    """Each chart image with its text alternative: the description the course library wrote as the
    output's text fallback (what the chart shows, for a reader who cannot see it)."""
    described = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and "text/plain" in data:
                described["".join(data["image/png"]).strip()] = multiline_text(data["text/plain"])

    def with_alt(match):
        tag, text = match.group(0), described.get(match.group(1).strip())
        if text is None:
            return tag
        tag = tag.replace(NO_DESCRIPTION, "")   # nbconvert's placeholder, where it knows no description
        return tag if ' alt="' in tag else tag.replace("<img", f'<img alt="{html.escape(text, quote=True)}"', 1)
    return re.sub(r'<img\b[^>]*\bsrc="data:image/png;base64,([^"]+)"[^>]*>', with_alt, body)


def nav(previous, following):
    left = f'<a href="{previous[0]}">← {inline_html(previous[1])}</a>' if previous else "<span></span>"
    right = f'<a href="{following[0]}">{inline_html(following[1])} →</a>' if following else "<span></span>"
    return f'<nav class="course">{left}<a href="index.html">All lessons</a>{right}</nav>'


def build(out=None):
    """Writes the site; returns the paths of its pages, the index first."""
    out = Path(out or TARGET / "site")
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    exporter = HTMLExporter(template_name="lab")
    exporter.mathjax_url = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    exporter.require_js_url = "assets/require.min.js"
    exporter.jquery_url = "assets/jquery.min.js"
    notebooks = course_notebooks()
    lessons = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        title, sentence = title_and_sentence(nb)
        lessons.append((path.stem + ".html", title, sentence, nb))
    pages = []
    for i, (page, title, _sentence, nb) in enumerate(lessons):
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": plain_title(title)}})
        body = AUTOMATIC_LINE_BREAKS.sub(r"\1false", body)
        body = with_chart_descriptions(body, nb)
        body = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', body, count=1)   # the page's language, for screen readers
        # links between notebooks point at their pages
        body = re.sub(r'href="(\d\d-[\w-]+)\.ipynb"', r'href="\1.html"', body)
        bar = nav(lessons[i - 1][:2] if i > 0 else None, lessons[i + 1][:2] if i + 1 < len(lessons) else None)
        body = body.replace("</head>", f'<link rel="icon" href="data:,"><style>{STYLE}</style></head>', 1)
        body = re.sub(r"(<body[^>]*>)", lambda m, bar=bar: m.group(1) + bar, body, count=1)
        body = body.replace("</body>", bar + "</body>", 1)
        (out / page).write_text(body, encoding="utf-8")
        pages.append(out / page)
    # the index typesets its titles and sentences with the lesson pages' own MathJax configuration
    mathjax = body[body.index("<!-- Load mathjax -->"):body.index("<!-- End of mathjax configuration -->")]
    items = []
    for page, title, sentence, nb in lessons:
        chart = first_chart(nb)
        thumbnail = ""
        if chart:
            image = f"assets/{Path(page).stem}.png"
            (out / image).write_bytes(base64.b64decode("".join(chart[0])))
            thumbnail = f'<img src="{image}" width="240" alt="{html.escape(chart[1], quote=True)}">'
        source = source_lessons(nb)
        items.append(f'<li><a href="{page}">{thumbnail}<span class="title">{inline_html(title)}</span></a>'
                     f'<p>{inline_html(sentence)}</p>'
                     + (f'<p class="source">Source: {html.escape(source)}</p>' if source else "") + "</li>")
    items = "\n".join(items)
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Backpropagation, taught in Java notebooks</title>
<style>body {{ font: 16px/1.5 sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #222; }}
ol {{ list-style: none; padding: 0; }}
li {{ margin: 0 0 1.5em; padding-bottom: 1em; border-bottom: 1px solid #ddd; overflow: hidden; }}
li a {{ text-decoration: none; }} li .title {{ font-size: 1.2em; font-weight: bold; text-decoration: underline; }}
li img {{ float: left; margin: 0 1em 0.5em 0; border: 1px solid #ddd; max-width: 40%; height: auto; }}
li p {{ margin: 0.3em 0; }} li .source {{ color: #555; font-size: 0.9em; }}</style>
{mathjax}</head>
<body><h1>Backpropagation, taught in Java notebooks</h1>
<p>The course's notebooks as they ran, charts and tables included. Read them in order:</p>
<ol start="0">
{items}
</ol>
<p>To run them yourself, see the course's README: <code>environment/start</code>.</p>
</body></html>
"""
    (out / "index.html").write_text(index, encoding="utf-8")
    return [out / "index.html"] + pages


def main(argv=None):
    parser = argparse.ArgumentParser(prog="environment/site", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", help="the folder to write the pages into (default: target/site)")
    pages = build(parser.parse_args(argv).outdir)
    print(f"site written: {pages[0]} and {len(pages) - 1} lesson pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
