// The import page's drop zone and file pickers: whatever is chosen (a folder, files,
// a zip, a workbook) comes out as a list of { file, path } for bundle.js.

import { $ } from '../dom.js';

/** Turns the drop zone and the pickers on or off. */
export function enableChoice(enabled) {
  $('drop').setAttribute('aria-disabled', String(!enabled));
  $('pick-folder').disabled = !enabled;
  $('pick-files').disabled = !enabled;
}

function chosenEnabled() {
  return $('drop').getAttribute('aria-disabled') !== 'true';
}

/** A picker's files, with the path inside a chosen folder when there is one. */
function fromInput(input) {
  return [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** The file of a FileSystemFileEntry. */
function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every file under a dropped entry (folders read in full, batch by batch). */
async function walk(entry, into) {
  if (entry.isFile) {
    into.push({ file: await entryFile(entry), path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const child of batch) await walk(child, into);
  }
}

/** What was dropped: folders through webkitGetAsEntry, else the plain files. */
async function fromDrop(transfer) {
  // The entries must be taken during the drop event, before anything is awaited.
  const entries = [...(transfer.items || [])]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  const files = [...(transfer.files || [])];
  if (!entries.length) return files.map((file) => ({ file, path: file.name }));
  const chosen = [];
  for (const entry of entries) await walk(entry, chosen);
  return chosen;
}

/** Calls `onChoice(list of { file, path })` for every new choice. */
export function watchChoice(onChoice) {
  for (const id of ['pick-folder', 'pick-files']) {
    const input = $(id);
    input.addEventListener('change', () => {
      if (input.files.length) onChoice(fromInput(input));
      input.value = ''; // choosing the same files again is a new choice
    });
  }
  const drop = $('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = chosenEnabled() ? 'copy' : 'none';
    if (chosenEnabled()) drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (!chosenEnabled()) return;
    fromDrop(event.dataTransfer).then(
      (chosen) => chosen.length && onChoice(chosen),
      (error) => onChoice([], error),
    );
  });
  // A file dropped beside the zone must not make the browser leave the page.
  for (const name of ['dragover', 'drop']) window.addEventListener(name, (event) => event.preventDefault());
}
