// The course's notebook extension for Jupyter Notebook 6: environment/start puts
// environment/jupyter on JUPYTER_PATH and JUPYTER_CONFIG_PATH, whose nbconfig/notebook.json loads it.
// It leaves the learner's own custom.js, custom.css and extensions alone.
define(["require", "jquery", "base/js/namespace"], function (require, $, Jupyter) {
  "use strict";

  // Notebook 6 tells MathJax to break long formulas automatically. MathJax measures the room for
  // a formula before the table around it is laid out, so in the lessons' tables every formula
  // broke token by token (||g - n|| / ||g + n|| over five lines). Formulas stay whole; a long
  // one scrolls with its cell instead. The setting is made once MathJax has read Notebook's own
  // configuration ("End Config"); formulas typeset before this extension loaded are drawn again.
  function keepFormulasWhole() {
    ["HTML-CSS", "CommonHTML", "SVG"].forEach(function (jax) {
      var config = MathJax.Hub.config[jax] = MathJax.Hub.config[jax] || {};
      config.linebreaks = $.extend(config.linebreaks || {}, { automatic: false });
      var output = MathJax.OutputJax && MathJax.OutputJax[jax];
      if (output && output.config && output.config.linebreaks) output.config.linebreaks.automatic = false;
    });
  }

  function load_ipython_extension() {
    $("<link/>", { rel: "stylesheet", type: "text/css", href: require.toUrl("./notebook.css") }).appendTo("head");
    if (!window.MathJax || !MathJax.Hub) return;   // Notebook started without MathJax
    MathJax.Hub.Register.StartupHook("End Config", keepFormulasWhole);
    MathJax.Hub.Register.StartupHook("HTML-CSS Jax Ready", keepFormulasWhole);
    if (document.querySelector(".MathJax")) MathJax.Hub.Queue(["Rerender", MathJax.Hub]);
  }

  return { load_ipython_extension: load_ipython_extension };
});
