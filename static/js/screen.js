// The session screens (projector, phone): the stream brings each change; this script keeps the
// clock in step with the server's and falls back to polling (with the version, 204 when nothing
// changed) whenever the stream is down — Wi-Fi blips, a proxy, Redis away — until it is back.
(function () {
  "use strict";
  var POLL_EVERY = 3000;
  var SILENCE = 40000;  // two heartbeats missed: the stream is as good as down
  var root, status, pollUrl, lastMessage = 0, open = false, polling = null, inFlight = false, ended = false;

  function version() {
    var el = document.getElementById("screen-version");
    return el ? el.textContent.trim() : "";
  }
  function say(text) { if (status) status.textContent = text; }

  function poll() {
    if (inFlight || !window.htmx) return;
    inFlight = true;
    var url = pollUrl + (pollUrl.indexOf("?") < 0 ? "?" : "&") + "v=" + encodeURIComponent(version());
    window.htmx.ajax("GET", url, { target: "#screen-version", swap: "none" })
      .then(function () { inFlight = false; }, function () { inFlight = false; });
  }
  function startPolling() {
    if (polling || ended) return;
    say(document.documentElement.lang === "en" ? "Reconnecting…" : "Đang kết nối lại…");
    root.classList.add("degraded");
    poll();
    polling = setInterval(poll, POLL_EVERY);
  }
  function stopPolling() {
    if (!polling) return;
    clearInterval(polling);
    polling = null;
    root.classList.remove("degraded");
    say("");
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("screen");
    if (!root) return;
    status = root.querySelector("[data-connection]");
    pollUrl = root.getAttribute("data-poll");
    setInterval(function () {
      if (!open || Date.now() - lastMessage > SILENCE) startPolling();
    }, 2000);
  });

  document.addEventListener("htmx:sseOpen", function () { open = true; lastMessage = Date.now(); });
  document.addEventListener("htmx:sseError", function () { open = false; startPolling(); });
  document.addEventListener("htmx:sseMessage", function (e) {
    lastMessage = Date.now();
    if (open) stopPolling();
    var type = e.detail && e.detail.type;
    if (type === "clock" && window.forumsiteTimers) window.forumsiteTimers.setServerNow(e.detail.data);
    if (type === "bye") end();
    if (type === "speaker") speakersChanged();
    if (type === "header" || type === "proposals") memberChanged();
  });
  // The member's own request on the phone (outside the streamed regions) refreshes itself on this.
  function speakersChanged() { document.body.dispatchEvent(new CustomEvent("speakers-changed")); }
  // The member's own panel (marked present, written proposals and their fate) refreshes on these: an
  // attendance mark or a decision on a written proposal reaches the header, an accepted one the proposals.
  function memberChanged() { document.body.dispatchEvent(new CustomEvent("member-changed")); }
  // The link was revoked or the forum is long over: stop for good and say so.
  function end() {
    ended = true;
    open = false;
    stopPolling();
    var data = root && root["htmx-internal-data"];
    if (data && data.sseEventSource) data.sseEventSource.close();
    root.classList.add("ended");
    say(document.documentElement.lang === "en" ? "This link has ended." : "Liên kết này đã hết hiệu lực.");
  }
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 404 && String(e.detail.pathInfo && e.detail.pathInfo.requestPath)
        .indexOf(pollUrl) === 0) end();
  });
  // The polling answer carries the server's clock too.
  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.target && e.target.id === "screen-clock-sync" && window.forumsiteTimers) {
      window.forumsiteTimers.setServerNow(e.target.textContent.trim());
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    if (e.detail && e.detail.target && e.detail.target.id === "screen-clock-sync" && window.forumsiteTimers) {
      window.forumsiteTimers.setServerNow(e.detail.target.textContent.trim());
    }
    if (e.detail && e.detail.target && e.detail.target.id === "screen-speaker") speakersChanged();
    if (e.detail && e.detail.target && /^screen-(header|proposals)$/.test(e.detail.target.id)) memberChanged();
  });

  // A written proposal the server has: the form is emptied for the next one, and says it was sent.
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-written-form]") || !e.detail.successful) return;
    form.reset();
    var state = form.querySelector("[data-written-state]");
    if (state) state.textContent = state.getAttribute("data-sent");
  });

  // --- the theme the secretary chose (light/dark) follows without a reload --------------------------
  // It travels in the overlay region; a display opened with ?theme= keeps its own.
  function applyTheme() {
    var marker = document.querySelector("[data-screen-theme]");
    var body = document.body;
    if (!marker || !body.classList.contains("projector") || body.hasAttribute("data-theme-fixed")) return;
    var theme = marker.getAttribute("data-screen-theme") === "dark" ? "dark" : "light";
    body.classList.remove("theme-light", "theme-dark");
    body.classList.add("theme-" + theme);
  }
  document.addEventListener("htmx:afterSettle", applyTheme);
  document.addEventListener("htmx:oobAfterSwap", applyTheme);
  document.addEventListener("htmx:sseMessage", function () { setTimeout(applyTheme, 0); });

  // --- legibility on the projector: whole proposals only, nothing clipped -------------------------
  // The newest proposals come first; those that no longer fit whole in their box leave the screen
  // (they stay in the live region for screen readers). A box whose text still overflows — a very
  // long title or a single huge proposal — is set smaller step by step, down to 70 %.
  function fitBox(box) {
    if (!box) return;
    box.style.fontSize = "";
    var items = box.querySelectorAll(".screen-proposals > li");
    items.forEach(function (li) { li.classList.remove("off-screen"); });
    for (var i = items.length - 1; i > 0 && box.scrollHeight > box.clientHeight + 1; i--) {
      items[i].classList.add("off-screen");
    }
    var size = 100;
    while (size > 70 && (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1)) {
      size -= 5;
      box.style.fontSize = size + "%";
    }
  }
  function fitAll() {
    if (!document.body.classList.contains("projector")) return;
    document.querySelectorAll(".screen-grid > section, .screen-header").forEach(fitBox);
    document.body.setAttribute("data-fitted", String(Date.now()));
  }
  document.addEventListener("DOMContentLoaded", fitAll);
  window.addEventListener("resize", fitAll);
  document.addEventListener("htmx:afterSettle", fitAll);
  document.addEventListener("htmx:sseMessage", function () { setTimeout(fitAll, 0); });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fitAll);
})();
