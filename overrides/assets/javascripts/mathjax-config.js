// MathJax reads this object when tex-chtml.js loads; pymdownx.arithmatex (generic mode) wraps
// formulas in \( \) and \[ \] inside elements of class "arithmatex", and only those are typeset.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};
