// One display of the room (issue 16.2), on top of screen.js: the address bar keeps this display's own link
// (a reload stays the same display), "Nhận diện" hides the big number when its time is up (server clock),
// and a display the secretary disconnected reloads, to show the page that says so.
(function () {
  "use strict";
  var root;

  function hideIdentify() {
    var now = window.forumsiteTimers ? window.forumsiteTimers.now() : Date.now();
    document.querySelectorAll("[data-identify-until]").forEach(function (el) {
      if (Date.parse(el.getAttribute("data-identify-until")) <= now) el.remove();
    });
  }
  function ended() {
    // The display's page answers 410 with the words "đã ngắt" (or 404 once the forum is long over).
    setTimeout(function () { window.location.reload(); }, 300);
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("screen");
    if (!root || !root.hasAttribute("data-display")) return;
    var own = root.getAttribute("data-own-url");
    if (own && window.location.pathname + window.location.search !== own && window.history.replaceState) {
      window.history.replaceState(null, "", own);
    }
    setInterval(hideIdentify, 500);
  });
  document.addEventListener("htmx:sseMessage", function (e) {
    if (root && root.hasAttribute("data-display") && e.detail && e.detail.type === "bye") ended();
  });
  document.addEventListener("htmx:responseError", function (e) {
    if (!root || !root.hasAttribute("data-display")) return;
    var path = String(e.detail.pathInfo && e.detail.pathInfo.requestPath);
    if (e.detail.xhr && e.detail.xhr.status === 404 && path.indexOf(root.getAttribute("data-poll")) === 0) ended();
  });
})();
