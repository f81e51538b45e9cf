// Yunwei dashboard charts (Apache ECharts, vendored; data from a json_script block).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  // option(el) builds the chart's option for the element's current width (again on resize)
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption(option(el));
    window.addEventListener("resize", function () { c.resize(); c.setOption(option(el)); });
  }
  // values on the points only when each month has room for "99.5%" (not on a phone: the
  // labels of twelve months would overlap; the tooltip still gives each value)
  var GRID = { left: 40, right: 48, top: 24, bottom: 40 }, LABEL_ROOM = 36;
  chart("chart-compliance", function (el) {
    var roomy = el.clientWidth - GRID.left - GRID.right >= LABEL_ROOM * data.months.length;
    return {
      tooltip: { trigger: "axis" }, grid: GRID,
      xAxis: { type: "category", data: data.months }, yAxis: { type: "value", min: 0, max: 100 },
      // a month alone (a new contract) is a point: symbols always
      series: [{ type: "line", data: data.compliance, connectNulls: true, showSymbol: true,
                 symbolSize: 8, label: { show: roomy, formatter: "{c}%" },
                 labelLayout: { hideOverlap: true },
                 // the target's label beside the line, outside the points' labels
                 markLine: { data: [{ yAxis: 100 }], symbol: "none",
                             label: { position: "end", formatter: "100%" } } }]
    };
  });
  chart("chart-volume", function () {
    return {
      tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: "category", data: data.months }, yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.volume }]
    };
  });
  var ratings = Object.keys(data.ratings).map(function (k) { return { name: k, value: data.ratings[k] }; });
  chart("chart-ratings", function () {
    return { tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["40%", "70%"], stillShowZeroSum: false, data: ratings }] };
  });
});
