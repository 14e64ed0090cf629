// The editor page's script: asks before leaving unsaved changes, says durations in words as they are
// typed, moves between the Form and Text tabs with the arrow keys, and asks for the sheet again when the
// text changed. Loaded by the editor page only; htmx does the rest.
"use strict";

(function () {
  let unsaved = false;

  function editorForm() { return document.getElementById("editor-form"); }

  // The text changed (typed in the Text tab, or written from the form): the sheet beside it follows.
  function textChanged() { document.body.dispatchEvent(new CustomEvent("pk-edited")); }

  document.addEventListener("DOMContentLoaded", function () {
    const form = editorForm();
    unsaved = !!form && form.dataset.state === "unsaved";
  });

  document.addEventListener("input", function (event) {
    const form = editorForm();
    if (!form || !form.contains(event.target)) return;
    unsaved = true;
    const saved = document.querySelector("#save-status .saved");  // "Saved." no longer holds
    if (saved && !event.target.closest("#save-status")) saved.remove();
    if (event.target.id === "text") textChanged();
    const words = event.target.dataset.words;
    if (words) sayDuration(words);
  });

  // Every answer from the form or a save says whether the text now differs from the file.
  document.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const state = xhr && xhr.getResponseHeader("X-Editor-State");
    if (!state) return;
    unsaved = state === "unsaved";
    if (event.detail.successful || xhr.status === 409) textChanged();
  });

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";  // the browser asks in its own words whether to leave
  });

  // "7 min 30 s" beside the minutes and seconds of a duration, never "7:30".
  function sayDuration(outputId) {
    const output = document.getElementById(outputId);
    if (!output) return;
    const fields = document.querySelectorAll('[data-words="' + outputId + '"]');
    const minutes = fields[0] ? fields[0].value.trim() : "";
    const seconds = fields[1] ? fields[1].value.trim() : "";
    if (!/^\d*$/.test(minutes) || !/^\d*$/.test(seconds)) { output.textContent = ""; return; }
    const total = (parseInt(minutes || "0", 10) * 60) + parseInt(seconds || "0", 10);
    const parts = [];
    if (Math.floor(total / 60)) parts.push(Math.floor(total / 60) + " min");
    if (total % 60) parts.push((total % 60) + " s");
    output.textContent = parts.join(" ") || "0 s";
  }

  // The tabs: the arrow keys move between them, as in any tab list; Enter or Space opens one.
  document.addEventListener("keydown", function (event) {
    const tab = event.target.closest && event.target.closest('[role="tab"]');
    if (!tab || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    const tabs = Array.from(tab.parentElement.querySelectorAll('[role="tab"]'));
    const next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    event.preventDefault();
    next.focus();
  });
})();
