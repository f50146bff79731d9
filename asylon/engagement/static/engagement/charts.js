// The charts of the engagement page. Each canvas names the json_script element that holds
// its figures (no inline scripts: CSP). Right to left: the time axis runs from the right
// and the legend reads right to left.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  const rtl = document.documentElement.dir === "rtl";
  const colours = ["#0d6efd", "#dc3545", "#6c757d", "#198754"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    if (!data.series.some((s) => s.values.some((v) => v))) {
      canvas.closest("figure").hidden = true; // nothing to draw: the table says so
      return;
    }
    const labels = window.Asylon.fitLabels(canvas, data.labels, data.horizontal ? 160 : 0);
    const category = data.horizontal ? "y" : "x";
    const value = data.horizontal ? "x" : "y";
    new Chart(canvas, {
      type: data.type,
      data: {
        labels,
        datasets: data.series.map((s, i) => ({
          label: s.label, data: s.values, borderColor: colours[i % colours.length],
          backgroundColor: colours[i % colours.length], tension: 0.2,
        })),
      },
      options: {
        indexAxis: category,
        responsive: true,
        maintainAspectRatio: !data.horizontal,
        locale: document.documentElement.lang || "en",
        scales: {
          [category]: { reverse: rtl && !data.horizontal, ticks: { autoSkip: !data.horizontal } },
          [value]: { beginAtZero: true, position: data.horizontal ? "bottom" : (rtl ? "right" : "left"),
                     reverse: rtl && data.horizontal },
        },
        plugins: { legend: { rtl, position: "bottom", display: data.series.length > 1 } },
      },
    });
  });
});
