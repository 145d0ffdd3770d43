// Draws the dashboard's charts with the vendored ECharts. Each chart is an element
// [data-chart=gauge|ranking|trend] whose data sits in the json_script block named by its
// data-source; status colours come from the stylesheet (--kpi-<status>).
(function () {
  "use strict";

  function colour(status) {
    var value = getComputedStyle(document.documentElement).getPropertyValue("--kpi-" + status);
    return value.trim() || "#8c959f";
  }

  function percent(on) {
    return function (value) { return value === null || value === undefined ? "—" : value + (on ? "%" : ""); };
  }

  var draw = {
    gauge: function (data) {
      var ring = { show: true, width: 14, itemStyle: { color: colour(data.status) } };
      var series = [{
        type: "gauge", min: 0, max: 100, startAngle: 210, endAngle: -30, radius: "95%",
        progress: ring, pointer: { show: false },
        axisLine: { lineStyle: { width: 14, color: [[1, "#eef1f4"]] } },
        axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
        detail: { formatter: percent(true), fontSize: 22, offsetCenter: [0, "10%"], color: colour(data.status) },
        data: [{ value: data.value === null ? 0 : data.value }]
      }];
      if (data.value === null) { series[0].detail.formatter = function () { return "—"; }; }
      if (data.target !== null) {
        // The target: a short dark mark across the ring.
        series.push({
          type: "gauge", min: 0, max: 100, startAngle: 210, endAngle: -30, radius: "95%",
          axisLine: { show: false }, axisTick: { show: false }, splitLine: { show: false },
          axisLabel: { show: false }, detail: { show: false }, progress: { show: false },
          pointer: { show: true, icon: "rect", width: 3, length: 16, offsetCenter: [0, "-88%"], itemStyle: { color: "#1f2328" } },
          data: [{ value: data.target }]
        });
      }
      return { series: series };
    },
    ranking: function (data) {
      return {
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: data.percent ? 100 : null },
        yAxis: { type: "category", inverse: true, data: data.names, axisLabel: { width: 120, overflow: "truncate" } },
        series: [{
          type: "bar",
          data: data.values.map(function (value, index) {
            return { value: value, itemStyle: { color: colour(data.statuses[index]) } };
          }),
          label: { show: true, position: "right", formatter: function (p) { return percent(data.percent)(p.value); } }
        }]
      };
    },
    trend: function (data) {
      var line = { type: "line", data: data.values, connectNulls: true, symbolSize: 5 };
      if (data.target !== null) {
        line.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#59636e" },
          label: { formatter: percent(data.percent)(data.target) }, data: [{ yAxis: data.target }] };
      }
      return {
        grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.days, boundaryGap: false },
        yAxis: { type: "value", max: data.percent ? 100 : null, min: 0 },
        series: [line]
      };
    }
  };

  function mount(root) {
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.source);
      if (!source || echarts.getInstanceByDom(element)) { return; }
      var chart = echarts.init(element);
      chart.setOption(draw[element.dataset.chart](JSON.parse(source.textContent)));
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { mount(document); });
  // The ranking is swapped in by htmx when another metric is chosen.
  document.addEventListener("htmx:afterSwap", function () { mount(document); });
})();
