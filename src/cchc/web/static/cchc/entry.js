// Keyboard behaviour of the data entry page (no framework): Enter moves down the "Số liệu" column
// instead of submitting, Shift+Enter moves up, Ctrl+S (Cmd+S) saves with the visible "Lưu" button.
// Computed rows are never touched here: the server recomputes them (htmx preview).
(function () {
  "use strict";

  function cells(form) {
    return Array.prototype.filter.call(
      form.querySelectorAll("input.cell, select.cell"),
      function (el) { return !el.disabled && el.offsetParent !== null; }
    );
  }

  document.addEventListener("keydown", function (event) {
    var form = document.getElementById("entry-form");
    if (!form) { return; }
    var key = event.key ? event.key.toLowerCase() : "";
    if ((event.ctrlKey || event.metaKey) && key === "s") {
      var save = form.querySelector("button[name=save]");
      event.preventDefault();
      if (save) { form.requestSubmit(save); }
      return;
    }
    if (key !== "enter" || !form.contains(event.target)) { return; }
    if (!event.target.matches("input[type=text], select")) { return; }
    event.preventDefault();
    var list = cells(form);
    var here = list.indexOf(event.target);
    if (here === -1) {
      // From a note, go to the value cell of the next row.
      var row = event.target.closest("tr");
      here = list.findIndex(function (el) { return el.closest("tr") === row; });
    }
    var next = list[here + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      if (next.select) { next.select(); }
    }
  });
})();
