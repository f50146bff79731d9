// The quota ledger's chart (Chart.js): persons per stage, the quota as a line.
// Data comes from a json_script element: no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("ledger-chart-data");
  const canvas = document.getElementById("ledger-chart");
  if (!el || !canvas || !window.Chart) return;
  const data = JSON.parse(el.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: canvas.dataset.personsLabel, data: data.persons,
                   backgroundColor: "#2563eb" }],
    },
    // Mirrored in Arabic (asylon.js): the bars grow from the right.
    options: window.Asylon.chartOptions({
      maintainAspectRatio: false, animation: false, indexAxis: "y",
      scales: { y: { ticks: { autoSkip: false } },
                x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false },
                 subtitle: { display: true,
                             text: `${canvas.dataset.quotaLabel}: ${data.quota}` } },
    }),
  });
});
