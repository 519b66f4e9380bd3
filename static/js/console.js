// The secretary's console: keyboard shortcuts, timers that tick in the browser from absolute times
// the server sends (corrected for this computer's clock), and a capture line that never loses a word.
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;
  // Tests and assistive tools can tell when the shortcuts are live.
  document.addEventListener("DOMContentLoaded", function () { root.setAttribute("data-ready", "1"); });

  // --- server clock: the offset between the server's time and this computer's --------------------
  var offset = 0;
  function readNow(el) {
    var iso = el && el.getAttribute("data-server-now") || el && el.getAttribute("data-now");
    if (iso) offset = Date.parse(iso) - Date.now();
  }
  readNow(root);
  function serverNow() { return Date.now() + offset; }

  function fmt(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(Math.round(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var now = serverNow();
    root.querySelectorAll("[data-until]").forEach(function (el) {
      var left = (Date.parse(el.getAttribute("data-until")) - now) / 1000;
      el.textContent = fmt(left);
      el.classList.toggle("warn", left <= 30 && left > 0);
      el.classList.toggle("over", left <= 0);
    });
    root.querySelectorAll("[data-since]").forEach(function (el) {
      var since = el.getAttribute("data-since");
      if (!since) return;
      var stop = el.getAttribute("data-stop");
      var end = stop ? Date.parse(stop) : now;
      var spent = (end - Date.parse(since)) / 1000;
      el.textContent = fmt(spent);
      var limit = parseInt(el.getAttribute("data-limit") || "0", 10);
      el.classList.toggle("over", limit > 0 && spent > limit);
    });
    var clock = root.querySelector("[data-clock]");
    if (clock) {
      var d = new Date(now + 7 * 3600 * 1000);  // Vietnam time, UTC+7
      clock.textContent = ("0" + d.getUTCHours()).slice(-2) + ":" + ("0" + d.getUTCMinutes()).slice(-2) +
        ":" + ("0" + d.getUTCSeconds()).slice(-2);
    }
  }
  setInterval(tick, 1000);
  tick();
  document.addEventListener("htmx:afterSettle", function (e) { readNow(e.target); tick(); });

  // --- keyboard shortcuts ------------------------------------------------------------------------
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function press(key) {
    var button = root.querySelector('[data-shortcut="' + key + '"]:not([disabled])');
    if (!button) return false;
    button.closest("form").requestSubmit(button);
    return true;
  }
  function focus(selector) {
    var el = root.querySelector(selector);
    if (el) { el.focus(); if (el.select) el.select(); }
    return !!el;
  }
  var kind = document.getElementById("capture-kind");
  document.addEventListener("keydown", function (e) {
    if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-7]$/.test(e.key) && kind) {
      kind.selectedIndex = parseInt(e.key, 10) - 1;
      e.preventDefault();
      return;
    }
    if (e.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var done = false;
    switch (e.key) {
      case "c": case "/": done = focus("#capture-text"); break;
      case "?": var sheet = document.getElementById("shortcut-sheet"); if (sheet) { sheet.showModal(); done = true; } break;
      case "l": done = focus("#speaker-name"); break;
      case "a": done = focus(".attendance-row button"); break;
      case "t": done = focus("#votes-for, #votes-against, #tally-subject"); break;
      case "n": case "b": case "s": case "p": case "e": done = press(e.key); break;
    }
    if (done) e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    var opener = e.target.closest && e.target.closest("[data-open-dialog]");
    if (opener) document.getElementById(opener.getAttribute("data-open-dialog")).showModal();
  });

  // --- the capture line: queue in localStorage, send, forget only when the server acknowledges ----
  var form = root.querySelector("[data-capture]");
  if (!form) return;
  var input = form.querySelector("[name=text]");
  var state = root.querySelector("[data-capture-state]");
  var storeKey = "forumsite.capture." + form.getAttribute("data-forum");
  var draftKey = storeKey + ".draft";
  var sending = false;

  function load() { try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (err) { return []; } }
  function save(queue) { localStorage.setItem(storeKey, JSON.stringify(queue)); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function show() {
    var queue = load();
    if (!queue.length) { state.textContent = ""; state.className = "capture-state"; return; }
    state.className = "capture-state pending" + (navigator.onLine ? "" : " offline");
    state.textContent = (navigator.onLine ? "Đang gửi " : "Mất kết nối — giữ lại ") + queue.length +
      " ý kiến; sẽ tự gửi khi có mạng.";
  }

  // What was being typed survives a reload or a crash of the browser.
  input.value = localStorage.getItem(draftKey) || "";
  input.addEventListener("input", function () { localStorage.setItem(draftKey, input.value); });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    var queue = load();
    queue.push({ key: newKey(), text: text, kind: kind.value });
    save(queue);
    input.value = "";
    localStorage.removeItem(draftKey);
    show();
    flush();
  });

  function flush() {
    if (sending) return;
    var queue = load();
    if (!queue.length) return;
    sending = true;
    var item = queue[0];
    var csrf = form.querySelector("[name=csrf_token]").value;
    window.htmx.ajax("POST", form.getAttribute("action"), {
      source: form, swap: "none",
      values: { key: item.key, text: item.text, kind: item.kind, csrf_token: csrf }
    }).then(function () { sending = false; }, function () { sending = false; });
  }

  // The acknowledgement: the server names the key it stored (HX-Trigger: proposal-saved).
  document.body.addEventListener("proposal-saved", function (e) {
    var key = e.detail && e.detail.key;
    save(load().filter(function (item) { return item.key !== key; }));
    sending = false;
    show();
    flush();
  });
  // A refusal (4xx) will not succeed on resending: give the text back to the secretary.
  document.body.addEventListener("htmx:responseError", function (e) {
    if (e.detail.elt !== form) return;
    var queue = load();
    var item = queue.shift();
    save(queue);
    sending = false;
    if (item && !input.value) input.value = item.text;
    show();
  });
  document.body.addEventListener("htmx:sendError", function (e) {
    if (e.detail.elt === form) { sending = false; show(); }
  });
  window.addEventListener("online", function () { show(); flush(); });
  window.addEventListener("offline", show);
  setInterval(flush, 5000);
  show();
  flush();
})();

