// Names typed at the console: "hoang van duc" finds "Hoàng Văn Đức", a part of a name lists everyone it fits
// (a small listbox: ↑ ↓ to move, Enter or Tab to choose, Esc to close), and a name that fits no one is said to
// be unknown before Enter. The same rules as forumsite/meeting/names.py (which the server applies again).
// Also the capture line's preview: what the next proposal is attached to ("→ mục 7 · Hoàng Văn Đức · Giải pháp").
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }
  function plain(text) { return (text || "").split(/\s+/).filter(Boolean).join(" ").toLowerCase(); }
  function fits(typed, words) {
    var at = 0;
    for (var i = 0; i < typed.length; i++) {
      while (at < words.length && words[at].indexOf(typed[i]) !== 0) at++;
      if (at === words.length) return false;
      at++;
    }
    return true;
  }
  // 0 exact, 1 same letters, 2 words begin the name's (marks and all), 3 the same letters only; -1 no fit.
  function rank(typed, name) {
    if (!typed.trim()) return -1;
    if (plain(typed) === plain(name)) return 0;
    if (fold(typed) === fold(name)) return 1;
    if (fits(plain(typed).split(" "), plain(name).split(" "))) return 2;
    return fits(fold(typed).split(" "), fold(name).split(" ")) ? 3 : -1;
  }
  // people: [[key, name, present], …] (present first, roster order): the best-fitting ones.
  function matches(typed, people) {
    var best = 4, found = [];
    people.forEach(function (p) {
      var r = rank(typed, p[1]);
      if (r < 0) return;
      if (r < best) { best = r; found = []; }
      if (r === best) found.push(p);
    });
    return { level: best, people: found };
  }
  function people() {
    var region = document.getElementById("console-speakers");
    try { return JSON.parse(region && region.getAttribute("data-people") || "[]"); } catch (e) { return []; }
  }
  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  // --- one listbox under a field -------------------------------------------------------------------
  // picker: {field, list, who (hidden input), query() → {text, start, end} | null, pick(person, query)}
  function open(picker, found) {
    var list = picker.list;
    picker.found = found;
    picker.active = 0;
    list.replaceChildren.apply(list, found.map(function (p, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === 0 ? "true" : "false");
      li.textContent = p[1];
      if (p[0].charAt(0) === "g") li.append(" · ", list.getAttribute("data-guest") || "");
      if (!p[2]) {
        var note = document.createElement("span");
        note.className = "muted";
        note.textContent = " · " + (list.getAttribute("data-absent") || "");
        li.append(note);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); picker.active = i; choose(picker); });
      return li;
    }));
    list.hidden = found.length === 0;
    // A combobox says whether its list is open; the capture line is a textbox, which may not (ARIA).
    if (picker.field.getAttribute("role") === "combobox") {
      picker.field.setAttribute("aria-expanded", found.length ? "true" : "false");
    }
    if (found.length) picker.field.setAttribute("aria-activedescendant", list.id + "-0");
    else picker.field.removeAttribute("aria-activedescendant");
  }
  function close(picker) { open(picker, []); }
  function move(picker, step) {
    var items = picker.list.children;
    if (!items.length) return;
    picker.active = (picker.active + step + items.length) % items.length;
    Array.prototype.forEach.call(items, function (li, i) {
      li.setAttribute("aria-selected", i === picker.active ? "true" : "false");
    });
    picker.field.setAttribute("aria-activedescendant", items[picker.active].id);
  }
  function choose(picker) {
    var person = picker.found[picker.active];
    var query = picker.query();
    if (!person || !query) return false;
    picker.pick(person, query);
    if (picker.who) picker.who.value = person[0];
    picker.chosen = person;
    close(picker);
    picker.field.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }
  // What the typed name means now: {state: "none" | "one" | "many" | "unknown", person, count}.
  function reading(picker) {
    var query = picker.query();
    if (!query || !query.text.trim()) return { state: "none" };
    if (picker.chosen && plain(picker.chosen[1]) === plain(query.text)) return { state: "one", person: picker.chosen };
    var found = matches(query.text, people());
    if (!found.people.length) return { state: "unknown", text: query.text.trim() };
    if (found.people.length === 1 && found.level <= 1) return { state: "one", person: found.people[0] };
    return { state: "many", count: found.people.length, found: found.people };
  }
  function refresh(picker) {
    var now = reading(picker);
    if (picker.who && !(now.state === "one" && picker.who.value === now.person[0])) {
      picker.who.value = now.state === "one" ? now.person[0] : "";
    }
    var listing = !picker.listing || picker.listing();
    if (listing && (now.state === "many" || (now.state === "one" && !picker.chosen && picker.query().text !== now.person[1]))) {
      open(picker, now.found || [now.person]);
    } else {
      close(picker);
    }
    return now;
  }
  function keys(picker, e) {
    var listed = !picker.list.hidden && picker.found && picker.found.length;
    if (e.key === "ArrowDown" && listed) { move(picker, 1); }
    else if (e.key === "ArrowUp" && listed) { move(picker, -1); }
    else if ((e.key === "Enter" && !e.shiftKey && !e.isComposing || e.key === "Tab" && !e.shiftKey) && listed) {
      choose(picker);
      if (e.key === "Enter" && picker.submitOnEnter) picker.field.form.requestSubmit();
    }
    else if (e.key === "Escape" && listed) { close(picker); }
    else if (e.key === "Enter" && !e.shiftKey && !e.isComposing && reading(picker).state === "many") {
      open(picker, reading(picker).found);  // several fit: the secretary chooses, nothing is guessed
    }
    else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  // --- the speaker's name ("l") ---------------------------------------------------------------------
  // The field lives in the speakers region, which updates replace: one picker, re-bound to the field in place.
  var speaker = { submitOnEnter: true };
  function speakerPicker(field) {
    if (speaker.field !== field) {
      speaker.field = field;
      speaker.list = document.getElementById(field.getAttribute("aria-controls"));
      speaker.who = field.form.querySelector("[name=who]");
      speaker.flag = document.getElementById(field.getAttribute("aria-describedby"));
      speaker.chosen = null;
      speaker.query = function () { return { text: speaker.field.value }; };
      speaker.pick = function (person) { speaker.field.value = person[1]; };
    }
    return speaker;
  }
  function flagSpeaker(picker, now) {
    var flag = picker.flag, list = picker.list;
    if (!flag) return;
    var text = "";
    if (now.state === "unknown") text = say(list.getAttribute("data-unknown"), { name: now.text });
    else if (now.state === "many") text = say(list.getAttribute("data-choose"), { n: now.count });
    else if (now.state === "one" && !now.person[2]) text = now.person[1] + " · " + list.getAttribute("data-absent");
    flag.textContent = text;
    flag.classList.toggle("warn", now.state === "unknown");
  }
  document.addEventListener("input", function (e) {
    if (!e.target.matches || !e.target.matches("[data-name-picker]")) return;
    var picker = speakerPicker(e.target);
    if (picker.chosen && plain(picker.chosen[1]) !== plain(picker.field.value)) picker.chosen = null;
    flagSpeaker(picker, refresh(picker));
  });
  document.addEventListener("keydown", function (e) {
    if (!e.target.matches || !e.target.matches("[data-name-picker]")) return;
    keys(speakerPicker(e.target), e);
  }, true);
  document.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("[data-name-picker]")) close(speakerPicker(e.target));
  });

  // --- the capture line: "@name:" and the preview ----------------------------------------------------
  var form = root.querySelector("[data-capture]");
  var preview = root.querySelector("[data-capture-preview]");
  if (!form || !preview) return;
  var line = form.querySelector("textarea[name=text]");
  var kind = form.querySelector("[name=kind]");
  var list = document.getElementById("capture-names");
  var AUTHOR = /^(\s*@)([^:\n@]{0,120})(:?)/;
  var PREFIX = /^\s*(?:@[^:\n@]{1,120}:\s*)?([A-Za-z]{2})(?:\s*:\s*|\s+(?=\S))/;
  var PREFIXES = { gp: 0, mh: 1, kn: 2, nn: 3, lh: 4, mt: 5, yk: 6 };  // the order of the kind list (Alt+1…7)
  ["data-absent", "data-guest"].forEach(function (name) { list.setAttribute(name, preview.getAttribute(name)); });
  var capture = {
    field: line, list: list, who: form.querySelector("[name=who]"), chosen: null, submitOnEnter: false,
    query: function () {
      var m = line.value.match(AUTHOR);
      return m ? { text: m[2], start: m[1].length, end: m[1].length + m[2].length + m[3].length, done: !!m[3] } : null;
    },
    // The list is offered while the name is being typed, not once its colon is there and the words follow.
    listing: function () { var q = capture.query(); return q && !q.done; },
    pick: function (person, query) {
      var rest = line.value.slice(query.end).replace(/^\s*/, "");
      line.value = line.value.slice(0, query.start) + person[1] + ": " + rest;
      var at = query.start + person[1].length + 2;
      line.setSelectionRange(at, at);
    }
  };
  function kindLabel() {
    var m = line.value.match(PREFIX);
    var option = m && PREFIXES[m[1].toLowerCase()] !== undefined ? kind.options[PREFIXES[m[1].toLowerCase()]]
      : kind.options[kind.selectedIndex];
    return option ? option.textContent.replace(/^Alt\+\d\s*·\s*/, "") : "";
  }
  var said = "";
  function show() {
    var agenda = document.getElementById("console-agenda");
    var number = agenda && agenda.getAttribute("data-current-number");
    var item = number ? say(preview.getAttribute("data-item"), { n: number }) : preview.getAttribute("data-no-item");
    var now = capture.query() ? reading(capture) : { state: "none" };
    var who, warn = false;
    if (now.state === "one") who = now.person[1] + (now.person[2] ? "" : " (" + preview.getAttribute("data-absent") + ")");
    else if (now.state === "many") who = say(preview.getAttribute("data-choose"), { n: now.count });
    else if (now.state === "unknown") { who = say(preview.getAttribute("data-unknown"), { name: now.text }); warn = true; }
    else {
      var region = document.getElementById("console-speakers");
      who = region && region.getAttribute("data-current-speaker") || preview.getAttribute("data-no-speaker");
    }
    var text = "→ " + [item, who, kindLabel()].join(" · ");
    preview.classList.toggle("warn", warn);
    if (text !== said) { preview.textContent = text; said = text; }
  }
  line.addEventListener("input", function () {
    if (capture.chosen) {
      var q = capture.query();
      if (!q || plain(q.text) !== plain(capture.chosen[1])) capture.chosen = null;
    }
    if (capture.query()) refresh(capture); else { close(capture); capture.who.value = ""; }
    show();
  });
  form.addEventListener("keydown", function (e) { if (e.target === line && keys(capture, e)) show(); }, true);
  line.addEventListener("blur", function () { close(capture); });
  kind.addEventListener("change", show);
  // The item and the speaker change under the secretary's hands (another operator, the keyboard): follow them.
  ["htmx:afterSettle", "htmx:oobAfterSwap", "htmx:sseMessage"].forEach(function (name) {
    document.addEventListener(name, function () { setTimeout(show, 0); });
  });
  form.addEventListener("capture-sent", function () { capture.chosen = null; show(); });
  show();
})();
