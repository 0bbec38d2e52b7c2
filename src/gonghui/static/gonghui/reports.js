// The reports page: charts (Apache ECharts, vendored), the brief's copy button and the
// print button. No inline scripts (the content security policy forbids them): the data
// comes from <script type="application/json" id="report-data"> (Django's json_script).
(function () {
  "use strict";

  function readData() {
    var el = document.getElementById("report-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function shareColour(share) {
    // 0 → green, 0.5 → orange, 1 → red
    if (share >= 0.5) return "#dc3545";
    if (share > 0.2) return "#fd7e14";
    if (share > 0) return "#ffc107";
    return "#198754";
  }

  function colourTree(node) {
    node.itemStyle = { color: shareColour(node.share || 0), borderColor: shareColour(node.share || 0) };
    node.label = { formatter: node.name + " " + (node.overdue || 0) + "/" + (node.value || 0) };
    (node.children || []).forEach(colourTree);
    return node;
  }

  var builders = {
    trend: function (d) {
      return {
        tooltip: { trigger: "axis" },
        legend: { data: [d.labels.visits, d.labels.items] },
        xAxis: { type: "category", data: d.trend.map(function (m) { return m.month; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: d.labels.visits, type: "line", data: d.trend.map(function (m) { return m.visits; }) },
          { name: d.labels.items, type: "bar", data: d.trend.map(function (m) { return m.items; }) }
        ]
      };
    },
    categories: function (d) {
      return {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: d.categories }]
      };
    },
    overdueByUnit: function (d) {
      var rows = d.overdueByUnit.slice().reverse();
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.unit; }) },
        series: [{ name: d.labels.overdue, type: "bar", itemStyle: { color: "#dc3545" },
                   data: rows.map(function (r) { return r.overdue; }) }]
      };
    },
    tree: function (d) {
      return {
        tooltip: { trigger: "item" },
        series: [{
          type: "tree", data: [colourTree(d.tree)], orient: "LR", initialTreeDepth: 2,
          top: "4%", bottom: "4%", left: "12%", right: "28%", symbolSize: 10,
          label: { position: "left", verticalAlign: "middle", align: "right" },
          leaves: { label: { position: "right", align: "left" } }
        }]
      };
    }
  };

  function drawCharts() {
    var data = readData();
    if (!data || typeof echarts === "undefined") return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      if (!build) return;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(data));
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      var label = copy.textContent;
      copyText(source.textContent.trim()).then(function () {
        copy.textContent = copy.getAttribute("data-copied") || label;
        setTimeout(function () { copy.textContent = label; }, 2000);
      });
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  // Print the closed <details> (the year before by unit) open, then close them again.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".report-page details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
  else drawCharts();
})();
