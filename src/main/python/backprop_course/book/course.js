// The course's book: an output or a code block wider than the page scrolls sideways; a reader on a keyboard reaches it with
// Tab and scrolls it with the arrow keys (WCAG 2.1.1: axe's scrollable-region-focusable), as on a phone.
// Checked again whenever an output's size changes (typeset formulas and loaded images widen them), and when
// the reader turns dark mode on or off (the theme gives images a frame there, which widens a wide output).
function courseKeyboardScrolling(output) {
  if (output.scrollWidth > output.clientWidth && output.tabIndex < 0) {   // (the theme gives outputs -1)
    output.setAttribute("tabindex", "0");
    output.setAttribute("role", "region");
    output.setAttribute("aria-label", "a cell's output, wider than the page: scroll it sideways");
  }
}
document.addEventListener("DOMContentLoaded", () => {
  const watch = new ResizeObserver(entries => entries.forEach(entry => courseKeyboardScrolling(entry.target)));
  // outputs, code blocks (a guide's long command) and the frames of wide tables
  const outputs = [...document.querySelectorAll(".cell_output .output, .highlight pre, .pst-scrollable-table-container")];
  for (const output of outputs) {
    courseKeyboardScrolling(output);
    watch.observe(output);
  }
  new MutationObserver(() => outputs.forEach(courseKeyboardScrolling))
      .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
});
