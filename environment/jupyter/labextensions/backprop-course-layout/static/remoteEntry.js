/* The course's layout for JupyterLab 4 and Notebook 7: a prebuilt extension of CSS only
   (layout.css beside this file), which environment/start puts on JUPYTER_PATH; the learner's own
   settings and extensions are left alone. JupyterLab loads a prebuilt extension's "load" script as
   a webpack module-federation container, window._JUPYTERLAB[name] with init(shareScope) and
   get(module) giving a module's factory; this one has a single module, its "style", whose factory
   adds the stylesheet to the page. (Nothing to bundle: no build step, nothing from npm.) */
(function () {
  const stylesheet = new URL("layout.css", document.currentScript.src).href;
  (window._JUPYTERLAB = window._JUPYTERLAB || {})["backprop-course-layout"] = {
    init: () => {},
    get: () => Promise.resolve(() => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = stylesheet;
      link.dataset.course = "layout";
      document.head.appendChild(link);
      return {};
    }),
  };
})();
