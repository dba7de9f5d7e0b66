/* The declaration form without round trips (templates/_macros/declaration.html): a field
 * whose condition does not hold is hidden (the server checks the conditions again and
 * keeps no answer for a hidden field), a group row is added or cleared in place. Without
 * this script every field shows with its note, and "Thêm dòng" sends the form back with
 * one more row. No library: plain DOM. */
(function () {
  "use strict";

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { return input.value; }
      } else {
        return input.value.trim();
      }
    }
    return "";
  }

  function refresh(form) {
    // Walk in document order: a field hidden earlier clears the value it carries for
    // the fields that depend on it, as the server reads it.
    var slots = form.querySelectorAll(".tk-slot[data-when-name]");
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      var source = form.querySelector('[name="' + slot.dataset.whenName + '"]');
      var sourceSlot = source ? source.closest(".tk-slot") : null;
      var sourceShown = !sourceSlot || !sourceSlot.hidden;
      var values = JSON.parse(slot.dataset.whenValues || "[]");
      var shown = sourceShown && values.indexOf(valueOf(form, slot.dataset.whenName)) !== -1;
      slot.hidden = !shown;
      var note = slot.querySelector(".tk-when");
      if (note) { note.hidden = true; }
    }
  }

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (node) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) { node.setAttribute(attribute, value.replace(/-\d+-/g, "-" + index + "-")); }
      });
    });
    var title = row.querySelector(".tk-row-title");
    if (title) { title.textContent = title.textContent.replace(/\d+/, String(index + 1)); }
  }

  function clearRow(row) {
    row.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") { input.checked = false; }
      else { input.value = ""; }
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (node) { node.remove(); });
  }

  function addRow(group) {
    var rows = group.querySelectorAll(".tk-row");
    if (rows.length >= Number(group.dataset.maxRows || 10)) { return; }
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    clearRow(copy);
    renumber(copy, rows.length);
    last.after(copy);
    var first = copy.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  // Each declaration on the page (the applicant's form, the editor's preview) on its own.
  document.querySelectorAll(".tk-form").forEach(function (form) {
    form.addEventListener("input", function () { refresh(form); });
    form.addEventListener("change", function () { refresh(form); });
    form.querySelectorAll(".tk-group").forEach(function (group) {
      group.querySelectorAll(".tk-clear-row").forEach(function (button) { button.hidden = false; });
      var add = group.querySelector(".tk-add-row");
      if (add) {
        add.addEventListener("click", function (event) { event.preventDefault(); addRow(group); });
      }
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest(".tk-clear-row");
      if (button) { clearRow(button.closest(".tk-row")); refresh(form); }
    });
    refresh(form);
  });
})();
