// File fields (templates/_file_input.html): the chosen file's name beside the "Chọn tệp…" button, and a
// Vietnamese message instead of the browser's own when a required field is sent empty. No framework;
// events are caught on the document, so fields that htmx swaps in work as well. Loaded on every page, it
// also lets Esc fold the phone menu (base.html), which opens and closes without it, and marks a report
// download being made (a[data-busy]) so that nobody clicks it again while the server writes the file.
(function () {
  "use strict";

  var NONE = "Chưa chọn tệp";
  var EMPTY = "Chưa chọn tệp: bấm «Chọn tệp…» để chọn.";

  function isFileField(el) {
    return el && el.matches && el.matches("input.file-input[type=file]");
  }

  function show(input) {
    var label = input.closest("label") || input.parentNode;
    var shown = label && label.querySelector(".file-name");
    if (!shown) { return; }
    var files = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    if (files.length === 0) {
      shown.textContent = NONE;
    } else if (files.length === 1) {
      shown.textContent = files[0];
    } else {
      shown.textContent = files.length + " tệp: " + files.join(", ");
    }
    shown.classList.toggle("chosen", files.length > 0);
  }

  document.addEventListener("change", function (event) {
    if (!isFileField(event.target)) { return; }
    event.target.setCustomValidity("");
    show(event.target);
  });

  document.addEventListener("invalid", function (event) {
    var input = event.target;
    if (isFileField(input) && input.files && input.files.length === 0) {
      input.setCustomValidity(EMPTY);
    }
  }, true);

  // The phone menu: Esc folds it, and the focus goes back to its «Menu» switch.
  document.addEventListener("keydown", function (event) {
    var menu = event.key === "Escape" && document.querySelector("details.menu-switch[open]");
    if (!menu) { return; }
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  // A report download takes seconds (the PDF: LibreOffice): the link says it is being made, for a while,
  // since a page is never told when its download has arrived.
  var BUSY_MS = 8000;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-busy]");
    if (!link) { return; }
    if (link.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    var label = link.textContent;
    link.setAttribute("aria-busy", "true");
    link.textContent = link.getAttribute("data-busy");
    window.setTimeout(function () {
      link.removeAttribute("aria-busy");
      link.textContent = label;
    }, BUSY_MS);
  });

  // A page restored from the browser's history keeps the chosen file: say so.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input.file-input[type=file]"), show);
  });
})();
