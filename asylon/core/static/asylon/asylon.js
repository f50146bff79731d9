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
