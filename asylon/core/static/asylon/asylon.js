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
