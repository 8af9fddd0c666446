"""The course as a book for readers (environment/site): Sphinx with MyST-NB and the Jupyter Book theme,
from the notebooks as stored (never run again), the README as its front page and the guides in docs/
as chapters; search, the lessons in a sidebar, each page's outline, the notebook's download, light and
dark; MathJax served by the book itself. build.py stages and builds it, conf.py is Sphinx's
configuration, extension.py adds the charts' descriptions and the class hub's launch button."""
