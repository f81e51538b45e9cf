// Yunwei dashboard charts (Apache ECharts, vendored; data from a json_script block).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  chart("chart-compliance", {
    tooltip: { trigger: "axis" }, grid: { left: 40, right: 48, top: 24, bottom: 40 },
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", min: 0, max: 100 },
    // a month alone (a new contract) is a point: symbols always, values on the points
    series: [{ type: "line", data: data.compliance, connectNulls: true, showSymbol: true,
               symbolSize: 8, label: { show: true, formatter: "{c}%" },
               markLine: { data: [{ yAxis: 100 }], symbol: "none",
                           label: { position: "insideEndTop", formatter: "100%" } } }]
  });
  chart("chart-volume", {
    tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.volume }]
  });
  var ratings = Object.keys(data.ratings).map(function (k) { return { name: k, value: data.ratings[k] }; });
  chart("chart-ratings", { tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["40%", "70%"], stillShowZeroSum: false, data: ratings }] });
});
