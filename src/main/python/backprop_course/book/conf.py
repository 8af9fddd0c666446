"""Sphinx's configuration for the course's book (build.py runs sphinx-build with -c here; it runs in
.venv-book, where setup links the course's package)."""
import os

project = "Backpropagation, taught in Java notebooks"
author = "the course's authors"
copyright = "the course's authors, Apache License 2.0"
extensions = ["myst_nb", "backprop_course.book.extension"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# the notebooks as stored: their outputs are what the tests check against a fresh run
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
html_theme = "sphinx_book_theme"
html_title = project
# the staged sources' (build.py): Sphinx reads these paths from this folder, not the sources'
html_static_path = [os.path.join(os.environ["COURSE_BOOK_SOURCES"], "_static")]
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_extra_path = [os.path.join(os.environ["COURSE_BOOK_SOURCES"], "_extra")]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
# Debian's MathJax 2.7, copied into the book by build.py: no request leaves the book
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# MyST-NB marks a notebook's page as not for MathJax (an output's $ is not a formula) and its formulas
# as "math": MathJax 2 is told so (Sphinx tells MathJax 3 itself)
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                               "processEscapes": False, "processEnvironments": False,
                               "processClass": "tex2jax_process|mathjax_process|math|output_area",
                               "ignoreClass": "tex2jax_ignore|mathjax_ignore"}}
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
# the class's JupyterHub, for each lesson's launch button (build.py passes it; none: no button)
course_hub_url = os.environ.get("COURSE_BOOK_HUB", "")
course_hub_folder = os.environ.get("COURSE_BOOK_HUB_FOLDER", "")
