// What the site does in the reader's browser, on top of Material: no library, no network.
// Loaded after Material's bundle and MathJax (mkdocs.yml extra_javascript), once per page load
// (navigation.instant is off). Each part works on the page as built and does nothing when the
// page has nothing for it.
(function () {
  "use strict";

  var korean = document.documentElement.lang === "ko";
  var TEXT = korean
    ? { open: "크게 보기: ", close: "닫기", figure: "그림" }
    : { open: "View larger: ", close: "Close", figure: "Figure" };

  // The language switcher (overrides/partials/alternate.html) links to the same page of the
  // other build; carry the reader's #anchor along. Both builds have the same heading, figure,
  // claim and glossary anchors (generator/site/check.py compares them).
  function keepAnchor() {
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var page = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", page + location.hash);
    }
  }

  // Boxes meant to scroll sideways (display equations, wide tables, code) fade at an edge with
  // more to show (site.css), so that a formula cut off by a phone's screen reads as scrollable.
  var SCROLLERS = ".md-typeset div.arithmatex, .md-typeset .md-typeset__scrollwrap, .md-typeset pre > code";

  function markEdges(box) {
    var hidden = box.scrollWidth - box.clientWidth;
    box.classList.toggle("ch6-more-left", hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle("ch6-more-right", hidden > 1 && box.scrollLeft < hidden - 1);
  }

  function watchScrollers() {
    var boxes = document.querySelectorAll(SCROLLERS);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (!box.hasAttribute("data-ch6-edges")) {
        box.setAttribute("data-ch6-edges", "");
        box.addEventListener("scroll", markEdges.bind(null, box), { passive: true });
        if (window.ResizeObserver) new ResizeObserver(markEdges.bind(null, box)).observe(box);
      }
      markEdges(box);
    }
  }

  // The figure viewer: a figure opens at least twice as wide as it is on the page, and never
  // below its own size, so the smallest tick label is readable on a phone; it scrolls both
  // ways and shows the caption underneath. A native <dialog>: Esc closes it, focus stays in it.
  var viewer = null;

  function buildViewer() {
    viewer = document.createElement("dialog");
    viewer.className = "ch6-viewer";
    viewer.innerHTML =
      '<div class="ch6-viewer__bar"><span class="ch6-viewer__title"></span>' +
      '<button type="button" class="ch6-viewer__close">\u00d7</button></div>' +
      '<div class="ch6-viewer__scroll" tabindex="0"><img alt=""></div>' +
      '<div class="ch6-viewer__caption"></div>';
    var close = viewer.querySelector(".ch6-viewer__close");
    close.setAttribute("aria-label", TEXT.close);
    close.setAttribute("title", TEXT.close);
    close.addEventListener("click", function () { viewer.close(); });
    viewer.addEventListener("close", function () {
      document.documentElement.classList.remove("ch6-viewer-open");
      if (viewer.opener) viewer.opener.focus();
    });
    document.body.appendChild(viewer);
  }

  function figureLabel(figure) {
    var strong = figure.querySelector("figcaption strong");
    return strong ? strong.textContent.replace(/\.\s*$/, "") : TEXT.figure;
  }

  function openFigure(img) {
    if (!viewer) buildViewer();
    var figure = img.closest("figure");
    var caption = figure.querySelector("figcaption");
    var big = viewer.querySelector(".ch6-viewer__scroll img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    big.style.width = Math.round(Math.max(2 * img.getBoundingClientRect().width, img.naturalWidth)) + "px";
    viewer.querySelector(".ch6-viewer__title").textContent = figureLabel(figure);
    viewer.querySelector(".ch6-viewer__caption").innerHTML = caption ? caption.innerHTML : "";
    viewer.opener = img;
    document.documentElement.classList.add("ch6-viewer-open");
    viewer.showModal();
    var scroll = viewer.querySelector(".ch6-viewer__scroll");
    scroll.scrollTop = 0;
    scroll.scrollLeft = 0;
  }

  function setUpFigures() {
    var images = document.querySelectorAll(".ch6-figure figure img");
    for (var i = 0; i < images.length; i++) {
      var img = images[i];
      img.setAttribute("role", "button");
      img.setAttribute("tabindex", "0");
      img.setAttribute("aria-label", TEXT.open + figureLabel(img.closest("figure")));
      var hint = document.createElement("span");
      hint.className = "ch6-zoom-hint";
      hint.setAttribute("aria-hidden", "true");
      img.insertAdjacentElement("afterend", hint);
      img.addEventListener("click", function (event) { openFigure(event.currentTarget); });
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          openFigure(event.currentTarget);
        }
      });
    }
  }

  // Korean lines break between words (site.css: word-break keep-all), but a percent sign or a
  // closing bracket still leaves a break before the particle or ending written after it:
  // "19.5%" / "였습니다". A word joiner (U+2060, invisible) keeps them on one line.
  var ATTACHED = /([%)\]”’」』])(?=[가-힣])/g;

  function joinKoreanEndings() {
    var article = document.querySelector("article");
    if (!korean || !article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (ATTACHED.test(node.data) && !node.parentElement.closest("code, pre, .arithmatex")) nodes.push(node);
      ATTACHED.lastIndex = 0;
    }
    nodes.forEach(function (text) { text.data = text.data.replace(ATTACHED, "$1\u2060"); });
  }

  joinKoreanEndings();
  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);
  setUpFigures();
  // Material wraps tables in their scroll box when the document is ready; MathJax typesets later.
  document.addEventListener("DOMContentLoaded", watchScrollers);
  window.addEventListener("load", watchScrollers);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(watchScrollers);
})();
