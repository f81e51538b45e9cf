// Yunwei: the running assessment score by month (Apache ECharts, vendored).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("trend-data");
  var el = document.getElementById("chart-trend");
  if (!node || !el || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var chart = window.echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", scale: true },
    series: [{ type: "line", data: data.scores, step: "end",
               markLine: { symbol: "none", data: [{ yAxis: 90 }, { yAxis: 80 }, { yAxis: 60 }] } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
