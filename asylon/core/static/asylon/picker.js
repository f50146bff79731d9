// Searchable drop-downs (core.widgets.SearchableSelect): <select data-picker="one|many">
// becomes a box one types into. No inline script: the CSP forbids it; texts come from
// the select's data attributes, already translated by the server.
(() => {
  const start = () => {
    if (typeof window.TomSelect === "undefined") return;
    document.querySelectorAll("select[data-picker]").forEach((select) => {
      if (select.tomselect) return;
      const many = select.dataset.picker === "many";
      const options = {
        maxOptions: null,            // all 250 countries, not the first 50
        allowEmptyOption: !many,
        plugins: many ? ["remove_button"] : [],
        placeholder: select.dataset.placeholder || "",
        // Match anywhere in the name, ignoring accents: "cura" finds Curaçao.
        diacritics: true,
        render: {
          no_results: () => {
            const div = document.createElement("div");
            div.className = "no-results";
            div.textContent = select.dataset.noResults || "—";
            return div;
          },
        },
      };
      if (many) options.hidePlaceholder = false;
      new window.TomSelect(select, options);
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", start);
})();
