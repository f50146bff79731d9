// The report chart. Data comes from a json_script element: no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("report-chart-data");
  const canvas = document.getElementById("report-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  if (!data.values.length) {
    canvas.closest("figure").hidden = true;
    return;
  }
  new Chart(canvas, {
    type: "bar",
    data: { labels: window.Asylon.fitLabels(canvas, data.labels), datasets: [{ label: data.label, data: data.values }] },
    options: window.Asylon.chartOptions({
      indexAxis: "y", responsive: true, scales: { y: { ticks: { autoSkip: false } } },
      plugins: { legend: { display: false } } }),
  });
});

// The trend: interventions and cases opened per month (gaps where counts are suppressed).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("report-trend-data");
  const canvas = document.getElementById("report-trend");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  if (!data.series.some((s) => s.values.some((v) => v))) {
    canvas.closest("figure").hidden = true;  // nothing to draw, or all of it suppressed
    return;
  }
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels,
            datasets: data.series.map((s) => ({ label: s.label, data: s.values, spanGaps: false })) },
    options: window.Asylon.chartOptions({
      responsive: true, scales: { y: { beginAtZero: true } },
      plugins: { legend: { position: "bottom" } } }),
  });
});
