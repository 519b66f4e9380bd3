// Catalogue codes typed in the capture line are tags: while one is being typed ("BH1", "nv"), the matching codes
// are listed with their short subjects so the secretary sees what she tags; Tab takes the first one. The list
// comes from the form's data-tags (rendered by the server: no inline script under the CSP).
(function () {
  "use strict";
  const form = document.querySelector("form[data-capture]");
  const list = document.getElementById("capture-tags");
  if (!form || !list) return;
  const line = form.querySelector("textarea[name=text]");
  const tags = JSON.parse(form.dataset.tags || "[]");
  const TOKEN = /(?:^|[\s(,;])((?:BH|NV|CT)\s?\d{0,2})$/i;
  let matches = [];

  function typing() {
    const m = line.value.slice(0, line.selectionStart).match(TOKEN);
    return m ? m[1] : null;
  }

  function show() {
    const token = typing();
    matches = [];
    if (token) {
      const wanted = token.replace(/\s/g, "").toUpperCase();
      matches = tags.filter(([code]) => code.startsWith(wanted))
        .sort((a, b) => (a[0] === wanted ? -1 : b[0] === wanted ? 1 : 0)).slice(0, 6);
    }
    list.replaceChildren(...matches.map(([code, label], i) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === 0 ? "true" : "false");
      const strong = document.createElement("strong");
      strong.textContent = code;
      item.append(strong, " · " + label);
      return item;
    }));
    list.hidden = matches.length === 0;
  }

  line.addEventListener("input", show);
  line.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && !event.shiftKey && !list.hidden && matches.length) {
      event.preventDefault();
      const token = typing();
      line.setRangeText(matches[0][0] + " ", line.selectionStart - token.length, line.selectionStart, "end");
      show();
    } else if (event.key === "Escape" || (event.key === "Enter" && !event.shiftKey)) {
      list.hidden = true;
    }
  });
})();
