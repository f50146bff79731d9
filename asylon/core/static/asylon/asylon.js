// Small behaviours that need no framework. No inline scripts: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit filters marked data-autosubmit when they change.
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.requestSubmit());
  });
  // Print buttons (recovery codes).
  document.querySelectorAll("[data-print]").forEach((el) => {
    el.addEventListener("click", () => window.print());
  });
});

// Chart labels that fit a phone: long category names (indicators, funders, stages)
// wrap onto several lines instead of being cut off at the canvas edge. With
// `minHeight`, the chart's box grows to hold the extra lines.
window.Asylon = window.Asylon || {};
window.Asylon.fitLabels = (canvas, labels, minHeight) => {
  const box = canvas.parentElement;
  const perLine = Math.max(14, Math.floor((box.clientWidth || 320) / 18));
  const wrap = (label) => {
    const lines = [];
    let line = "";
    String(label).split(" ").forEach((word) => {
      if (line && line.length + 1 + word.length > perLine) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : String(label);
  };
  const out = labels.map(wrap);
  if (minHeight) {
    const lines = out.reduce((n, l) => n + (Array.isArray(l) ? l.length : 1), 0);
    box.style.blockSize = `${Math.max(minHeight, 56 + lines * 20)}px`;
  }
  return out;
};

// Every chart mirrored in a right-to-left language: the x axis runs from the right (time
// and values grow leftwards, as an Arabic reader reads), the y axis stands on the right,
// and legends and tooltips read right to left. Numbers keep the page's Latin digits.
// `new Chart(canvas, { ..., options: window.Asylon.chartOptions({...}) })`.
window.Asylon.chartOptions = (options) => {
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  const out = { ...(options || {}) };
  out.locale = out.locale || `${root.lang || "en"}-u-nu-latn`;
  if (!rtl) return out;
  const scales = { ...(out.scales || {}) };
  scales.x = { ...(scales.x || {}), reverse: true };
  scales.y = { ...(scales.y || {}), position: "right" };
  out.scales = scales;
  const plugins = { ...(out.plugins || {}) };
  plugins.legend = { ...(plugins.legend || {}), rtl: true, textDirection: "rtl" };
  plugins.tooltip = { ...(plugins.tooltip || {}), rtl: true, textDirection: "rtl" };
  ["title", "subtitle"].forEach((name) => {
    if (plugins[name]) plugins[name] = { align: "end", ...plugins[name] };
  });
  out.plugins = plugins;
  return out;
};
