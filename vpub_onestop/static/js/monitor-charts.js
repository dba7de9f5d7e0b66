/* Charts of the monitoring pages (Chart.js, vendored). The data comes from the page's
   <script type="application/json" id="du-lieu-bieu-do"> block; each <canvas data-chart="name">
   draws the chart of that name. No inline script: the Content-Security-Policy forbids it. */
(function () {
  "use strict";

  var COLORS = {
    red: "#c0392b",
    amber: "#e6a700",
    green: "#2e8b57",
    lightgreen: "#8fcf9f",
    blue: "#0b4a8b",
    sky: "#5b9bd5",
    grey: "#adb5bd"
  };
  var DEFAULT_ORDER = ["blue", "green", "amber", "red", "sky", "grey"];

  // The browser's side of domain/formatting.py: "12,5 %" / "1.234" on a Vietnamese page,
  // "12.5 %" / "1,234" on an English one (the page's <html lang>).
  var ENGLISH = document.documentElement.lang === "en";

  function viNumber(value, percent) {
    if (percent) {
      var fixed = Number(value).toFixed(1);
      return (ENGLISH ? fixed : fixed.replace(".", ",")) + " %";
    }
    return Number(value).toLocaleString(ENGLISH ? "en-GB" : "vi-VN");
  }

  // Cut in the middle: agency names differ at their end ("... Quy Nhơn" / "... Quy Nhơn Nam").
  function shorten(label, max) {
    label = String(label);
    if (label.length <= max) { return label; }
    var head = Math.ceil((max - 1) / 3);
    return label.slice(0, head) + "…" + label.slice(label.length - (max - 1 - head));
  }

  function datasets(spec) {
    return spec.datasets.map(function (set, index) {
      var name = (spec.colors && spec.colors[index]) || DEFAULT_ORDER[index % DEFAULT_ORDER.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: COLORS[name] || name,
        borderRadius: 3,
        maxBarThickness: 38
      };
    });
  }

  function draw(canvas, spec) {
    var horizontal = Boolean(spec.horizontal);
    var box = canvas.parentElement;
    // Long agency names: shorter on a phone, where the bars need the width.
    var labelMax = box.clientWidth < 500 ? 18 : 32;
    // Sizes are set from script (allowed by the CSP), never by style attributes.
    box.style.height = (horizontal ? Math.max(180, 30 * spec.labels.length + 80) : 300) + "px";
    var valueAxis = {
      beginAtZero: true,
      stacked: Boolean(spec.stacked),
      ticks: {
        precision: spec.percent || spec.max ? undefined : 0,
        callback: function (value) { return viNumber(value, spec.percent); }
      }
    };
    if (spec.percent) { valueAxis.max = 100; }
    if (spec.max) { valueAxis.max = spec.max; }
    var categoryAxis = {
      stacked: Boolean(spec.stacked),
      ticks: {
        autoSkip: false,
        callback: function (value) { return shorten(this.getLabelForValue(value), labelMax); }
      }
    };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: {
          legend: { position: "bottom", display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + viNumber(item.raw, spec.percent);
              }
            }
          }
        },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis }
      }
    });
  }

  function start() {
    var source = document.getElementById("du-lieu-bieu-do");
    if (!source || !window.Chart) { return; }
    var specs = JSON.parse(source.textContent);
    window.Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = specs[canvas.getAttribute("data-chart")];
      var empty = !spec || !spec.labels.length || spec.datasets.every(function (set) {
        return set.data.every(function (value) { return !value; });
      });
      if (empty) {
        canvas.parentElement.classList.add("d-none");
        var note = canvas.closest(".card-body").querySelector("[data-chart-empty]");
        if (note) { note.classList.remove("d-none"); }
        return;
      }
      draw(canvas, spec);
      canvas.setAttribute("data-drawn", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
