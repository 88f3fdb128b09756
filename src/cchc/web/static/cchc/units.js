// The unit picker of the «Người dùng» pages (org/unit_picker.html): a filter box that narrows the list as one
// types, whatever the accents ("hac thanh" finds "Phường Hạc Thành"), the count of chosen units, and the
// chosen ones as chips that unpick them. Without this script the picker is plain checkboxes.
(function () {
  "use strict";

  // Lower case, without tone or vowel marks, đ as d: how people type a name in a hurry.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  // Each word typed starts a word of the unit's name or code: "hac thanh" is Hạc Thành, not Thạch Thành.
  function matches(unitWords, typed) {
    return typed.every(function (word) {
      return unitWords.some(function (unitWord) { return unitWord.indexOf(word) === 0; });
    });
  }

  function setUp(picker) {
    var filter = picker.querySelector(".picker-filter");
    var count = picker.querySelector(".picker-count");
    var chips = picker.querySelector(".picker-chips");
    var none = picker.querySelector(".picker-none");
    var units = Array.prototype.map.call(picker.querySelectorAll("input[type=checkbox]"), function (box) {
      var label = box.closest("label");
      var name = label.querySelector(".unit-name").textContent;
      return { box: box, item: box.closest("li"), label: label, name: name, words: words(name + " " + box.value) };
    });

    function narrow() {
      var typed = words(filter.value);
      var shown = 0;
      units.forEach(function (unit) {
        unit.item.hidden = !matches(unit.words, typed);
        shown += unit.item.hidden ? 0 : 1;
      });
      Array.prototype.forEach.call(picker.querySelectorAll(".picker-level, .picker-ended"), function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      none.textContent = "Không có đơn vị nào có tên khớp với «" + filter.value.trim() + "».";
      none.hidden = shown > 0;
    }

    function chip(unit) {
      var item = document.createElement("li");
      Array.prototype.forEach.call(unit.label.querySelectorAll(".unit-name, .mark"), function (part) {
        item.appendChild(part.cloneNode(true));
        item.appendChild(document.createTextNode(" "));
      });
      var unpick = document.createElement("button");
      unpick.type = "button";
      unpick.className = "unpick";
      unpick.textContent = "×";
      unpick.title = "Bỏ chọn";
      unpick.setAttribute("aria-label", "Bỏ chọn " + unit.name);
      unpick.addEventListener("click", function () {
        unit.box.checked = false;
        showChosen();
        filter.focus();
      });
      item.appendChild(unpick);
      return item;
    }

    function showChosen() {
      var chosen = units.filter(function (unit) { return unit.box.checked; });
      count.textContent = chosen.length ? "Đã chọn " + chosen.length + " đơn vị:" : "Chưa chọn đơn vị nào.";
      chips.replaceChildren.apply(chips, chosen.map(chip));
    }

    filter.hidden = false;
    filter.addEventListener("input", narrow);
    // Enter in the filter box narrows the list; it does not send the form half-filled.
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { showChosen(); }
    });
    // A page restored from the browser's history keeps the boxes and the filter as they were.
    window.addEventListener("pageshow", function () { showChosen(); narrow(); });
    showChosen();
    narrow();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-unit-picker]"), setUp);
})();
