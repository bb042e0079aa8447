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
  // the browser lay the page out again while it loads.
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

  // A phone's browser bar takes the colour of the page's header.
  function tintBrowserBar() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var tag = document.querySelector('meta[name="theme-color"]');
    if (!tag) {
      tag = document.createElement("meta");
      tag.name = "theme-color";
      document.head.appendChild(tag);
    }
    tag.content = getComputedStyle(header).backgroundColor;
  }

  // The light and dark palettes (partials/palette.html): the theme's markup and stored choice
  // (localStorage, in the theme's format, which the theme's inline script applies before the
  // page paints), switched here. The theme's own switcher restyles the whole page four times as
  // it starts; this one changes only what differs from the page as built, so most readers' pages
  // start with no change at all. The toggle shows the label of the palette the button leads to.
  // Only a reader's own switch is stored: a reader who never chose keeps following the system.
  function setUpPalette() {
    var form = document.querySelector("form[data-ch6-palette]");
    if (!form) return;
    var inputs = form.querySelectorAll("input.md-option");

    function apply(index, chosen) {
      var input = inputs[index];
      var color = {};
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
      });
      // A reader's switch repaints the page at once, without the theme's colour transitions.
      if (chosen) document.body.setAttribute("data-md-color-switching", "");
      // The page's style reads these three (the media query is only kept with the choice).
      ["scheme", "primary", "accent"].forEach(function (key) {
        if (document.body.getAttribute("data-md-color-" + key) !== color[key]) {
          document.body.setAttribute("data-md-color-" + key, color[key]);
        }
      });
      if (chosen) {
        setTimeout(function () {
          document.body.removeAttribute("data-md-color-switching");
          tintBrowserBar();
        });
      }
      input.checked = true;
      Array.prototype.forEach.call(inputs, function (other, i) {
        var label = other.nextElementSibling;
        if (label && label.tagName === "LABEL" && label.hidden !== (i !== index)) label.hidden = i !== index;
      });
      // Scroll bars and the page's edges follow the scheme; "light dark" in the page's <head>
      // already gives the system's, so the tag changes only when the reader chose the other.
      var scheme = color.scheme === "slate" ? "dark" : "light";
      var wanted = matchMedia("(prefers-color-scheme: " + scheme + ")").matches ? "light dark" : scheme;
      var tag = document.querySelector('meta[name="color-scheme"]');
      if (tag && tag.content !== wanted) tag.content = wanted;
      if (chosen) __md_set("__palette", { index: index, color: color });
    }

    var stored = null;
    try { stored = __md_get("__palette"); } catch (error) { /* no storage: the system's palette */ }
    var start = stored && inputs[stored.index] ? stored.index : 0;
    if (!stored) {
      for (var i = 0; i < inputs.length; i++) {
        var media = inputs[i].getAttribute("data-md-color-media");
        if (media && matchMedia(media).matches) { start = i; break; }
      }
    }
    apply(start, false);
    window.addEventListener("load", function () { (window.requestIdleCallback || setTimeout)(tintBrowserBar); });
    form.addEventListener("change", function (event) {
      var index = Array.prototype.indexOf.call(inputs, event.target);
      if (index >= 0) apply(index, true);
    });
    // As in the theme: Enter on the focused toggle moves to the next palette.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var current = Array.prototype.findIndex.call(inputs, function (input) { return input.checked; });
      var next = inputs[(current + 1) % inputs.length];
      next.click();
      next.focus();
    });
  }

  setUpPalette();
  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);
  setUpFigures();
  watchTerms();
  // Every scrolling box is in the page as built, tables' boxes included (overrides/hooks.py).
  watchScrollers();
})();
