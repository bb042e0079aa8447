/* Explorables: figures a reader can explore over results this build computed.
 *
 * Each .ch6-explore block names its data file (data-src), built in Python from the sealed result:
 * every state's series, already aligned, and a sentence per state. This script only selects and
 * draws (with uPlot, vendored beside it); it never computes a number the page shows. The data and
 * uPlot load when the block comes near the screen, or at once when the address names its state:
 * #explore-id?control=value&... The address follows the controls, so a view can be sent and cited.
 */
(function () {
  "use strict";

  var scriptBase = (function () {
    var current = document.currentScript && document.currentScript.src;
    return current ? current.replace(/explore\.js(\?.*)?$/, "") : "";
  })();
  var uplotLoading = null;

  function loadUplot() {
    if (window.uPlot) return Promise.resolve();
    if (!uplotLoading) {
      uplotLoading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = scriptBase + "vendor/uplot/uPlot.min.css";
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = scriptBase + "vendor/uplot/uPlot.iife.min.js";
        script.onload = function () { resolve(); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return uplotLoading;
  }

  /* ---- state and address -------------------------------------------------------------------- */

  function stateFromHash(id) {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf(id + "?") !== 0) return null;
    var state = {};
    hash.slice(id.length + 1).split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) state[pair.slice(0, at)] = pair.slice(at + 1);
    });
    return state;
  }

  function stateQuery(ex) {
    return ex.data.controls.filter(function (c) { return c.kind !== "fixed"; })
      .map(function (c) { return c.name + "=" + ex.state[c.name]; }).join("&");
  }

  function key(ex, names) {
    return names.map(function (n) { return ex.state[n]; }).join("|");
  }

  /* ---- colours that follow the light or dark scheme ----------------------------------------- */

  function palette(el) {
    var style = getComputedStyle(el);
    function v(name, fallback) { return (style.getPropertyValue(name) || "").trim() || fallback; }
    return {
      solid: v("--ch6-ex-1", "#1f77b4"), dashed: v("--ch6-ex-2", "#d62728"),
      train: v("--ch6-ex-1", "#1f77b4"), test: v("--ch6-ex-2", "#d62728"),
      text: v("--md-default-fg-color", "#222"), grid: v("--md-default-fg-color--lightest", "#ddd"),
      bins: [v("--ch6-ex-bin-1", "#d9d9d9"), v("--ch6-ex-bin-2", "#9ecae1"), v("--ch6-ex-bin-3", "#4292c6"),
             v("--ch6-ex-bin-4", "#08519c"), v("--ch6-ex-bin-5", "#08306b")],
      mark: v("--ch6-ex-mark", "#e6550d"),
      layer1: v("--ch6-ex-layer-1", "#fdae6b"), layer2: v("--ch6-ex-layer-2", "#f16913"),
      layer3: v("--ch6-ex-layer-3", "#d94801"), layer4: v("--ch6-ex-layer-4", "#a63603"),
      layer5: v("--ch6-ex-layer-5", "#7f2704"),
      opt1: v("--ch6-ex-opt-1", "#1f77b4"), opt2: v("--ch6-ex-opt-2", "#ff7f0e"), opt3: v("--ch6-ex-opt-3", "#2ca02c"),
      opt4: v("--ch6-ex-opt-4", "#d62728"), opt5: v("--ch6-ex-opt-5", "#9467bd"), opt6: v("--ch6-ex-opt-6", "#8c564b"),
    };
  }

  function translucent(color, alpha) {
    var m = /^#([0-9a-f]{6})$/i.exec(color);
    if (!m) return color;
    var n = parseInt(m[1], 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function axes(ex, panel, colors) {
    var lang = ex.lang;
    var common = { stroke: colors.text, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } };
    return [
      Object.assign({ label: panel.xlabel[lang] }, common),
      Object.assign({ label: panel.ylabel[lang] }, common),
    ];
  }

  /* ---- one line panel: the series the state shows, mean with its range or every seed ------- */

  function matches(ex, when) {
    return !when || Object.keys(when).every(function (n) { return ex.state[n] === when[n]; });
  }

  function lineOptions(ex, panel, colors, width) {
    var k = key(ex, panel.keys);
    var shown = panel.series.filter(function (s) { return matches(ex, s.when); });
    var data = [panel.x];
    var series = [{}];
    var bands = [];
    var lows = {};
    var hidden = [];
    shown.forEach(function (s) {
      var color = colors[s.style] || colors.solid;
      var dash = s.style === "dashed" || s.style === "test" ? [6, 4] : undefined;
      var band = s.role === "low" || s.role === "high";
      data.push(s.data[k]);
      series.push({
        label: s.label[ex.lang],
        stroke: band ? translucent(color, 0.35) : color,
        width: s.role === "mean" ? 2.5 : band ? 1 : 1.5,
        dash: dash,
        points: { show: false },
        spanGaps: false,
      });
      if (band) hidden.push(series.length - 1);
      if (s.role === "low") lows[s.label.en] = series.length - 1;
      if (s.role === "high" && lows[s.label.en] !== undefined) {
        bands.push({ series: [series.length - 1, lows[s.label.en]], fill: translucent(color, 0.15) });
      }
    });
    return {
      opts: {
        width: width, height: ex.height, series: series, bands: bands, axes: axes(ex, panel, colors),
        scales: { x: { time: false }, y: panel.ylog ? { distr: 3 } : { range: panel.ymax_by_state ? [panel.ymin, panel.ymax_by_state[k]]
          : panel.ymax === null ? function (u, min, max) { return [panel.ymin, Math.max(1, max) * 1.05]; }
          : [panel.ymin, panel.ymax] } },
        legend: { show: true, live: false }, cursor: { drag: { x: false, y: false } },
      },
      data: data,
      hidden: hidden,
    };
  }

  /* ---- the search: trials as points coloured by validation accuracy, the chosen one's curves - */

  var BIN_EDGES = [20, 40, 60, 80];

  function binOf(value) {
    if (value === null) return 0;
    var b = 0;
    while (b < BIN_EDGES.length && value >= BIN_EDGES[b]) b++;
    return b;
  }

  function pointOptions(ex, panel, colors, width) {
    var k = key(ex, panel.keys);
    var p = panel.points[k];
    var order = p.x.map(function (_, i) { return i; }).sort(function (a, b) { return p.x[a] - p.x[b]; });
    var xs = order.map(function (i) { return p.x[i]; });
    var data = [xs];
    var series = [{}];
    var names = ["< 20%", "20–40%", "40–60%", "60–80%", "≥ 80%"];
    for (var b = 0; b < 5; b++) {
      data.push(order.map(function (i) { return binOf(p.value[i]) === b ? p.y[i] : null; }));
      series.push({ label: names[b], stroke: colors.bins[b], fill: colors.bins[b], width: 0,
                    paths: function () { return null; }, points: { show: true, size: 7, fill: colors.bins[b] } });
    }
    var chosen = p.rank_of.indexOf(Number(ex.state.rank));
    data.push(order.map(function (i) { return i === chosen ? p.y[i] : null; }));
    series.push({ label: ex.lang === "ko" ? "고른 시도" : "chosen trial", stroke: colors.mark, width: 0,
                  paths: function () { return null; }, points: { show: true, size: 14, width: 2.5, fill: "transparent", stroke: colors.mark } });
    // each round's range: [lr low, lr high, weight decay low, weight decay high] in log10
    var rounds = [panel.ranges[ex.state.seed + "|1"], panel.ranges[ex.state.seed + "|2"]];
    var first = rounds[0];
    return {
      opts: {
        width: width, height: ex.height, series: series, axes: axes(ex, panel, colors),
        scales: { x: { time: false, range: [first[0] - 0.2, first[1] + 0.2] }, y: { range: [first[2] - 0.2, first[3] + 0.2] } },
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        hooks: {
          draw: [function (u) {
            var ctx = u.ctx;
            rounds.forEach(function (r, i) {
              if (!r) return;
              var x0 = u.valToPos(r[0], "x", true), x1 = u.valToPos(r[1], "x", true);
              var y0 = u.valToPos(r[2], "y", true), y1 = u.valToPos(r[3], "y", true);
              ctx.save();
              ctx.strokeStyle = colors.text;
              ctx.lineWidth = i === 0 ? 1 : 2;
              ctx.setLineDash(i === 0 ? [4, 4] : []);
              ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
              ctx.restore();
            });
          }],
        },
      },
      data: data,
      pick: function (u, event) {
        var rect = u.over.getBoundingClientRect();
        var px = event.clientX - rect.left, py = event.clientY - rect.top;
        var best = -1, bestDist = Infinity;
        for (var i = 0; i < p.x.length; i++) {
          var dx = u.valToPos(p.x[i], "x") - px, dy = u.valToPos(p.y[i], "y") - py;
          var d = dx * dx + dy * dy;
          if (d < bestDist) { bestDist = d; best = i; }
        }
        return best >= 0 && bestDist < 30 * 30 ? String(p.rank_of[best]) : null;
      },
    };
  }

  function trialOptions(ex, panel, colors, width) {
    var c = panel.curves[key(ex, panel.keys)];
    return {
      opts: {
        width: width, height: ex.height, axes: axes(ex, panel, colors),
        series: [{}, { label: panel.labels.val[ex.lang], stroke: colors.solid, width: 2, points: { show: false } },
                 { label: panel.labels.train[ex.lang], stroke: colors.solid, width: 1.5, dash: [6, 4], points: { show: false } }],
        scales: { x: { time: false }, y: { range: [panel.ymin, panel.ymax] } },
        legend: { show: true, live: false }, cursor: { drag: { x: false, y: false } },
      },
      data: [panel.x, c.val, c.train],
    };
  }

  /* ---- the bowl: each optimiser's path at the learning rate (and α) its controls choose ------ */

  function pathOptions(ex, panel, colors, width) {
    var series = [{}];
    var data = [[panel.xrange[0], panel.xrange[1]]];
    panel.series.forEach(function (s) {
      series.push({ label: s.label[ex.lang], stroke: colors[s.style] || colors.solid, width: 2, points: { show: false } });
      data.push([null, null]);
    });
    return {
      opts: {
        width: width, height: ex.height, series: series, axes: axes(ex, panel, colors),
        scales: { x: { time: false, range: panel.xrange }, y: { range: panel.yrange } },
        legend: { show: true, live: false }, cursor: { drag: { x: false, y: false }, points: { show: false } },
        hooks: {
          draw: [function (u) {
            var ctx = u.ctx;
            ctx.save();
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            // the bowl's level sets: x²/20 + y² = c, ellipses with half-axes √(20c) and √c
            ctx.strokeStyle = colors.grid;
            ctx.lineWidth = 1;
            panel.levels.forEach(function (c) {
              ctx.beginPath();
              for (var t = 0; t <= 64; t++) {
                var a = (t / 64) * 2 * Math.PI;
                var px = u.valToPos(Math.sqrt(20 * c) * Math.cos(a), "x", true);
                var py = u.valToPos(Math.sqrt(c) * Math.sin(a), "y", true);
                if (t === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
              }
              ctx.stroke();
            });
            panel.series.forEach(function (s, i) {
              if (!u.series[i + 1].show) return;
              var path = s.paths[key(ex, s.keys)];
              ctx.strokeStyle = u.series[i + 1].stroke();
              ctx.fillStyle = ctx.strokeStyle;
              ctx.lineWidth = 2;
              ctx.beginPath();
              var started = false;
              for (var j = 0; j < path.x.length; j++) {
                if (path.x[j] === null || path.y[j] === null) { started = false; continue; }
                var px = u.valToPos(path.x[j], "x", true), py = u.valToPos(path.y[j], "y", true);
                if (started) ctx.lineTo(px, py); else { ctx.moveTo(px, py); started = true; }
              }
              ctx.stroke();
              for (var k = 0; k < path.x.length; k++) {
                if (path.x[k] === null || path.y[k] === null) continue;
                ctx.beginPath();
                ctx.arc(u.valToPos(path.x[k], "x", true), u.valToPos(path.y[k], "y", true), 2.5, 0, 2 * Math.PI);
                ctx.fill();
              }
            });
            ctx.restore();
          }],
        },
      },
      data: data,
    };
  }

  var BUILDERS = { line: lineOptions, points: pointOptions, trial: trialOptions, paths: pathOptions };

  /* ---- drawing, controls, readout and citation ---------------------------------------------- */

  function draw(ex) {
    var colors = palette(ex.el);
    var width = Math.max(260, ex.chart.clientWidth);
    ex.plots.forEach(function (u) { u.destroy(); });
    ex.plots = [];
    ex.chart.textContent = "";
    ex.data.panels.forEach(function (panel) {
      if (!matches(ex, panel.when)) return;
      var built = BUILDERS[panel.kind || "line"](ex, panel, colors, width);
      var holder = document.createElement("div");
      holder.className = "ch6-explore-panel";
      ex.chart.appendChild(holder);
      var u = new window.uPlot(built.opts, built.data, holder);
      // the band's edges draw the range; the legend names the curve once
      var rows = u.root.querySelectorAll(".u-legend .u-series");
      (built.hidden || []).forEach(function (i) { if (rows[i]) rows[i].style.display = "none"; });
      if (built.pick) {
        u.over.addEventListener("click", function (event) {
          var rank = built.pick(u, event);
          if (rank !== null) set(ex, "rank", rank);
        });
      }
      ex.plots.push(u);
    });
  }

  function describe(ex) {
    return ex.data.controls.filter(function (c) { return c.kind !== "fixed"; }).map(function (c) {
      var shown = c.labels[ex.lang][c.values.indexOf(ex.state[c.name])];
      return c.kind === "toggle" ? shown : c.label[ex.lang] + " " + shown;
    }).join(", ");
  }

  function update(ex, push) {
    ex.data.controls.forEach(function (c) {
      if (c.kind === "fixed") return;
      var input = ex.form.elements[c.name];
      var index = c.values.indexOf(ex.state[c.name]);
      var shown = c.labels[ex.lang][index];
      if (c.kind === "toggle") input.checked = index === 1;
      else if (c.kind === "select") input.value = ex.state[c.name];
      else {
        input.value = String(index);
        input.setAttribute("aria-valuetext", shown);
        var out = ex.form.querySelector('output[for="' + input.id + '"]');
        if (out) out.textContent = shown;
      }
    });
    draw(ex);
    var readouts = Array.isArray(ex.data.readout) ? ex.data.readout : [ex.data.readout];
    ex.readout.textContent = readouts.map(function (r) {
      var text = r.text[key(ex, r.keys)];
      return text ? text[ex.lang] : "";
    }).join(" ");
    var url = ex.el.getAttribute("data-permalink") + "?" + stateQuery(ex);
    ex.citeText.textContent = ex.el.getAttribute("data-cite").replace("{state}", describe(ex)).replace("{url}", url);
    ex.el.setAttribute("data-state", stateQuery(ex));
    if (push) {
      history.replaceState(null, "", "#" + ex.id + "?" + stateQuery(ex));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    }
  }

  function set(ex, name, value) {
    ex.state[name] = value;
    update(ex, true);
  }

  function start(el, fromAddress) {
    if (el.ch6Explore) return el.ch6Explore.ready;
    var ex = {
      el: el, id: el.id, lang: el.getAttribute("data-lang"), plots: [],
      height: parseInt(getComputedStyle(el).getPropertyValue("--ch6-explore-height"), 10) || 320,
      form: el.querySelector(".ch6-explore-controls"), chart: el.querySelector(".ch6-explore-chart"),
      readout: el.querySelector(".ch6-explore-readout"), citeText: el.querySelector(".ch6-explore-cite-text"),
    };
    el.ch6Explore = ex;
    ex.ready = Promise.all([loadUplot(), fetch(el.getAttribute("data-src")).then(function (r) { return r.json(); })])
      .then(function (loaded) {
        ex.data = loaded[1];
        ex.state = {};
        ex.data.controls.forEach(function (c) { ex.state[c.name] = c.default; });
        var asked = stateFromHash(ex.id) || {};
        ex.data.controls.forEach(function (c) {
          if (asked[c.name] !== undefined && c.values.indexOf(asked[c.name]) >= 0) ex.state[c.name] = asked[c.name];
        });
        ex.data.controls.forEach(function (c) {
          if (c.kind === "fixed") return;
          var input = ex.form.elements[c.name];
          input.addEventListener(c.kind === "range" ? "input" : "change", function () {
            var value = c.kind === "toggle" ? c.values[input.checked ? 1 : 0]
              : c.kind === "select" ? input.value : c.values[Number(input.value)];
            set(ex, c.name, value);
          });
        });
        el.classList.add("ch6-explore-ready");
        update(ex, false);
        if (fromAddress) el.scrollIntoView();
        var resizing = null;
        window.addEventListener("resize", function () {
          clearTimeout(resizing);
          resizing = setTimeout(function () { draw(ex); }, 150);
        });
        var scheme = new MutationObserver(function () { draw(ex); });
        scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
        return ex;
      });
    return ex.ready;
  }

  function init() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".ch6-explore"));
    if (!blocks.length) return;
    var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { near.unobserve(entry.target); start(entry.target, false); }
      });
    }, { rootMargin: "300px 0px" }) : null;
    blocks.forEach(function (el) {
      if (stateFromHash(el.id)) start(el, true);
      else if (near) near.observe(el);
      else start(el, false);
    });
  }

  window.ch6Explore = { start: start };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
