// New documents: rows of the intake form added and removed from the keyboard, and where focus goes when the
// studio answers a form. Loaded only by the new-protocol and new-intake pages (the Content-Security-Policy
// allows no inline script).
"use strict";

function fieldsOf(root) {
  return root.querySelectorAll("input:not([type=hidden]), select, textarea");
}

function say(text, where) {
  const status = document.getElementById(where || "rows-status");
  if (!status) return;
  status.textContent = "";
  window.setTimeout(function () { status.textContent = text; }, 50);
}

// Each row shows its place in the list ("Condition 2", "Remove condition 2"); an empty list says so.
function renumber(list) {
  Array.prototype.forEach.call(list.children, function (row, index) {
    row.querySelectorAll("[data-row-number]").forEach(function (number) { number.textContent = String(index + 1); });
  });
  document.querySelectorAll('[data-when-empty="' + list.id + '"]').forEach(function (note) {
    note.hidden = list.children.length > 0;
  });
}

function addRow(button) {
  const list = document.getElementById(button.dataset.addRow);
  const template = document.getElementById(button.dataset.template);
  if (!list || !template) return;
  // A key no row has had: a message from the studio is tied to its field by it, whatever was removed.
  const key = parseInt(list.dataset.next || "0", 10);
  list.dataset.next = String(key + 1);
  list.insertAdjacentHTML("beforeend", template.innerHTML.split("__K__").join(String(key)));
  renumber(list);
  const first = fieldsOf(list.lastElementChild)[0];
  if (first) first.focus();
  say(button.dataset.what + " " + list.children.length + " added.");
}

function removeRow(button) {
  const row = button.closest("[data-row]");
  const list = row && row.parentElement;
  if (!list) return;
  const what = (list.closest("fieldset").querySelector("[data-add-row]") || {}).dataset;
  const number = Array.prototype.indexOf.call(list.children, row) + 1;
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  renumber(list);
  // Focus stays in the list: on the row that took its place, else the one before, else the Add button.
  const target = next ? fieldsOf(next)[0] : document.querySelector('[data-add-row="' + list.id + '"]');
  if (target) target.focus();
  say((what ? what.what : "Row") + " " + number + " removed.");
}

document.addEventListener("click", function (event) {
  const add = event.target.closest("[data-add-row]");
  if (add) { event.preventDefault(); addRow(add); return; }
  const remove = event.target.closest("[data-remove-row]");
  if (remove) { event.preventDefault(); removeRow(remove); return; }
  // A link in the summary of what to change: to its field, opening the part of the form it is in.
  const link = event.target.closest("[data-focus-field]");
  const field = link && document.getElementById(link.dataset.focusField);
  if (field) {
    event.preventDefault();
    const more = field.closest("details");
    if (more) more.open = true;
    field.focus();
  }
});

// After the studio answers: a summary of what to change gets the focus (and the closed parts of the form
// with a message in them open); a form sent back with messages focuses its first marked field; a saved
// notice is read out.
document.addEventListener("htmx:afterSettle", function (event) {
  document.querySelectorAll("details").forEach(function (more) {
    const messages = more.querySelectorAll(".field-error");
    if (Array.prototype.some.call(messages, function (m) { return m.textContent.trim() !== ""; })) more.open = true;
  });
  const target = event.detail && event.detail.elt;
  if (!target || !target.querySelector) return;
  const summary = target.querySelector("[data-error-summary]");
  const marked = target.querySelector('[aria-invalid="true"]');
  const arrival = target.querySelector("[data-focus-on-arrival]");
  const focus = summary || marked || arrival;
  if (focus) focus.focus();
  // A new-protocol form sent back whole replaces its own message: the page's live region reads it out.
  const refused = target.querySelector(".message.refused");
  if (refused) say(refused.textContent.trim(), "new-protocol-said");
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".rows[id]").forEach(renumber);
});
