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

  // A failed htmx request is not swapped: tell the user why, in the server's own words.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var message = doc.querySelector(".error-page p");
    toast(message ? message.textContent : document.documentElement.dataset.errorMessage || "Lỗi " + xhr.status);
  });
  document.addEventListener("htmx:sendError", function () {
    toast(document.documentElement.lang === "en" ? "Cannot reach the server. Check the network and try again."
                                                 : "Không kết nối được máy chủ. Kiểm tra mạng và thử lại.");
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

  // Escape cancels an inline edit of a row.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var row = event.target.closest && event.target.closest("tr.editing");
    if (!row) return;
    var cancel = row.querySelector("button[type=button][hx-get]");
    if (cancel) cancel.click();
  });
})();
