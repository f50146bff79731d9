// Drag a card to the next column as a shortcut for its button (the buttons remain the way
// that works everywhere: keyboard, screen reader, phone).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Sortable) { return; }
  function bind() {
    document.querySelectorAll(".board-cards").forEach(function (list) {
      if (list.dataset.sortable) { return; }
      list.dataset.sortable = "1";
      window.Sortable.create(list, {
        group: "board", draggable: ".board-card", animation: 120,
        onAdd: function (event) {
          var button = event.item.querySelector("button[name=to][value='" + list.dataset.stage + "']");
          if (button) { button.click(); } else { window.location.reload(); }
        }
      });
    });
  }
  bind();
  document.body.addEventListener("htmx:afterSwap", bind);
});
