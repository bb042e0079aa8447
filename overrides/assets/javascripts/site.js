// What the site does in the reader's browser, on top of Material: no library, no network.
// Loaded deferred after Material's bundle (mkdocs.yml extra_javascript), once per page load
// (navigation.instant is off). Each part works on the page as built and does nothing when the
// page has nothing for it.
(function () {
  "use strict";

  var korean = document.documentElement.lang === "ko";
  var TEXT = korean
    ? { open: "크게 보기: ", close: "닫기", figure: "그림", fit: "화면에 맞추기", zoom: "크게 보기" }
    : { open: "View larger: ", close: "Close", figure: "Figure", fit: "Fit to screen", zoom: "Zoom in" };

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

  // Every box is measured first and marked after, so that a page of many boxes is laid out
  // once, not once per box.
  function markEdges(boxes) {
    var edges = Array.prototype.map.call(boxes, function (box) {
      var hidden = box.scrollWidth - box.clientWidth;
      return [hidden > 1 && box.scrollLeft > 1, hidden > 1 && box.scrollLeft < hidden - 1];
    });
    Array.prototype.forEach.call(boxes, function (box, i) {
      box.classList.toggle("ch6-more-left", edges[i][0]);
      box.classList.toggle("ch6-more-right", edges[i][1]);
    });
  }

  // A box is measured when the browser has laid it out and whenever its size changes: the
  // observer reports each box once it has a size, after layout, so marking the edges never makes
  // the browser lay the page out again while it loads. Boxes the browser has not laid out yet
  // (content-visibility, site.css) are measured as they near the screen.
  var resized = window.ResizeObserver
    ? new ResizeObserver(function (entries) { markEdges(entries.map(function (e) { return e.target; })); })
    : null;

  function watchScrollers() {
    var boxes = document.querySelectorAll(SCROLLERS);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (!box.hasAttribute("data-ch6-edges")) {
        box.setAttribute("data-ch6-edges", "");
        box.addEventListener("scroll", markEdges.bind(null, [box]), { passive: true });
        if (resized) resized.observe(box);
      }
    }
    if (!resized) markEdges(boxes);
  }

  // The figure viewer: a figure opens at least twice as wide as it is on the page, and never
  // below its own size, so the smallest tick label is readable on a phone; it scrolls both
  // ways and shows the caption underneath. "Fit to screen" shows the whole figure and its
  // caption at once instead (a wide multi-panel figure at 2x is larger than any screen); the
  // button toggles between the two. A native <dialog> named by its title: Esc closes it,
  // focus stays in it.
  var viewer = null;

  function buildViewer() {
    viewer = document.createElement("dialog");
    viewer.className = "ch6-viewer";
    viewer.setAttribute("aria-labelledby", "ch6-viewer-title");
    viewer.innerHTML =
      '<div class="ch6-viewer__bar"><span class="ch6-viewer__title" id="ch6-viewer-title"></span>' +
      '<button type="button" class="ch6-viewer__fit" aria-pressed="false"></button>' +
      '<button type="button" class="ch6-viewer__close">\u00d7</button></div>' +
      '<div class="ch6-viewer__scroll" tabindex="0"><img alt=""></div>' +
      '<div class="ch6-viewer__caption"></div>';
    var close = viewer.querySelector(".ch6-viewer__close");
    close.setAttribute("aria-label", TEXT.close);
    close.setAttribute("title", TEXT.close);
    close.addEventListener("click", function () { viewer.close(); });
    viewer.querySelector(".ch6-viewer__fit").addEventListener("click", function () { fitViewer(!viewer.fitted); });
    viewer.addEventListener("close", function () {
      document.documentElement.classList.remove("ch6-viewer-open");
      if (viewer.opener) viewer.opener.focus();
    });
    document.body.appendChild(viewer);
  }

  // Fitted: the image as large as the space above the caption allows, whole (site.css).
  function fitViewer(fit) {
    viewer.fitted = fit;
    viewer.classList.toggle("ch6-viewer--fit", fit);
    var button = viewer.querySelector(".ch6-viewer__fit");
    button.textContent = fit ? TEXT.zoom : TEXT.fit;
    button.setAttribute("aria-pressed", fit ? "true" : "false");
    var big = viewer.querySelector(".ch6-viewer__scroll img");
    big.style.width = fit ? "" : viewer.zoomWidth + "px";
    var scroll = viewer.querySelector(".ch6-viewer__scroll");
    scroll.scrollTop = 0;
    scroll.scrollLeft = 0;
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
    viewer.zoomWidth = Math.round(Math.max(2 * img.getBoundingClientRect().width, img.naturalWidth));
    viewer.querySelector(".ch6-viewer__title").textContent = figureLabel(figure);
    viewer.querySelector(".ch6-viewer__caption").innerHTML = caption ? caption.innerHTML : "";
    viewer.opener = img;
    document.documentElement.classList.add("ch6-viewer-open");
    viewer.showModal();
    fitViewer(false);
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

  // Glossary words (abbr.ch6-term, generator/site/render.py) show the glossary's line in a box
  // under the word while the pointer rests on it or while it has focus, which a tap gives it on a
  // phone; Esc or a scroll hides it. One box for the page, made the first time it is needed: the
  // page does no work for it while it loads. While the box shows, the word's title moves into it,
  // so the browser does not draw its own tooltip over ours.
  var tip = null;
  var tipFor = null;

  function showTip(term) {
    if (tipFor === term) return;
    hideTip();
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "ch6-tip";
      tip.id = "ch6-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    tipFor = term;
    tip.textContent = term.getAttribute("title");
    term.setAttribute("data-ch6-title", tip.textContent);
    term.removeAttribute("title");
    term.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    var word = term.getBoundingClientRect();
    var margin = 8;
    var left = word.left + word.width / 2 - tip.offsetWidth / 2;
    tip.style.left = Math.max(margin, Math.min(left, window.innerWidth - tip.offsetWidth - margin)) + "px";
    var below = word.bottom + margin;
    tip.style.top = (below + tip.offsetHeight > window.innerHeight ? word.top - margin - tip.offsetHeight : below) + "px";
  }

  function hideTip() {
    if (!tipFor) return;
    tipFor.setAttribute("title", tipFor.getAttribute("data-ch6-title"));
    tipFor.removeAttribute("data-ch6-title");
    tipFor.removeAttribute("aria-describedby");
    tipFor = null;
    tip.hidden = true;
  }

  function termOf(event) {
    return event.target.closest ? event.target.closest("abbr.ch6-term") : null;
  }

  function watchTerms() {
    document.addEventListener("pointerover", function (event) {
      var term = termOf(event);
      if (term && event.pointerType === "mouse") showTip(term);
    });
    document.addEventListener("pointerout", function (event) {
      var term = termOf(event);
      if (term && term === tipFor && event.pointerType === "mouse" && !term.contains(event.relatedTarget)
          && document.activeElement !== term) hideTip();
    });
    document.addEventListener("focusin", function (event) {
      var term = termOf(event);
      if (term) showTip(term);
    });
    document.addEventListener("focusout", function (event) {
      if (termOf(event) === tipFor) hideTip();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideTip();
    });
    window.addEventListener("scroll", hideTip, { passive: true });
  }

  // The page's large blocks are laid out when they near the screen (content-visibility, site.css),
  // which keeps the theme's start-up cheap. Once the page has loaded, the rest are laid out for
  // good while the browser is idle, one block at a time, so that no one pause is long and the
  // page's height, the scroll bar, find in page and anything that measures the page see every block
  // at its real size. A block above the screen that grows would push the text the reader is on;
  // browsers that do not keep the reader's place themselves get it kept here. Which blocks wait
  // is site.css's choice; this finds them by their style.
  function layOutLateBlocks() {
    var blocks = Array.prototype.filter.call(document.querySelectorAll(".md-typeset > *"), function (block) {
      return getComputedStyle(block).contentVisibility === "auto";
    });
    var idle = window.requestIdleCallback || function (next) { return setTimeout(next, 50); };

    function next() {
      var block = blocks.shift();
      if (!block) return;
      var above = block.getBoundingClientRect().bottom < 0;
      var mark = above ? document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2) : null;
      var markTop = mark ? mark.getBoundingClientRect().top : 0;
      block.style.contentVisibility = "visible";
      requestAnimationFrame(function () {
        var moved = mark ? mark.getBoundingClientRect().top - markTop : 0;
        if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
        idle(next);
      });
    }
    idle(next);
  }

  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);
  setUpFigures();
  watchTerms();
  // Material wraps tables in their scroll box when the document is ready.
  document.addEventListener("DOMContentLoaded", watchScrollers);
  window.addEventListener("load", watchScrollers);
  window.addEventListener("load", layOutLateBlocks);
})();
