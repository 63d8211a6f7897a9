// Plan forms, made quicker by script; every part also works without it (see plan_pages.py):
// "Tilføj mål" adds a block here instead of asking the server; fields that do not apply to the chosen
// kind of indicator hide; the change's unit shows once a change is typed; text areas grow with their text.
(function () {
  "use strict";

  function fit(area) {
    var least = parseInt(area.getAttribute("data-rows") || area.rows, 10);
    area.setAttribute("data-rows", least);
    area.rows = least;
    while (area.scrollHeight > area.clientHeight && area.rows < 20) { area.rows += 1; }
  }

  function waiting(scope) {
    scope.querySelectorAll("[data-waits-for]").forEach(function (box) {
      var field = document.querySelector('[name="' + box.getAttribute("data-waits-for") + '"]');
      if (!field) { return; }
      var own = box.querySelector("select, input");
      var update = function () { box.hidden = !field.value && !(own && own.value); };
      field.addEventListener("input", update);
      update();
    });
  }

  function applies(kind) {
    document.querySelectorAll("[data-applies]").forEach(function (box) {
      box.hidden = box.getAttribute("data-applies").split(" ").indexOf(kind.value) < 0;
    });
  }

  function prepare(scope) {
    scope.querySelectorAll("textarea[data-fit]").forEach(function (area) {
      fit(area);
      area.addEventListener("input", function () { fit(area); });
    });
    waiting(scope);
  }

  document.querySelectorAll("button[data-add]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var prefix = button.getAttribute("data-add");
      var template = document.getElementById(prefix + "-template");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var blocks = document.querySelector('[data-blocks="' + prefix + '"]');
      if (!template || !total || !blocks) { return; }  // the server adds the block instead
      event.preventDefault();
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, total.value);
      var block = holder.firstElementChild;
      blocks.appendChild(block);
      total.value = parseInt(total.value, 10) + 1;
      prepare(block);
      var first = block.querySelector("select, input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
    });
  });

  var kind = document.querySelector('form.plan-form select[name="kind"]');
  if (kind) {
    kind.addEventListener("change", function () { applies(kind); });
    applies(kind);
  }
  prepare(document);
})();
