// Headless-Chromium test of the import page (`/import`, web/import.html and
// web/src/import/), on the demo.
//
//   PEACENET_BIN=target/debug/peacenet node web/tests/import.test.mjs
//
// Environment:
//   PEACENET_BIN     the server binary (default: target/debug/peacenet under the
//                    repository root; a relative path is tried from the current
//                    directory, then from the repository root).
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium). The test never downloads one.
//
// What it does: starts `PEACENET_BIN serve --demo --anonymous-role none` on a
// throw-away SQLite database and makes an editor, an analyst and a viewer key with the
// CLI. With the editor key it gives the page a folder holding a bundle with a bad
// gender on line 3 of people.csv (the problem is listed), the same files dropped,
// then a valid bundle as several files (the dry run shows one person created and one
// renamed, old and new names, and nothing is written until Confirm), a zip (a refused
// one, then a valid one, confirmed), the demo's own workbook from
// /exports/bundle.xlsx (everything unchanged) and a workbook with mistakes
// (tests/fixtures/workbooks/mistakes.xlsx, placed by sheet, row and column). With the
// analyst and viewer keys the page says the role may not import and disables the
// drop zone; a direct mutation with the viewer key is FORBIDDEN, and the page shows
// that refusal when it gets one. Without a key it asks for one.
//
// The page contract checked here:
//   body[data-state]   'loading', 'key', 'forbidden', 'idle', 'checking', 'problems',
//                      'summary', 'importing', 'done', 'refused' or 'error'
//   body[data-role]    the reader's role (lower case)
//   body[data-choice]  how many choices of files the page has taken
//   #drop[aria-disabled], #pick-folder, #pick-files   the drop zone and its pickers
//   #role-note         why the role may not import
//   #chosen li[data-used], li[data-ignored]           the files used and ignored
//   #problems tr[data-file][data-line][data-sheet][data-row][data-column]
//   #summary, #result  [data-created|updated|unchanged|version]; #counts tr[data-file]
//   #changes tr[data-key][data-kind] li[data-column] .old .new
//   #confirm           sends the real import; #error the text of a refusal
// No console error and no uncaught page error is allowed (but the 401 without a key).
//
// Exits 0 when every check passes; otherwise 1, listing what failed.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  REPO_ROOT,
  check,
  log,
  resolveBinary,
  run,
  serverDatabaseUrl,
  startServer,
  step,
} from './harness.mjs';

const STEP_TIMEOUT = 20_000;
const OVERALL_TIMEOUT = 6 * 60_000;

let browser = null;
let baseUrl;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'peacenet-import-files-'));

// ---------------------------------------------------------------- the API

async function graphql(query, variables, key) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

