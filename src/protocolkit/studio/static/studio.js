// The studio's own script: small conveniences on top of htmx, loaded from the studio itself
// (the Content-Security-Policy allows no inline script and no other origin).
"use strict";

// The editor's line numbers: as many as the text has lines, scrolled with it.
function numberLines(textarea) {
  const gutter = document.getElementById(textarea.dataset.gutter);
  if (!gutter) return;
  const lines = textarea.value.split("\n").length;
  if (gutter.childElementCount !== lines) {
    const numbers = [];
    for (let n = 1; n <= lines; n++) numbers.push(n);
    gutter.textContent = numbers.join("\n");
  }
  gutter.scrollTop = textarea.scrollTop;
}

// A finding's line, selected in the editor: clicking "line 12" puts the cursor there.
function goToLine(textarea, line) {
  const lines = textarea.value.split("\n");
  let start = 0;
  for (let n = 1; n < line && n <= lines.length; n++) start += lines[n - 1].length + 1;
  const end = start + (lines[line - 1] || "").length;
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const height = textarea.scrollHeight / Math.max(lines.length, 1);
  textarea.scrollTop = Math.max(0, (line - 5) * height);
  numberLines(textarea);
}

function setUp(root) {
  root.querySelectorAll("textarea[data-gutter]").forEach(function (textarea) {
    if (textarea.dataset.ready) return;
    textarea.dataset.ready = "1";
    textarea.addEventListener("input", function () { numberLines(textarea); });
    textarea.addEventListener("scroll", function () { numberLines(textarea); });
    numberLines(textarea);
  });
  // An intake loaded from this computer goes into the box as text; the file itself is never sent.
  root.querySelectorAll("input[type=file][data-load-into]").forEach(function (input) {
    if (input.dataset.ready) return;
    input.dataset.ready = "1";
    input.addEventListener("change", function () {
      const box = document.getElementById(input.dataset.loadInto);
      const file = input.files && input.files[0];
      if (!box || !file) return;
      file.text().then(function (text) {
        box.value = text;
        box.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });
}

document.addEventListener("click", function (event) {
  const where = event.target.closest("[data-goto-line]");
  if (!where) return;
  const textarea = document.getElementById(where.dataset.gotoEditor || "text");
  if (textarea) {
    event.preventDefault();
    goToLine(textarea, parseInt(where.dataset.gotoLine, 10));
  }
});
// A field whose own message (an element with class field-error that its aria-describedby names) says
// something is marked invalid, and unmarked once the message is gone: the message may be swapped in
// apart from the field (the compose form's Regions box and the rows below it).
function markInvalid() {
  document.querySelectorAll("[aria-describedby]").forEach(function (field) {
    const wrong = field.getAttribute("aria-describedby").split(/\s+/).some(function (id) {
      const message = document.getElementById(id);
      return message && message.classList.contains("field-error") && message.textContent.trim() !== "";
    });
    if (wrong) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
}

// A live region is read out whenever its content is replaced. The answers asked for after each pause in
// typing (the findings, the form's summary, the rows under Regions) mostly say what is already there: those
// are not swapped in, so that a screen reader hears each change once, not the same list after every pause.
function live(target) {
  return target && target.closest('[aria-live], [role="status"], [role="alert"], [role="log"]');
}

function sameAs(target, html, whole) {
  const fresh = document.createElement("template");
  fresh.innerHTML = html.trim();
  return fresh.innerHTML === (whole ? target.outerHTML : target.innerHTML.trim());
}

document.addEventListener("htmx:beforeSwap", function (event) {
  const detail = event.detail;
  const by = detail.requestConfig && detail.requestConfig.elt;
  const text = detail.xhr && detail.xhr.responseText;
  if (!by || !by.matches("input, textarea") || !live(detail.target) || !text || text.includes("hx-swap-oob")) return;
  if (sameAs(detail.target, text, (by.getAttribute("hx-swap") || "").startsWith("outerHTML"))) detail.shouldSwap = false;
});
document.addEventListener("htmx:oobBeforeSwap", function (event) {
  const detail = event.detail;
  if (!live(detail.target) || !detail.fragment) return;
  const box = document.createElement("div");
  box.appendChild(detail.fragment.cloneNode(true));
  if (sameAs(detail.target, box.innerHTML, false)) detail.shouldSwap = false;
});

document.addEventListener("DOMContentLoaded", function () { setUp(document); markInvalid(); });
document.addEventListener("htmx:afterSettle", function (event) { setUp(event.target); markInvalid(); });
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
