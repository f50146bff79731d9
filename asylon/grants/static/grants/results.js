// Annual results: bar charts (Chart.js) and an offline map (Leaflet without tiles).
// Data comes from json_script elements: no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const read = (id) => {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  const charts = read("results-chart-data");
  if (charts && window.Chart) {
    const bar = (id, data, label) => {
      const canvas = document.getElementById(id);
      if (!canvas || !data.labels.length) return;
      const labels = window.Asylon.fitLabels(canvas, data.labels, 280);
      new window.Chart(canvas, {
        type: "bar",
        data: { labels, datasets: [{ label, data: data.values, backgroundColor: "#2563eb" }] },
        options: window.Asylon.chartOptions({
          maintainAspectRatio: false, animation: false, indexAxis: "y",
          // every category named: the box grows to hold wrapped labels
          scales: { y: { ticks: { autoSkip: false } } },
          plugins: { legend: { display: false } } }),
      });
    };
    bar("chart-indicators", charts.indicators, "");
    bar("chart-countries", charts.countries, "");
    bar("chart-funders", charts.funders, "");
  }
  // Leaflet puts a string tooltip in as HTML; names come from whoever registered, so the
  // tooltip gets an element holding them as text.
  const textLabel = (text) => {
    const label = document.createElement("span");
    label.textContent = text;
    return label;
  };
  const points = read("results-map-data");
  const box = document.getElementById("results-map");
  if (points && box && window.L) {
    const map = window.L.map(box, { attributionControl: false, worldCopyJump: false });
    // A coarse graticule instead of tiles: field offices cannot reach a tile server.
    for (let lat = -30; lat <= 70; lat += 10) {
      window.L.polyline([[lat, -90], [lat, 60]], { color: "#c9d3dd", weight: 1 }).addTo(map);
    }
    for (let lng = -90; lng <= 60; lng += 10) {
      window.L.polyline([[-30, lng], [70, lng]], { color: "#c9d3dd", weight: 1 }).addTo(map);
    }
    const markers = points.map((p) => window.L.circleMarker([p.lat, p.lng], {
      radius: 6 + 3 * Math.sqrt(p.grants), color: "#1d4ed8", fillOpacity: 0.6,
    }).bindTooltip(textLabel(`${p.country}: ${p.organisations.join(", ")}`)).addTo(map));
    if (markers.length) {
      map.fitBounds(window.L.featureGroup(markers).getBounds().pad(0.4), { maxZoom: 5 });
    } else {
      map.setView([45, 10], 3);
    }
  }
});
