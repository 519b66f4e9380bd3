// The secretary's console: keyboard shortcuts and a capture line that never loses a word
// (timers.js makes the clocks tick).
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;
  // Tests and assistive tools can tell when the shortcuts are live.
  document.addEventListener("DOMContentLoaded", function () { root.setAttribute("data-ready", "1"); });

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
      kind.dispatchEvent(new Event("change", { bubbles: true }));  // the preview says it
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
  // Enter in an absence reason submits the absence form, whose first button is "absent with reason"
  // (never "present"); a member already marked absent without reason keeps that mark, with the note.
  document.addEventListener("keydown", function (e) {
    var field = e.target;
    if (e.key !== "Enter" || e.isComposing || !field.matches || !field.matches("[data-absence] [name=reason]")) return;
    var kept = field.form.querySelector('button[aria-pressed="true"]');
    if (!kept) return;
    e.preventDefault();
    kept.click();  // a click, so that htmx sends the button's status with the form
  });
  document.addEventListener("click", function (e) {
    var opener = e.target.closest && e.target.closest("[data-open-dialog]");
    if (opener) document.getElementById(opener.getAttribute("data-open-dialog")).showModal();
  });

  // --- live updates from elsewhere (another operator, a member's phone) ----------------------------
  // A region that holds a field changed and not yet sent is never replaced: the update waits until
  // the focus leaves the region, then the region is fetched fresh. A field that merely has the focus
  // (the cursor waiting in an empty "add a speaker" box) does not hold updates back: htmx puts the
  // focus back on the new field of the same id.
  var stale = {};
  function busy(region) {
    return Array.prototype.some.call(region.querySelectorAll("input, textarea"), function (el) {
      if (el.type === "hidden") return false;
      if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
      return el.value !== el.defaultValue;
    });
  }
  function refresh(name) {
    var region = root.querySelector('[sse-swap="' + name + '"]');
    if (!region || busy(region)) return;
    delete stale[name];
    // Each region is its own source: requests from one source queue, and htmx keeps only the last.
    window.htmx.ajax("GET", root.getAttribute("data-region-url").replace("NAME", name),
                     { source: region, target: region, swap: "outerHTML" });
  }
  document.addEventListener("htmx:sseBeforeMessage", function (e) {
    var region = e.target;
    if (!region || !region.getAttribute || !busy(region)) return;
    e.preventDefault();
    stale[region.getAttribute("sse-swap")] = true;
  });
  // A fresh region that arrives while someone started typing in it waits again.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var path = e.detail.pathInfo && e.detail.pathInfo.requestPath || "";
    var region = e.detail.target;
    if (path.indexOf("/console/regions/") < 0 || !region || !busy(region)) return;
    e.detail.shouldSwap = false;
    stale[region.getAttribute("sse-swap")] = true;
  });
  document.addEventListener("focusout", function () {
    setTimeout(function () { Object.keys(stale).forEach(refresh); }, 0);
  });
  setInterval(function () { Object.keys(stale).forEach(refresh); }, 3000);

  // --- without the stream: polling --------------------------------------------------------------
  // The server refuses a stream when its slots, or this account's share, are taken (503), and a
  // stream can drop (Wi-Fi, a restart). Meanwhile the console asks every few seconds whether the
  // forum changed (204: no) and fetches its regions afresh when it did, as the screens do.
  var POLL_EVERY = 5000;
  var SILENCE = 40000;  // two heartbeats missed: the stream is as good as down
  var pollUrl = root.getAttribute("data-region-url").replace(/\/regions\/NAME$/, "/poll");
  var loadedAt = Date.now(), streamOpen = false, lastHeard = 0, seenVersion = null;
  var polling = null, pollBusy = false;
  function poll() {
    if (pollBusy) return;
    pollBusy = true;
    var query = seenVersion === null ? "" : "?v=" + encodeURIComponent(seenVersion);
    fetch(pollUrl + query, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (answer) {
        if (answer.status === 401 || answer.status === 403 || answer.status === 404) {
          window.location.reload();  // logged out, or no longer this forum's operator: the page says so
          return null;
        }
        return answer.status === 200 ? answer.text() : null;
      })
      .then(function (text) {
        if (text === null || !/^\d+$/.test(text.trim())) return;
        seenVersion = text.trim();
        Array.prototype.forEach.call(root.querySelectorAll("[sse-swap]"), function (region) {
          refresh(region.getAttribute("sse-swap"));
        });
      })
      .catch(function () { /* no server now: the next round asks again */ })
      .then(function () { pollBusy = false; });
  }
  function startPolling() {
    if (polling) return;
    poll();
    polling = setInterval(poll, POLL_EVERY);
  }
  function stopPolling() {
    if (!polling) return;
    clearInterval(polling);
    polling = null;
  }
  function heard() {
    lastHeard = Date.now();
    stopPolling();
  }
  document.addEventListener("htmx:sseOpen", function (e) {
    streamOpen = true;
    lastHeard = Date.now();
    stopPolling();  // the stream sends every region on connect
    var source = e.detail && e.detail.source;
    if (source && !source.forumsiteHeard) {
      source.forumsiteHeard = true;
      source.addEventListener("version", function (m) { seenVersion = m.data; heard(); });
      source.addEventListener("clock", heard);
    }
  });
  document.addEventListener("htmx:sseError", function () { streamOpen = false; startPolling(); });
  setInterval(function () {
    var now = Date.now();
    if ((!streamOpen && now - loadedAt > 5000) || (streamOpen && now - lastHeard > SILENCE)) startPolling();
  }, 2000);

  // --- the page stays where the secretary reads it ------------------------------------------------
  // A region replaced above the one being read (a longer queue, a new proposal) would push it out of view:
  // before a swap, note an element near the top of the window by its id, and after it, scroll back by as
  // much as that element moved. Regions and their rows keep their ids across updates.
  var anchor = null;
  function remember() {
    // Taken afresh before every swap: an update held back (a region being typed in) leaves no stale anchor.
    // Below the capture line, which sticks to the top of the window and never moves. The console has
    // columns: the anchor is the element with an id (a region, a proposal, a list's heading) nearest above
    // the control in use, in its column; with none in use, the first one in view.
    var sticky = root.querySelector(".capture");
    var top = sticky ? Math.max(0, sticky.getBoundingClientRect().bottom) : 0;
    var active = document.activeElement, scope = root, near = null;
    if (active && active !== root && root.contains(active) && !(sticky && sticky.contains(active))) {
      scope = active.closest(".console-col, .console-lower > *") || root;
      near = active.getBoundingClientRect().top;
    }
    var above = null, first = null;
    Array.prototype.forEach.call(scope.querySelectorAll("[id]"), function (el) {
      if (sticky && sticky.contains(el)) return;
      var box = el.getBoundingClientRect();
      if (!box.height || box.top < top || box.top >= window.innerHeight) return;
      if (!first || box.top < first.top) first = { id: el.id, top: box.top };
      if (near !== null && box.top <= near && (!above || box.top > above.top)) above = { id: el.id, top: box.top };
    });
    anchor = above || first;
  }
  function restore() {
    if (!anchor) return;
    var el = document.getElementById(anchor.id);
    if (el) {
      var moved = el.getBoundingClientRect().top - anchor.top;
      if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
    }
    anchor = null;
  }
  ["htmx:beforeSwap", "htmx:oobBeforeSwap", "htmx:sseBeforeMessage"].forEach(function (name) {
    document.addEventListener(name, remember);
  });
  ["htmx:afterSwap", "htmx:oobAfterSwap", "htmx:sseMessage", "htmx:afterSettle"].forEach(function (name) {
    document.addEventListener(name, restore);
  });

  // --- editing a proposal: a field that grows; Enter saves, Shift+Enter a new line, Esc cancels ------
  function growEdit(field) {
    field.style.height = "auto";
    field.style.height = Math.min(field.scrollHeight + 2, 480) + "px";
  }
  document.addEventListener("keydown", function (e) {
    var field = e.target;
    if (!field.matches || !field.matches("[data-edit-text]")) return;
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      field.form.requestSubmit();
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      var cancel = field.form.querySelector("[data-edit-cancel]");
      field.value = field.defaultValue;  // the edit is dropped: the region may be replaced again
      if (cancel) cancel.click();
    }
  }, true);
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("[data-edit-text]")) growEdit(e.target);
  });
  document.addEventListener("htmx:afterSettle", function () {
    Array.prototype.forEach.call(root.querySelectorAll("[data-edit-text]"), function (field) {
      growEdit(field);
      if (document.activeElement === field && !field.forumsitePlaced) {
        field.forumsitePlaced = true;  // the cursor at the end of the text, not before its first word
        field.setSelectionRange(field.value.length, field.value.length);
      }
    });
  });
  // Back to the proposal's own "edit" button once the edit is saved or cancelled.
  var edited = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    var row = elt && elt.closest && elt.closest("li.proposal.editing");
    if (row) edited = row.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!edited) return;
    var again = document.querySelector("#" + CSS.escape(edited) + ":not(.editing) [data-edit]");
    if (again) { edited = null; again.focus({ preventScroll: true }); }
  });

  // --- merging says what it did ---------------------------------------------------------------------
  // The button is inside the region the answer replaces (its own events go nowhere): the request says.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt, xhr = e.detail.xhr;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-merged") || !xhr) return;
    var count = root.querySelectorAll("input[name=selected][form=proposal-selection]:checked").length;
    var message = elt.getAttribute("data-merged").replace("{n}", count);
    xhr.addEventListener("loadend", function () {
      if (xhr.status === 200 && window.forumsiteToast) window.forumsiteToast(message);
    });
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
  // Unsent: the browser is offline, or the last send found no server (it restarts, the Wi-Fi is down).
  var unreachable = false;
  function show() {
    var queue = load();
    var offline = !navigator.onLine || unreachable;
    if (!queue.length) {
      state.className = "capture-state" + (offline ? " offline" : "");
      state.textContent = offline ? state.getAttribute("data-offline-empty") : "";
      return;
    }
    state.className = "capture-state pending" + (offline ? " offline" : "");
    var template = state.getAttribute(offline ? "data-offline" : "data-sending") || "{n}";
    state.textContent = template.replace("{n}", queue.length);
  }

  // The line grows with what is typed, so that a long proposal can be read back before Enter.
  function grow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 320) + "px";
  }
  // What was being typed survives a reload or a crash of the browser.
  input.value = localStorage.getItem(draftKey) || "";
  grow();
  input.addEventListener("input", function () { localStorage.setItem(draftKey, input.value); grow(); });
  // Enter saves; Shift+Enter starts a new line.
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    var queue = load();
    var who = form.querySelector("[name=who]");
    queue.push({ key: newKey(), text: text, kind: kind.value, who: who.value });
    save(queue);
    input.value = "";
    who.value = "";
    // The kind chosen with Alt+1…7 was for this proposal only: the next one starts from the default again.
    kind.value = kind.getAttribute("data-default") || kind.value;
    localStorage.removeItem(draftKey);
    grow();
    show();
    form.dispatchEvent(new CustomEvent("capture-sent"));
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
      values: { key: item.key, text: item.text, kind: item.kind, who: item.who || "", csrf_token: csrf }
    }).then(function () { sending = false; }, function () { sending = false; });
  }

  // The acknowledgement: the server names the key it stored (HX-Trigger: proposal-saved).
  document.body.addEventListener("proposal-saved", function (e) {
    var key = e.detail && e.detail.key;
    save(load().filter(function (item) { return item.key !== key; }));
    sending = false;
    unreachable = false;
    show();
    flush();
  });
  // The server is there but cannot store it now (503: its database is restarting; 5xx): keep the
  // proposal queued and try again. A refusal (4xx) will not succeed on resending: give the text back
  // to the secretary, ahead of anything typed since, so that not a word is lost.
  document.body.addEventListener("htmx:responseError", function (e) {
    if (e.detail.elt !== form) return;
    sending = false;
    if (e.detail.xhr.status >= 500) { unreachable = true; show(); return; }
    var queue = load();
    var item = queue.shift();
    save(queue);
    if (item) {
      input.value = input.value ? item.text + "\n" + input.value : item.text;
      localStorage.setItem(draftKey, input.value);
      grow();
    }
    show();
  });
  document.body.addEventListener("htmx:sendError", function (e) {
    if (e.detail.elt === form) { sending = false; unreachable = true; show(); }
  });
  window.addEventListener("online", function () { unreachable = false; show(); flush(); });
  window.addEventListener("offline", show);
  setInterval(flush, 5000);
  show();
  flush();
})();

