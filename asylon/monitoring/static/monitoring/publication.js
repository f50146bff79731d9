/* Charts (Chart.js) and the area map (Leaflet, shipped boundaries, no tiles) of a
   publication. Hidden counts are never drawn: a bar or an area without a value. */
(function () {
  "use strict";
  const rtl = document.documentElement.dir === "rtl";
  const charts = JSON.parse(document.getElementById("chart-data")?.textContent || "[]");
  if (window.Chart) {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const chart = charts[Number(canvas.dataset.chart)];
      if (!chart) return;
      new Chart(canvas, {
        type: "bar",
        data: { labels: chart.labels, datasets: [{ label: chart.title, data: chart.values, backgroundColor: "#0d6efd" }] },
        options: {
          indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
          scales: { x: { reverse: rtl, beginAtZero: true, ticks: { precision: 0 } },
                    y: { position: rtl ? "right" : "left" } },
          plugins: { legend: { display: false, rtl }, tooltip: { rtl, textDirection: rtl ? "rtl" : "ltr" } },
        },
      });
    });
  }
  const map = document.getElementById("areas-map");
  const source = document.getElementById("geojson-url");
  if (!map || !source || !window.L) return;
  const areas = Object.fromEntries(JSON.parse(document.getElementById("area-data").textContent)
    .map((a) => [a.code, a]));
  const max = Math.max(1, ...Object.values(areas).map((a) => a.value || 0));
  const leaflet = L.map(map, { attributionControl: false, zoomSnap: 0.25 });
  fetch(source.dataset.url).then((r) => r.json()).then((geojson) => {
    const layer = L.geoJSON(geojson, {
      style: (feature) => {
        const value = areas[feature.id]?.value;
        return { color: "#0a58ca", weight: 1, fillColor: value == null ? "#adb5bd" : "#0d6efd",
                 fillOpacity: value == null ? 0.3 : 0.2 + 0.7 * (value / max) };
      },
      onEachFeature: (feature, shape) => {
        const area = areas[feature.id] || {};
        const value = area.value == null ? source.dataset.hidden : area.value;
        // Only the count stays on the map: names of neighbouring sections (Evros and
        // Strandzha) would cover each other and the shapes. The name is in the popup and in
        // the list under the map.
        shape.bindTooltip(String(value), { permanent: true, direction: "center", className: "area-label" });
        const name = document.createElement("span");
        name.textContent = `${area.name || feature.properties.name}: ${value}`;
        shape.bindPopup(name);
      },
    }).addTo(leaflet);
    leaflet.fitBounds(layer.getBounds(), { padding: [10, 10] });
  });
})();
