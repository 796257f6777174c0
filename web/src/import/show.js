// What the import page shows before the summary: the files chosen (used and
// ignored), a refused bundle's problems, and errors; and where in a file a row is.

import { $, el } from '../dom.js';

/** Where a problem, a warning or a change is: a CSV line or a workbook cell. */
export function where(place) {
  if (place.sheet) {
    const parts = [`sheet ${place.sheet}`];
    if (place.row != null) parts.push(`row ${place.row}`);
    if (place.columnLetter) parts.push(place.column ? `column ${place.columnLetter} (${place.column})` : `column ${place.columnLetter}`);
    else if (place.column) parts.push(`column ${place.column}`);
    return parts.join(', ');
  }
  let text = place.file || 'the bundle';
  if (place.line != null) text += ` line ${place.line}`;
  if (place.column) text += `, column ${place.column}`;
  return text;
}

/** The data attributes naming a place, for tests. */
export function placeData(place) {
  return {
    'data-file': place.file,
    'data-line': place.line ?? undefined,
    'data-sheet': place.sheet ?? undefined,
    'data-row': place.row ?? undefined,
    'data-column': place.column ?? undefined,
  };
}

/** Lists the files that go in the bundle and those left out. */
export function showChosen(bundle) {
  const box = $('chosen');
  const kinds = { csv: 'CSV files', zip: 'a zip archive, sent whole', workbook: 'a workbook, sent whole' };
  box.replaceChildren(
    el('h2', {}, `Chosen: ${kinds[bundle.kind]}`),
    el('ul', {}, ...bundle.used.map((u) => el('li', { 'data-used': u.file }, u.path === u.file ? u.path : `${u.path} (as ${u.file})`))),
    bundle.ignored.length ? el('p', { class: 'ignored' }, 'Ignored:') : null,
    bundle.ignored.length
      ? el('ul', { class: 'ignored' }, ...bundle.ignored.map((i) => el('li', { 'data-ignored': i.path }, `${i.path}: ${i.why}`)))
      : null,
  );
  box.hidden = false;
}

export function clearShown() {
  $('chosen').hidden = true;
  $('chosen').replaceChildren();
  $('outcome').replaceChildren();
  $('confirm-box').hidden = true;
}

/** A table of places and messages (the problems, or the warnings). */
export function placesTable(id, places) {
  return el(
    'table',
    { id },
    el('thead', {}, el('tr', {}, el('th', {}, 'Where'), el('th', {}, 'What'))),
    el('tbody', {}, ...places.map((p) => el('tr', placeData(p), el('td', {}, where(p)), el('td', {}, p.message)))),
  );
}

/** A refused bundle: the service's message (how many problems), then each problem. */
export function showProblems(refusal, dryRun) {
  $('outcome').replaceChildren(
    el('h2', {}, dryRun ? 'The bundle cannot be imported as it is' : 'The import was refused'),
    el('p', { class: 'error' }, `${refusal.message}. Correct the files and choose them again.`),
    placesTable('problems', refusal.problems),
  );
}

/** An error that is not about the bundle's rows (a refused role, a lost connection). */
export function showError(title, text) {
  $('outcome').replaceChildren(el('h2', {}, title), el('p', { class: 'error', id: 'error' }, text));
}
