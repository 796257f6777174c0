// The import page (/import): an editor drops a bundle (a folder of CSV files, a zip or
// a workbook); a dry run shows its problems or what it would change; Confirm imports it.
// State for tests: body[data-state] is "loading", "key", "forbidden", "idle",
// "checking", "problems", "summary", "importing", "done", "refused" or "error";
// body[data-role] the reader's role; body[data-choice] counts the choices made;
// #drop[aria-disabled] whether a choice is taken.

import { KeyRefused, Refused, apiKey, setApiKey } from '../api.js';
import { $, say } from '../dom.js';
import { toBundle } from './bundle.js';
import { enableChoice, watchChoice } from './choose.js';
import { BundleRefused, importBundle, whoAmI } from './request.js';
import { clearShown, showChosen, showError, showProblems } from './show.js';
import { showSummary } from './summary.js';

let generation = 0; // the latest choice (or key); older answers are dropped
let pending = null; // the BundleInput the dry run checked, for Confirm
let choices = 0;

function setState(state, message) {
  document.body.dataset.state = state;
  if (message !== undefined) say(message);
}

function roleNote(text) {
  $('role-note').hidden = !text;
  $('role-note').textContent = text || '';
}

/** Asks who the key makes the reader; only an editor or admin may choose files. */
async function checkRole() {
  const mine = ++generation;
  pending = null;
  clearShown();
  enableChoice(false);
  setState('loading', 'Checking the key…');
  try {
    const me = await whoAmI();
    if (mine !== generation) return;
    const role = me.role.toLowerCase();
    document.body.dataset.role = role;
    if (!me.mayEdit) {
      const who = apiKey() ? `This key's role is ${role}` : `Without a key you read as ${role}`;
      const a = /^[aeiou]/.test(role) ? 'an' : 'a';
      roleNote(`${who}, and ${a} ${role} may not import data: an editor or admin key is needed. Enter one in the API key field above.`);
      setState('forbidden', `${a === 'an' ? 'An' : 'A'} ${role} may not import data.`);
      return;
    }
    roleNote(null);
    enableChoice(true);
    setState('idle', `Reading as ${role}: choose the files to import.`);
  } catch (error) {
    if (mine !== generation) return;
    delete document.body.dataset.role;
    const text = error instanceof KeyRefused ? `${error.message}.` : `could not ask the service who you are: ${error.message}`;
    roleNote(text[0].toUpperCase() + text.slice(1));
    setState(error instanceof KeyRefused ? 'key' : 'error', error.message);
  }
}

/** Shows why a call failed; returns the state it leaves the page in. */
function failed(error, dryRun) {
  if (error instanceof BundleRefused) {
    showProblems(error, dryRun);
    return setState('problems', error.message);
  }
  if (error instanceof Refused) {
    showError('The service refused the import', `The service refused the import for this key: ${error.message}`);
    return setState('refused', error.message);
  }
  const title = dryRun ? 'The files could not be checked' : 'The import failed';
  showError(title, error instanceof KeyRefused ? `The key was refused: ${error.message}.` : error.message);
  return setState('error', `${title}: ${error.message}`);
}

/** A new choice: everything shown so far goes, and a dry run checks the files. */
async function onChoice(chosen, problem) {
  const mine = ++generation;
  document.body.dataset.choice = String(++choices);
  pending = null;
  clearShown();
  setState('checking', 'Reading the files…');
  try {
    if (problem) throw problem;
    const bundle = await toBundle(chosen);
    if (mine !== generation) return;
    showChosen(bundle);
    say('Checking the files (a dry run: nothing is written)…');
    const result = await importBundle(bundle.input, true);
    if (mine !== generation) return;
    const something = showSummary(result);
    pending = something ? bundle.input : null;
    $('confirm-box').hidden = !something;
    setState('summary', something ? 'Checked: confirm to import.' : 'Checked: nothing would change.');
  } catch (error) {
    if (mine !== generation) return;
    failed(error, true);
  }
}

async function confirm() {
  if (!pending) return;
  const mine = ++generation;
  const files = pending;
  pending = null;
  $('confirm-box').hidden = true;
  enableChoice(false);
  setState('importing', 'Importing…');
  try {
    const result = await importBundle(files, false);
    if (mine !== generation) return;
    showSummary(result);
    setState('done', `Imported: the data is now at version ${result.version}.`);
  } catch (error) {
    if (mine !== generation) return;
    failed(error, false);
  } finally {
    if (mine === generation) enableChoice(true);
  }
}

function start() {
  if (window.PEACENET_MISSING_LIBRARY) {
    setState('error', 'The import page is not built: run `npm ci --prefix web` and build again.');
    return;
  }
  $('api-key').value = apiKey();
  $('api-key').addEventListener('change', () => {
    setApiKey($('api-key').value.trim());
    checkRole();
  });
  $('confirm').addEventListener('click', confirm);
  watchChoice(onChoice);
  checkRole();
}

start();