function createKey(role) {
  return execFileSync(resolveBinary(), ['keys', 'create', '--name', `import test ${role}`, '--role', role], {
    env: { ...process.env, DATABASE_URL: serverDatabaseUrl(), RUST_LOG: 'warn' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

// ---------------------------------------------------------------- the bundles

const HEADERS = {
  'organisations.csv': 'id,name,kind,country,side',
  'people.csv': 'id,name,gender,side,country,birth_year,tags,sensitive',
  'affiliations.csv': 'person_id,organisation_id,role,start_date,end_date',
  'meetings.csv': 'id,title,series,start_date,end_date,city,country,format,track,confidentiality',
  'participations.csv': 'person_id,meeting_id,role,organisation_id',
};

/** The BundleInput field of each file. */
const FIELDS = {
  'organisations.csv': 'organisations',
  'people.csv': 'people',
  'affiliations.csv': 'affiliations',
  'meetings.csv': 'meetings',
  'participations.csv': 'participations',
};

/** The demo person renamed, as their line in the demo's people.csv. */
const RENAMED = 'p-ahmad-alili';
const OLD_NAME = 'Ahmad Alili';
const NEW_NAME = 'Ahmad Alili (renamed)';
const demoLine = fs
  .readFileSync(path.join(REPO_ROOT, 'data', 'demo', 'people.csv'), 'utf8')
  .split(/\r?\n/)
  .find((line) => line.startsWith(`${RENAMED},${OLD_NAME},`));

/** The files of a small bundle: the required files, empty but for `people` rows. */
function bundleFiles(people) {
  const files = {};
  for (const [name, header] of Object.entries(HEADERS)) files[name] = `${header}\n`;
  files['people.csv'] += people.map((row) => `${row}\n`).join('');
  return files;
}

const BAD = bundleFiles(['p-import-new,Nare Test,female,armenian,AM,,,', 'p-import-other,Other Test,bogus,armenian,AM,,,']);
const GOOD = bundleFiles(['p-import-new,Nare Test,female,armenian,AM,,,', demoLine?.replace(`,${OLD_NAME},`, `,${NEW_NAME},`)]);
const ZIPPED = bundleFiles(['p-import-zip,Zip Test,male,azerbaijani,AZ,,,']);

/** Writes `files` (name -> text) into a new folder under the work directory. */
function writeFolder(name, files, extra = {}) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries({ ...files, ...extra })) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (stored, no compression) of `files` (name -> text). */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------- the page

/** Opens /import with `key` in the tab's session; resolves once the role is known. */
async function openPage(key, { quiet = false } = {}) {
  const page = await browser.newPage();
  page.problems = [];
  if (!quiet) {
    page.on('console', (m) => m.type() === 'error' && page.problems.push(`console error: ${m.text()}`));
  }
  page.on('pageerror', (e) => page.problems.push(`uncaught page error: ${e.message}`));
  if (key) await page.addInitScript((k) => sessionStorage.setItem('peacenet-key', k), key);
  await page.goto(`${baseUrl}/import`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  await settled(page);
  return page;
}

const WAITING = ['loading', 'checking', 'importing'];

/** Waits until the page is not busy; resolves to body[data-state]. */
async function settled(page) {
  await page.waitForFunction((busy) => !busy.includes(document.body.dataset.state), WAITING, { timeout: STEP_TIMEOUT });
  return page.evaluate(() => document.body.dataset.state);
}

/** Gives `files` (paths) to the picker `#id`; resolves to the state the page settles in. */
async function choose(page, id, files) {
  const before = Number(await page.evaluate(() => document.body.dataset.choice ?? 0));
  await page.setInputFiles(`#${id}`, files);
  await page.waitForFunction((n) => Number(document.body.dataset.choice ?? 0) > n, before, { timeout: STEP_TIMEOUT });
  return settled(page);
}

function noPageProblems(page, what) {
  check(page.problems.length === 0, `no console or page error (${what})${page.problems.length ? `: ${page.problems.join('; ')}` : ''}`);
}

const text = (page, selector) => page.locator(selector).first().innerText({ timeout: 2000 }).catch(() => '');
const attribute = (page, selector, name) => page.locator(selector).first().getAttribute(name, { timeout: 2000 }).catch(() => null);

async function counts(page, box, file) {
  const row = `${box} #counts tr[data-file="${file}"]`;
  return {
    created: Number(await attribute(page, row, 'data-created')),
    updated: Number(await attribute(page, row, 'data-updated')),
    unchanged: Number(await attribute(page, row, 'data-unchanged')),
  };
}

async function personName(key, id) {
  const answer = await graphql('query($id: ID!) { person(id: $id) { key name } }', { id }, key);
  if (answer.errors?.length) throw new Error(`person(${id}): ${answer.errors.map((e) => e.message).join('; ')}`);
  return answer.data.person?.name ?? null;
}

async function version(key) {
  return (await graphql('{ network { version } }', {}, key)).data?.network?.version;
}

// ---------------------------------------------------------------- the test

async function main() {
  if (!demoLine) throw new Error(`data/demo/people.csv has no line for ${RENAMED} named ${OLD_NAME}`);
  baseUrl = await startServer(['--demo', '--anonymous-role', 'none'], 'import');
  const editor = createKey('editor');
  const analyst = createKey('analyst');
  const viewer = createKey('viewer');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

  await step('the pages', async () => {
    const explorer = await (await fetch(`${baseUrl}/`)).text();
    check(/<nav>[^]*href="\/import"[^]*<\/nav>/.test(explorer), 'the explorer links to /import in its header');
    const page = await fetch(`${baseUrl}/import`);
    check(page.ok && page.headers.get('content-type').startsWith('text/html'), `GET /import is a page (${page.status})`);
    const script = await fetch(`${baseUrl}/import.js`);
    const body = await script.text();
    check(script.ok && script.headers.get('content-type').startsWith('text/javascript'), 'GET /import.js is a script');
    check(!body.startsWith('window.PEACENET_MISSING_LIBRARY'), 'the import script is built (not the stand-in)');
    check((await fetch(`${baseUrl}/import.css`)).ok, 'GET /import.css answers');
  });

  await step('without a key', async () => {
    const page = await openPage(null, { quiet: true });
    check((await settled(page)) === 'key', `the page asks for a key (state ${await settled(page)})`);
    check(/key/i.test(await text(page, '#role-note')), `it says so (${await text(page, '#role-note')})`);
    check((await attribute(page, '#drop', 'aria-disabled')) === 'true', 'the drop zone is disabled');
    await page.close();
  });

  for (const [role, key] of [['analyst', analyst], ['viewer', viewer]]) {
    await step(`with ${role === 'analyst' ? 'an' : 'a'} ${role} key`, async () => {
      const page = await openPage(key);
      check((await settled(page)) === 'forbidden', `the page refuses the role (state ${await settled(page)})`);
      check((await attribute(page, 'body', 'data-role')) === role, `it knows the role (${await attribute(page, 'body', 'data-role')})`);
      const note = await text(page, '#role-note');
      check(note.includes(role) && /may not import/.test(note) && /editor or admin/.test(note), `it says plainly why: "${note}"`);
      check((await attribute(page, '#drop', 'aria-disabled')) === 'true', 'the drop zone is disabled');
      check(await page.locator('#pick-folder').isDisabled(), 'the folder picker is disabled');
      check(await page.locator('#pick-files').isDisabled(), 'the file picker is disabled');
      noPageProblems(page, role);
      await page.close();
    });
  }

  await step('a direct mutation with the viewer key', async () => {
    const answer = await graphql(
      'mutation($f: BundleInput!) { importBundle(files: $f, dryRun: true) { version } }',
      { f: Object.fromEntries(Object.entries(GOOD).map(([file, text]) => [FIELDS[file], text])) },
      viewer,
    );
    const code = answer.errors?.[0]?.extensions?.code;
    check(code === 'FORBIDDEN', `answers FORBIDDEN (${code}: ${answer.errors?.[0]?.message})`);
  });

  await step('the page shows a FORBIDDEN answer', async () => {
    // The page is told the viewer may edit, so it sends the dry run the service refuses.
    const page = await browser.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`uncaught page error: ${e.message}`));
    await page.route('**/graphql', async (route) => {
      const sent = route.request().postDataJSON();
      if (!sent?.query?.includes('me {')) return route.continue();
      return route.fulfill({ json: { data: { me: { role: 'VIEWER', mayEdit: true } } } });
    });
    await page.addInitScript((k) => sessionStorage.setItem('peacenet-key', k), viewer);
    await page.goto(`${baseUrl}/import`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
    await settled(page);
    const state = await choose(page, 'pick-files', Object.keys(GOOD).map((f) => path.join(writeFolder('forbidden', GOOD), f)));
    check(state === 'refused', `the state is refused (${state})`);
    const shown = await text(page, '#error');
    check(/refused/i.test(shown) && shown.length > 40, `the refusal's text is shown: "${shown}"`);
    noPageProblems(page, 'forbidden answer');
    await page.close();
  });

  const page = await openPage(editor);

  await step('with an editor key', async () => {
    check((await settled(page)) === 'idle', `the page waits for files (state ${await settled(page)})`);
    check((await attribute(page, '#drop', 'aria-disabled')) === 'false', 'the drop zone is enabled');
    check(await page.locator('#role-note').isHidden(), 'no role note');
  });

  await step('(a) a folder with a mistake', async () => {
    const dir = writeFolder('bad', BAD, { 'notes.csv': 'a,b\n1,2\n', 'README.md': '# notes\n' });
    const state = await choose(page, 'pick-folder', dir);
    check(state === 'problems', `the page lists problems (state ${state})`);
    const row = '#problems tr[data-file="people.csv"][data-line="3"]';
    check((await page.locator(row).count()) === 1, 'a problem in people.csv line 3');
    const shown = await text(page, row);
    check(/people\.csv line 3, column gender/.test(shown), `where it is: "${shown.replace(/\s+/g, ' ')}"`);
    check(/bogus/.test(shown), 'the message names the bad value');
    check(/problem/.test(await text(page, '#outcome .error')), `the service's count is shown: "${await text(page, '#outcome .error')}"`);
    check((await page.locator('#chosen li[data-ignored$="notes.csv"]').count()) === 1, 'notes.csv is listed as ignored');
    check((await page.locator('#chosen li[data-used]').count()) === 5, 'the five bundle files are used');
    check(await page.locator('#confirm-box').isHidden(), 'no Confirm');
  });

  await step('(a) the same files dropped on the drop zone', async () => {
    const before = Number(await page.evaluate(() => document.body.dataset.choice ?? 0));
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const [name, text] of Object.entries(files)) transfer.items.add(new File([text], name, { type: 'text/csv' }));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, BAD);
    await page.waitForFunction((n) => Number(document.body.dataset.choice ?? 0) > n, before, { timeout: STEP_TIMEOUT });
    const state = await settled(page);
    check(state === 'problems', `the page lists problems (state ${state})`);
    check((await page.locator('#problems tr[data-file="people.csv"][data-line="3"]').count()) === 1, 'a problem in people.csv line 3');
  });

  let before;
  await step('(b) a valid bundle as several files: the dry run', async () => {
    before = await version(editor);
    const dir = writeFolder('good', GOOD);
    const state = await choose(page, 'pick-files', Object.keys(GOOD).map((f) => path.join(dir, f)));
    check(state === 'summary', `the page shows the summary (state ${state})`);
    check((await page.locator('#problems').count()) === 0, 'the problems of the last choice are gone');
    const people = await counts(page, '#summary', 'people.csv');
    check(people.created === 1 && people.updated === 1, `people: 1 created, 1 updated (${JSON.stringify(people)})`);
    const changed = `#changes tr[data-key="${RENAMED}"][data-kind="updated"] li[data-column="name"]`;
    check((await text(page, `${changed} .old`)) === OLD_NAME, `the old name (${await text(page, `${changed} .old`)})`);
    check((await text(page, `${changed} .new`)) === NEW_NAME, `the new name (${await text(page, `${changed} .new`)})`);
    check((await page.locator('#changes tr[data-key="p-import-new"][data-kind="created"]').count()) === 1, 'the new person is listed');
    check(/people\.csv line 3/.test(await text(page, `#changes tr[data-key="${RENAMED}"]`)), 'the change names its line');
    check(await page.locator('#confirm').isVisible(), 'Confirm is offered');
    check((await personName(editor, 'p-import-new')) === null, 'nothing is written: the new person is not there');
    check((await personName(editor, RENAMED)) === OLD_NAME, 'nothing is written: the old name stands');
    check((await version(editor)) === before, `the data version is the same (${before})`);
  });

  await step('(c) Confirm', async () => {
    await page.click('#confirm');
    const state = await settled(page);
    check(state === 'done', `the page says it is done (state ${state})`);
    const shown = await attribute(page, '#result', 'data-version');
    check(shown && BigInt(shown) > BigInt(before), `the new data version is shown (${shown}, was ${before})`);
    check(/version/.test(await text(page, '#result .headline')), `it says so: "${await text(page, '#result .headline')}"`);
    const people = await counts(page, '#result', 'people.csv');
    check(people.created === 1 && people.updated === 1, `people: 1 created, 1 updated (${JSON.stringify(people)})`);
    check((await personName(editor, 'p-import-new')) === 'Nare Test', 'the new person is found');
    check((await personName(editor, RENAMED)) === NEW_NAME, 'the person is renamed');
  });

  await step('(d) a zip', async () => {
    const bad = path.join(work, 'bad.zip');
    fs.writeFileSync(bad, zip(BAD));
    let state = await choose(page, 'pick-files', bad);
    check(state === 'problems', `a zip with a mistake is refused (state ${state})`);
    check((await page.locator('#problems tr[data-file="people.csv"][data-line="3"]').count()) === 1, 'the problem in people.csv line 3');
    const good = path.join(work, 'good.zip');
    fs.writeFileSync(good, zip(ZIPPED));
    state = await choose(page, 'pick-files', good);
    check(state === 'summary', `a valid zip gets its summary (state ${state})`);
    check((await page.locator('#chosen li[data-used="zip"]').count()) === 1, 'the zip is sent whole');
    const people = await counts(page, '#summary', 'people.csv');
    check(people.created === 1 && people.updated === 0, `people: 1 created (${JSON.stringify(people)})`);
    await page.click('#confirm');
    state = await settled(page);
    check(state === 'done', `the zip is imported (state ${state})`);
    check((await personName(editor, 'p-import-zip')) === 'Zip Test', 'the person in the zip is found');
  });

  await step('(e) the demo as a workbook', async () => {
    const response = await fetch(`${baseUrl}/exports/bundle.xlsx`, { headers: { authorization: `Bearer ${editor}` } });
    if (!check(response.ok, `GET /exports/bundle.xlsx with the editor key (${response.status})`)) return;
    const book = path.join(work, 'bundle.xlsx');
    fs.writeFileSync(book, Buffer.from(await response.arrayBuffer()));
    const state = await choose(page, 'pick-files', book);
    check(state === 'summary', `the workbook gets its summary (state ${state})`);
    check((await page.locator('#chosen li[data-used="workbook"]').count()) === 1, 'the workbook is sent whole');
    const total = await counts(page, '#summary', 'total');
    check(total.created === 0 && total.updated === 0 && total.unchanged > 0, `everything unchanged (${JSON.stringify(total)})`);
    check(/Nothing would change/.test(await text(page, '#summary .headline')), 'the page says nothing would change');
    check(await page.locator('#confirm-box').isHidden(), 'no Confirm');
  });

  await step('a workbook with mistakes: placed by sheet, row and column', async () => {
    // The backend's fixture, saved by openpyxl with mistakes at known cells
    // (tools/fixtures/make_workbooks.py).
    const book = path.join(REPO_ROOT, 'tests', 'fixtures', 'workbooks', 'mistakes.xlsx');
    const state = await choose(page, 'pick-files', book);
    check(state === 'problems', `problems (state ${state})`);
    const row = '#problems tr[data-sheet="People"][data-row="3"]';
    const shown = await text(page, row);
    check(shown.startsWith('sheet People, row 3, column C (gender)'), `where it is: "${shown.replace(/\s+/g, ' ')}"`);
    check(/femal/.test(shown), 'the message names the bad value');
    check((await attribute(page, row, 'data-file')) === 'people.csv', 'the problem names its bundle file');
    check((await page.locator('#problems tbody tr').count()) >= 5, `every problem is listed (${await page.locator('#problems tbody tr').count()})`);
  });

  noPageProblems(page, 'editor');
}

await run('import page browser test', main, {
  timeout: OVERALL_TIMEOUT,
  cleanup: async () => {
    await browser?.close();
    fs.rmSync(work, { recursive: true, force: true });
  },
});
