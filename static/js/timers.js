// Timers that tick in the browser from absolute times the server sends. The server's clock arrives
// with the page and with every update; the offset from this computer's clock is applied, so a
// projector whose clock is five minutes off still counts down correctly.
(function () {
  "use strict";
  var offset = 0;

  function setServerNow(iso) {
    var t = Date.parse(iso);
    if (!isNaN(t)) offset = t - Date.now();
  }
  function now() { return Date.now() + offset; }
  function fmt(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(Math.round(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function two(n) { return ("0" + n).slice(-2); }

  function tick() {
    var t = now();
    document.querySelectorAll("[data-until]").forEach(function (el) {
      var left = (Date.parse(el.getAttribute("data-until")) - t) / 1000;
      el.textContent = fmt(Math.max(left, 0));
      el.classList.toggle("warn", left <= 30 && left > 0);
      el.classList.toggle("over", left <= 0);
    });
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var since = el.getAttribute("data-since");
      if (!since) return;
      var stop = el.getAttribute("data-stop");
      var spent = ((stop ? Date.parse(stop) : t) - Date.parse(since)) / 1000;
      el.textContent = fmt(spent);
      var limit = parseInt(el.getAttribute("data-limit") || "0", 10);
      el.classList.toggle("over", limit > 0 && spent > limit);
    });
    var d = new Date(t + 7 * 3600 * 1000);  // Vietnam time, UTC+7, no daylight saving
    document.querySelectorAll("[data-clock]").forEach(function (el) {
      el.textContent = two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds());
    });
  }

  window.forumsiteTimers = { setServerNow: setServerNow, now: now, tick: tick };
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-server-now]");
    if (root) setServerNow(root.getAttribute("data-server-now"));
    tick();
    setInterval(tick, 500);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var el = e.target && e.target.closest && e.target.closest("[data-now]");
    if (el) setServerNow(el.getAttribute("data-now"));
    tick();
  });
})();
