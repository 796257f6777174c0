// The import page's summary of a dry run or an import: per-file counts, warnings and
// the changed rows (old -> new for each field).

import { $, el } from '../dom.js';
import { BUNDLE_FILES } from './bundle.js';
import { placesTable, where } from './show.js';

const changed = (counts) => counts.created + counts.updated;
const rows = (n) => `${n} row${n === 1 ? '' : 's'}`;

function countsTable(result) {
  const row = (name, counts, attributes = {}) =>
    el(
      'tr',
      { ...attributes, 'data-created': counts.created, 'data-updated': counts.updated, 'data-unchanged': counts.unchanged },
      el('td', {}, name),
      el('td', { class: 'n created' }, String(counts.created)),
      el('td', { class: 'n updated' }, String(counts.updated)),
      el('td', { class: 'n unchanged' }, String(counts.unchanged)),
    );
  return el(
    'table',
    { id: 'counts' },
    el('thead', {}, el('tr', {}, el('th', {}, 'File'), el('th', {}, 'Created'), el('th', {}, 'Updated'), el('th', {}, 'Unchanged'))),
    el(
      'tbody',
      {},
      ...BUNDLE_FILES.map(([file, field]) => row(file, result[field], { 'data-file': file })),
      row('all files', result.total, { class: 'total', 'data-file': 'total' }),
    ),
  );
}

const value = (text, kind) => (text == null || text === '' ? el('span', { class: `${kind} empty` }, 'empty') : el('span', { class: kind }, text));

function changeRow(change) {
  const place = change.sheet ? where({ sheet: change.sheet, row: change.row }) : where({ file: change.file, line: change.line });
  const fields = el(
    'ul',
    { class: 'fields' },
    ...change.fields.map((f) =>
      el('li', { 'data-column': f.column }, `${f.column}: `, ...(change.kind === 'CREATED' ? [value(f.new, 'new')] : [value(f.old, 'old'), ' → ', value(f.new, 'new')])),
    ),
  );
  return el(
    'tr',
    { 'data-file': change.file, 'data-key': change.key, 'data-kind': change.kind.toLowerCase() },
    el('td', {}, place),
    el('td', {}, change.key),
    el('td', {}, change.kind === 'CREATED' ? 'new' : 'changed'),
    el('td', {}, fields),
  );
}

function changesPart(result) {
  if (!result.changes.length) return [];
  const cut = BUNDLE_FILES.filter(([file, field]) => result.changes.filter((c) => c.file === file).length < changed(result[field]));
  return [
    el('h2', {}, 'Changed rows'),
    cut.length ? el('p', {}, `Only the first changed rows are listed for ${cut.map(([file]) => file).join(', ')}.`) : null,
    el(
      'table',
      { id: 'changes' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Where'), el('th', {}, 'Key'), el('th', {}, 'Kind'), el('th', {}, 'Fields (old → new)'))),
      el('tbody', {}, ...result.changes.map(changeRow)),
    ),
  ];
}

/** Says what an import did (or a dry run would do); true when something would change. */
export function showSummary(result) {
  const total = result.total;
  const something = changed(total) > 0;
  const headline = result.dryRun
    ? something
      ? `Nothing is written yet. Importing would create ${rows(total.created)} and update ${rows(total.updated)}; ${rows(total.unchanged)} would stay as they are.`
      : `Nothing would change: all ${rows(total.unchanged)} are as the service has them already.`
    : `Imported: ${total.created} created, ${total.updated} updated, ${total.unchanged} unchanged. The data is now at version ${result.version}.`;
  const box = el(
    'div',
    { id: result.dryRun ? 'summary' : 'result', 'data-version': result.version, 'data-created': total.created, 'data-updated': total.updated, 'data-unchanged': total.unchanged },
    el('h2', {}, result.dryRun ? 'Dry run: what the import would do' : 'Imported'),
    el('p', { class: result.dryRun ? 'headline' : 'headline done' }, headline),
    countsTable(result),
    ...(result.warnings.length
      ? [el('h2', { class: 'warnings' }, `Warnings (${result.warnings.length})`), placesTable('warnings', result.warnings)]
      : []),
    ...changesPart(result),
  );
  $('outcome').replaceChildren(box);
  return something;
}
