// forumsite: small behaviours that htmx attributes cannot express. No inline script anywhere
// (the Content-Security-Policy forbids it), so everything lives here.
(function () {
  "use strict";

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 6000);
  }
  window.forumsiteToast = toast;  // the console says what a merge did

  // A failed htmx request is not swapped: tell the user why, in the server's own words.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var message = doc.querySelector(".error-page p");
    toast(message ? message.textContent : document.body.getAttribute("data-error-message") + " (" + xhr.status + ")");
  });
  // A refusal (422) of a form that swaps nothing (the console's count, hx-swap="none") is swapped into
  // nothing: say it, or the secretary would not see the question about the count (issue 14).
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.elt;
    if (!xhr || xhr.status !== 422 || !elt || !elt.getAttribute || elt.getAttribute("hx-swap") !== "none") return;
    var message = new DOMParser().parseFromString(xhr.responseText || "", "text/html").querySelector(".error-page p");
    if (message) toast(message.textContent);
  });
  document.addEventListener("htmx:sendError", function (event) {
    // The console's capture line keeps what was typed and says so itself: no "try again" over it.
    var elt = event.detail && event.detail.elt;
    if (elt && elt.closest && elt.closest("[data-capture]")) return;
    toast(document.body.getAttribute("data-offline-message"));
  });

  // An edit conflict on a document section (409) shows both texts in place instead of a toast; so does a
  // target marked data-swap-refusal (opening a forum on another day asks its question there). The event's
  // elt is the swap's target.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (event.detail.xhr.status === 409 && elt.closest && (elt.closest(".section-form") || elt.closest("[data-swap-refusal]"))) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A copy button (data-copy: the field to copy): the projector's long link is never typed by hand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    var done = function () { toast(button.getAttribute("data-copied") || ""); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {  // plain http on the meeting room's network: select it for Ctrl+C
      field.focus();
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* selected: Ctrl+C works */ }
    }
  });

  // A long import: show that it is working, and stop a second click from sending it twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("import-confirm")) return;
    var note = form.querySelector(".progress-note");
    if (note) note.hidden = false;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
  });

  // Keyboard users keep their place: when an answer replaces the button they pressed, the new
  // button with the same focus key takes the focus (a moved agenda item, a console action).
  var focusKey = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusKey = active && active.getAttribute && active.getAttribute("data-focus-key");
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!focusKey || (document.activeElement && document.activeElement !== document.body)) return;
    var next = document.querySelector('[data-focus-key="' + CSS.escape(focusKey) + '"]:not([disabled])');
    if (next) next.focus();
  });

  // Escape cancels an inline edit of a row.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var row = event.target.closest && event.target.closest("tr.editing");
    if (!row) return;
    var cancel = row.querySelector("button[type=button][hx-get]");
    if (!cancel) return;
    var id = row.id;
    cancel.click();
    // Back to the row's own "edit" button once it is back.
    document.addEventListener("htmx:afterSettle", function refocus() {
      document.removeEventListener("htmx:afterSettle", refocus);
      var again = document.querySelector("#" + CSS.escape(id) + " button[hx-get]");
      if (again) again.focus();
    });
  });

  // Print buttons (no inline onclick under the CSP).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });

  // A form that destroys something asks first.
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  // Drag and drop reordering of a list; the order goes to the server through its own form
  // (keyboard users have the ▲ ▼ buttons, which need no script at all beyond htmx).
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("[data-sortable] > [draggable]");
    if (!row) return;
    dragged = row;
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.item || "");
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var row = event.target.closest && event.target.closest("[data-sortable] > [draggable]");
    if (!row || row === dragged || row.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentNode;
    dragged.classList.remove("dragging");
    dragged = null;
    var form = document.getElementById(list.dataset.orderForm);
    if (!form) return;
    var inputs = form.querySelectorAll("input[name=item]");
    var rows = list.querySelectorAll("[data-item]");
    rows.forEach(function (row, i) { if (inputs[i]) inputs[i].value = row.dataset.item; });
    if (window.htmx) window.htmx.trigger(form, "reorder");
  });
})();
