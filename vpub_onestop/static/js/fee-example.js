// The catalogue editor's fee form: as the administrator types, ask the server for the
// worked example the citizen will read (the same domain/fees.py wording), and show it.
// Without JavaScript the "Tính thử ví dụ" button gives the same example.
(function () {
  "use strict";
  var form = document.querySelector("form[data-fee-example]");
  if (!form) { return; }
  var target = document.getElementById("fee-example");
  var names = ["loai", "muc", "so_trang_dau", "gia_trang_dau", "gia_trang_sau", "toi_da"];
  var timer = null;

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    node.textContent = content;
    return node;
  }

  function show(answer) {
    var box = document.createElement("div");
    box.className = "alert alert-light border mb-2";
    if (answer.problem) {
      box.className = "alert alert-warning mb-2";
      box.appendChild(text("p", "mb-0", answer.problem));
    } else {
      box.appendChild(text("p", "mb-1 fw-semibold", answer.summary));
      if (answer.details && answer.details.length) {
        var list = document.createElement("ul");
        list.className = "mb-1";
        answer.details.forEach(function (line) { list.appendChild(text("li", "", line)); });
        box.appendChild(list);
      }
      if (answer.example) { box.appendChild(text("p", "mb-0 fee-example", answer.example)); }
    }
    target.replaceChildren(box);
  }

  function ask() {
    var query = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.value !== "") { query.set(name, field.value); }
    });
    fetch(form.dataset.feeExample + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(answer); } })
      .catch(function () { /* the "Tính thử" button still works */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
  form.addEventListener("change", ask);
}());
