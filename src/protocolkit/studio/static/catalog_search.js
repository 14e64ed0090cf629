// The catalog's search box: as one types, the modalities, techniques, regions, conditions and rules that do not
// match are hidden and the count of those that do is said in a polite live region. Loaded only by the catalog
// page (the Content-Security-Policy allows no inline script); without it the box stays hidden and the page whole.
"use strict";

(function () {
  const form = document.querySelector("form.catalog-search");
  const box = document.getElementById("catalog-search");
  const status = document.getElementById("catalog-search-status");
  if (!form || !box || !status) return;
  const entries = Array.prototype.slice.call(document.querySelectorAll("[data-search-entry]"));
  const sections = Array.prototype.slice.call(document.querySelectorAll("section.reference"));

  // Ids are written with hyphens ("lower-back"), names with spaces: both read the same to the search.
  function words(text) {
    return text.toLocaleLowerCase().replace(/[-_/]+/g, " ").replace(/\s+/g, " ").trim();
  }
  const haystacks = entries.map(function (entry) {
    return " " + words((entry.id || "") + " " + (entry.dataset.search || "") + " " + entry.textContent) + " ";
  });

  // A note for a section where nothing matches, made once, shown only while a search leaves the section empty.
  const notes = sections.map(function (section) {
    const note = document.createElement("p");
    note.className = "search-none";
    note.textContent = "Nothing here matches the search.";
    note.hidden = true;
    section.appendChild(note);
    return note;
  });

  let timer = 0;
  function say(text) {
    window.clearTimeout(timer);
    // After a pause in the typing, so that a screen reader says the count once, not at every key.
    timer = window.setTimeout(function () { status.textContent = text; }, 400);
  }

  function filter() {
    const query = words(box.value).split(" ").filter(Boolean);
    let shown = 0;
    entries.forEach(function (entry, index) {
      const match = query.every(function (word) { return haystacks[index].indexOf(word) !== -1; });
      entry.hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (section, index) {
      const own = section.querySelectorAll("[data-search-entry]");
      const visible = section.querySelectorAll("[data-search-entry]:not([hidden])");
      notes[index].hidden = own.length === 0 || visible.length > 0;
      section.querySelectorAll("table").forEach(function (table) {
        const rows = table.querySelectorAll("tbody > tr[data-search-entry]");
        if (rows.length === 0) return;
        table.hidden = table.querySelectorAll("tbody > tr[data-search-entry]:not([hidden])").length === 0;
      });
    });
    if (query.length === 0) {
      say("Search cleared: all " + entries.length + " shown");
    } else {
      say(shown === 0 ? "No matches" : shown === 1 ? "1 match" : shown + " matches");
    }
  }

  function clear() {
    if (box.value === "") return;
    box.value = "";
    filter();
  }

  box.addEventListener("input", filter);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); clear(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });

  // A link to an entry the search hides (#condition-pregnancy, a contents link) clears the search first.
  function reveal() {
    const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    if (target && target.closest("[hidden]") && target.closest("[hidden]") !== form) {
      clear();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);

  form.hidden = false;
  if (box.value) filter();  // a value the browser kept on going back
})();
