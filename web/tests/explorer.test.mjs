// Headless-Chromium test of the network explorer page (`web/index.html`), on the
// demo and then on a generated 1,000-person bundle (workbench.mjs holds the checks of
// the analyst's workbench: renderer, legend, person panel, window, coverage, plan,
// states, pictures, narrow screens, roles).
//
//   node web/tests/explorer.test.mjs          (or `npm run test:browser` in web/)
//
// Environment:
//   PEACENET_URL     address of a running server (e.g. http://127.0.0.1:8080); when
//                    unset, the test starts `PEACENET_BIN serve --demo` itself on a
//                    free port with a throw-away SQLite database and stops it at the end.
//   PEACENET_BIN     the server binary (default: target/debug/peacenet under the
//                    repository root; a relative path is tried from the current
//                    directory, then from the repository root).
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium). The test never downloads one.
//
// The page contract checked here:
//   body[data-state]          'ready' once the graph is drawn (anything else while loading)
//   #graph[data-nodes]        number of people drawn
//   #graph[data-edges]        number of ties drawn
//   #graph[data-highlighted]  number of people highlighted by the path search
//   #graph[data-selected]     number of people matched by the person search
//   #track, #side             <select> filters; the empty value means "all"
//   #path-from, #path-to      inputs taking person keys; #path-go the button
//   #path-result[data-length] the chain's length once found; its text names both people
//   #search                   person search input (updates on input events)
//   #coverage .bar[data-target]  coverage bars, with their target
//   #notice[data-kind]        why a view is empty or refused (empty, reversed, key)
//   window.explorer           a read-only look at the drawing (web/src/network.js)
// No console error and no uncaught page error is allowed.
//
// Exits 0 when every check passes; otherwise 1, listing what failed.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  REPO_ROOT,
  check,
  fail,
  log,
  resolveBinary,
  run,
  serverDatabaseUrl,
  startServer,
  step,
  stopServer,
} from './harness.mjs';
import * as workbench from './workbench.mjs';

const READY_TIMEOUT = 60_000;
const STEP_TIMEOUT = 15_000;
const OVERALL_TIMEOUT = 20 * 60_000;
const GENERATED_PEOPLE = 1000;
const SCREENSHOT = path.join(REPO_ROOT, 'target', 'explorer.png');

let browser = null;

// ---------------------------------------------------------------- the API

let baseUrl;

async function graphql(query) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`POST /graphql answered ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) {
    throw new Error(`GraphQL errors for ${query.replace(/\s+/g, ' ').slice(0, 60)}...: ${body.errors.map((e) => e.message).join('; ')}`);
  }
  return body.data;
}

const gqlString = (s) => JSON.stringify(s);

/** Lengths of the chains between the pairs, at most 20 per request (the alias limit). */
async function chainLengths(pairs) {
  const lengths = [];
  for (let start = 0; start < pairs.length; start += 20) {
    const batch = pairs.slice(start, start + 20);
    const fields = batch.map(
      ([a, b], i) => `c${i}: chainOfAcquaintance(from: ${gqlString(a)}, to: ${gqlString(b)}) { length }`,
    );
    const data = await graphql(`{ ${fields.join(' ')} }`);
    batch.forEach((_, i) => lengths.push(data[`c${i}`]?.length ?? null));
  }
  return lengths;
}

/**
 * Two people for the path search: connected, and at least two steps apart when such a
 * pair is among the best-connected people and the first people by key.
 */
async function pickPathPair() {
  const central = await graphql(
    '{ analytics { centrality(first: 2, orderBy: DEGREE) { edges { node { person { key } } } } } }',
  );
  const listed = await graphql('{ people(first: 50) { edges { node { key } } } }');
  const keys = [
    ...new Set([
      ...central.analytics.centrality.edges.map((e) => e.node.person?.key),
      ...listed.people.edges.map((e) => e.node.key),
    ]),
  ].filter(Boolean);
  const pairs = [];
  for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) pairs.push([keys[i], keys[j]]);

  let fallback = null;
  for (let start = 0; start < pairs.length; start += 100) {
    const batch = pairs.slice(start, start + 100);
    const lengths = await chainLengths(batch);
    for (let i = 0; i < batch.length; i++) {
      if (lengths[i] === null || lengths[i] < 1) continue;
      if (lengths[i] >= 2) return batch[i];
      fallback ??= batch[i];
    }
  }
  if (!fallback) throw new Error('no two connected people found through the API');
  log('note: no pair two or more steps apart was found; using two people who met');
  return fallback;
}

/** The drawing API's figures, or null when the server has no `drawing` field. */
async function drawingFigures(track) {
  try {
    const data = await graphql(
      `{ analytics { drawing${track ? `(track: ${track})` : ''} {
          people { person { key side } }
          links { source target } } } }`,
    );
    const d = data.analytics.drawing;
    const person = (i) => d.people[i].person;
    return { people: d.people, ties: d.links.source.map((a, i) => ({ a: person(a), b: person(d.links.target[i]) })) };
  } catch (error) {
    log(`note: analytics.drawing not usable for exact figures (${error.message.slice(0, 120)})`);
    return null;
  }
}

// ---------------------------------------------------------------- the page

async function graphAttr(page, name) {
  return page.evaluate((n) => document.querySelector('#graph')?.getAttribute(n) ?? null, name);
}

async function graphNumber(page, name) {
  const value = await graphAttr(page, name);
  return value === null || value === '' ? NaN : Number(value);
}

async function state(page) {
  return page.evaluate(() => document.body?.dataset.state ?? null);
}

/**
 * Waits for body[data-state=ready] with #graph[data-nodes] n such that `n op value`
 * (op: 'any', '===', '!==').
 */
async function waitForGraph(page, description, op, value = 0) {
  try {
    await page.waitForFunction(
      ([o, v]) => {
        const n = Number(document.querySelector('#graph')?.dataset.nodes ?? NaN);
        const ok = o === 'any' || (o === '===' ? n === v : n !== v);
        return document.body?.dataset.state === 'ready' && ok;
      },
      [op, value],
      { timeout: READY_TIMEOUT },
    );
    return true;
  } catch {
    fail(
      `${description}: not reached within ${READY_TIMEOUT / 1000} s ` +
        `(body data-state=${await state(page)}, #graph data-nodes=${await graphAttr(page, 'data-nodes')})`,
    );
    return false;
  }
}

async function optionValues(page, selector) {
  return page.$$eval(`${selector} option`, (options) => options.map((o) => o.value));
}

async function selectFilter(page, selector, value) {
  await page.selectOption(selector, value, { timeout: STEP_TIMEOUT });
}

async function resetFilters(page, full) {
  for (const selector of ['#track', '#side']) {
    if ((await page.$(selector)) && (await page.inputValue(selector)) !== '') await selectFilter(page, selector, '');
  }
  return waitForGraph(page, `after resetting the filters, data-nodes back to ${full}`, '===', full);
}

/**
 * Checks one filter select: the graph shrinks (and matches the API when it can tell).
 * `preferred(values)` orders the candidate options; `expected(value)` gives the API's
 * figures for an option, or null when the API cannot tell. The first candidate whose
 * figures are known to be strictly between 0 and `full` people is chosen (the demo data
 * has no TRACK_1 meeting, for instance); failing that, the first candidate.
 */
async function checkFilter(page, { selector, full, preferred, expected }) {
  const values = await optionValues(page, selector);
  const candidates = preferred(values.filter((v) => v !== ''));
  if (!check(candidates.length > 0, `${selector} has a non-empty option (options: ${JSON.stringify(values)})`)) return;
  let value = candidates[0];
  let want = null;
  for (const candidate of candidates) {
    const figures = await expected(candidate);
    if (figures && figures.nodes > 0 && figures.nodes < full) {
      [value, want] = [candidate, figures];
      break;
    }
    if (candidate === value) want = figures;
  }
  const before = await graphNumber(page, 'data-nodes');
  await selectFilter(page, selector, value);
  log(`selected ${selector} = ${value}${want ? ` (the API expects ${want.nodes} people, ${want.edges} ties)` : ''}`);
  if (!(await waitForGraph(page, `after selecting ${selector}=${value}, data-nodes changes from ${before}`, '!==', before))) return;
  const nodes = await graphNumber(page, 'data-nodes');
  const edges = await graphNumber(page, 'data-edges');
  check(nodes > 0 && nodes < before, `${selector}=${value}: data-nodes ${nodes} is > 0 and < ${before}`);
  if (want) {
    check(nodes === want.nodes, `${selector}=${value}: data-nodes ${nodes} equals the API's ${want.nodes}`);
    check(edges === want.edges, `${selector}=${value}: data-edges ${edges} equals the API's ${want.edges}`);
  }
}

// ---------------------------------------------------------------- the test

async function main() {
  baseUrl = process.env.PEACENET_URL?.replace(/\/+$/, '');
  if (baseUrl) log(`using the server at ${baseUrl}`);
  else baseUrl = await startServer(['--demo'], 'explorer');

  // 1. What the API says.
  const summary = (await graphql('{ analytics { summary { people ties } } }')).analytics.summary;
  log(`API summary: ${summary.people} people, ${summary.ties} ties`);
  const [fromKey, toKey] = await pickPathPair();
  const chainData = await graphql(
    `{ chainOfAcquaintance(from: ${gqlString(fromKey)}, to: ${gqlString(toKey)}) { length people { key name } } }`,
  );
  const chain = chainData.chainOfAcquaintance;
  if (!chain) throw new Error(`chainOfAcquaintance(${fromKey}, ${toKey}) is null although it was found before`);
  const ends = [chain.people[0], chain.people[chain.people.length - 1]];
  log(`path pair: ${fromKey} -> ${toKey}, length ${chain.length}`);
  const listed = await graphql('{ people(first: 50) { edges { node { key name meetings(first: 1) { totalCount } } } } }');
  const searched =
    listed.people.edges.map((e) => e.node).find((p) => p.meetings.totalCount > 0 && p.name) ??
    listed.people.edges[0]?.node;
  if (!searched) throw new Error('the API lists no people');
  const firstWord = searched.name.trim().split(/\s+/)[0];
  const fragment = firstWord.length >= 3 ? firstWord : searched.name.trim();
  const fullDrawing = await drawingFigures(null);

  // 2. The page.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const pageErrors = [];
  // While the API key step holds a wrong key, Chromium logs every refused request
  // (401) as a console error; those are expected, however late they arrive.
  let refusalsExpected = false;
  page.on('console', (message) => {
    if (message.type() === 'error') {
      if (refusalsExpected && /status of 401/.test(message.text())) return;
      const where = message.location()?.url ? ` (${message.location().url}:${message.location().lineNumber})` : '';
      pageErrors.push(`console error: ${message.text()}${where}`);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(`uncaught page error: ${error.message}`));

  try {
    const loaded = await step('load the page', async () => {
      const response = await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: READY_TIMEOUT });
      if (!check(response?.ok(), `GET / answers 2xx (got ${response?.status()})`)) return false;
      return waitForGraph(page, 'body[data-state=ready] after loading', 'any');
    });

    if (loaded) {
      await step('whole network', async () => {
        const nodes = await graphNumber(page, 'data-nodes');
        const edges = await graphNumber(page, 'data-edges');
        check(nodes === summary.people, `#graph data-nodes ${nodes} equals summary.people ${summary.people}`);
        check(edges === summary.ties, `#graph data-edges ${edges} equals summary.ties ${summary.ties}`);
      });

      await step('track filter', () =>
        checkFilter(page, {
          selector: '#track',
          full: summary.people,
          preferred: (values) => [...values.filter((v) => v === 'TRACK_1'), ...values.filter((v) => v !== 'TRACK_1')],
          expected: async (value) => {
            if (!fullDrawing || !/^TRACK_[0-9_]+$/.test(value)) return null;
            const d = await drawingFigures(value);
            return d && { nodes: d.people.length, edges: d.ties.length };
          },
        }),
      );

      await step('side filter', async () => {
        await selectFilter(page, '#track', '');
        if (!(await waitForGraph(page, `after resetting #track, data-nodes back to ${summary.people}`, '===', summary.people))) return;
        await checkFilter(page, {
          selector: '#side',
          full: summary.people,
          preferred: (values) => values,
          expected: async (value) => {
            if (!fullDrawing) return null;
            const same = (p) => (p?.side ?? '').toLowerCase() === value.toLowerCase();
            return {
              nodes: fullDrawing.people.filter((c) => same(c.person)).length,
              edges: fullDrawing.ties.filter((t) => same(t.a) && same(t.b)).length,
            };
          },
        });
      });

      await step('path search', async () => {
        if (!(await resetFilters(page, summary.people))) return;
        await page.fill('#path-from', fromKey, { timeout: STEP_TIMEOUT });
        await page.fill('#path-to', toKey, { timeout: STEP_TIMEOUT });
        await page.click('#path-go', { timeout: STEP_TIMEOUT });
        try {
          await page.waitForFunction(
            () =>
              document.querySelector('#path-result')?.hasAttribute('data-length') &&
              document.querySelector('#graph')?.hasAttribute('data-highlighted'),
            null,
            { timeout: STEP_TIMEOUT },
          );
        } catch {
          fail(`#path-result[data-length] and #graph[data-highlighted] did not appear within ${STEP_TIMEOUT / 1000} s`);
          return;
        }
        const length = Number(await page.getAttribute('#path-result', 'data-length'));
        const highlighted = await graphNumber(page, 'data-highlighted');
        const text = (await page.textContent('#path-result')) ?? '';
        check(length === chain.length, `#path-result data-length ${length} equals the API's chain length ${chain.length}`);
        check(
          highlighted === length + 1 && highlighted >= 2,
          `#graph data-highlighted ${highlighted} equals data-length + 1 (${length + 1}) and is >= 2`,
        );
        for (const person of ends) {
          check(
            text.includes(person.name) || text.includes(person.key),
            `#path-result text names ${person.name} (${person.key}): ${JSON.stringify(text.slice(0, 200))}`,
          );
        }
      });

      await step('person search', async () => {
        await page.fill('#search', '', { timeout: STEP_TIMEOUT });
        await page.locator('#search').pressSequentially(fragment, { delay: 20, timeout: STEP_TIMEOUT });
        log(`typed ${JSON.stringify(fragment)} (from ${searched.name}) into #search`);
        try {
          await page.waitForFunction(() => Number(document.querySelector('#graph')?.dataset.selected) >= 1, null, {
            timeout: STEP_TIMEOUT,
          });
          check(true, `#graph data-selected ${await graphAttr(page, 'data-selected')} is >= 1`);
        } catch {
          fail(`#graph data-selected did not become >= 1 within ${STEP_TIMEOUT / 1000} s (is ${await graphAttr(page, 'data-selected')})`);
        }
      });

      await step('downloads', async () => {
        // The met graph the page offers for Gephi holds the people and ties drawn.
        const href = await page.getAttribute('#download-gexf', 'href');
        const [status, type, text] = await page.evaluate(async (url) => {
          const response = await fetch(url);
          return [response.status, response.headers.get('content-type'), await response.text()];
        }, href);
        check(status === 200, `${href} answers 200 (got ${status})`);
        check(type === 'application/gexf+xml', `${href} is GEXF (got ${type})`);
        const nodes = (text.match(/<node /g) || []).length;
        const edges = (text.match(/<edge /g) || []).length;
        check(nodes === summary.people, `${href} holds ${nodes} nodes, as drawn (${summary.people})`);
        check(edges === summary.ties, `${href} holds ${edges} edges, as drawn (${summary.ties})`);
      });

      await step('coverage charts', async () => {
        try {
          await page.waitForSelector('#coverage .bar[data-target]', { state: 'attached', timeout: STEP_TIMEOUT });
        } catch {
          // reported below
        }
        const bars = await page.$$eval('#coverage .bar[data-target]', (els) => els.length);
        check(bars >= 1, `#coverage has ${bars} element(s) of class bar with data-target (need >= 1)`);
      });
    }

    if (loaded) {
      const q = workbench.api(baseUrl);
      await workbench.renderer(page, q);
      const d = await workbench.readAtAGlance(page, q);
      await workbench.askAboutAPerson(page, q, d);
      await workbench.oneWindow(page, q);
      await workbench.coverage(page, q, { editor: false });
      await workbench.clearStates(page);
      await workbench.pictures(page);
      await workbench.narrow(page);
      await workbench.downloadsByRole(page, 'analyst');
    }

    if (loaded && serverDatabaseUrl()) {
      await step('API key', async () => {
        // A wrong key is refused and the page says a key is needed; a valid one,
        // made with the CLI on the server's database, brings the network back.
        refusalsExpected = true;
        await page.fill('#api-key', 'pn_not-a-key');
        await page.dispatchEvent('#api-key', 'change');
        await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: STEP_TIMEOUT });
        const status = await page.textContent('#status');
        check(/API key/.test(status), `a wrong key is refused and the page asks for a key ("${status}")`);
        const token = execFileSync(resolveBinary(), ['keys', 'create', '--name', 'browser test', '--role', 'analyst'], {
          env: { ...process.env, DATABASE_URL: serverDatabaseUrl(), RUST_LOG: 'warn' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
        await page.fill('#api-key', token);
        await page.dispatchEvent('#api-key', 'change');
        await waitForGraph(page, 'body[data-state=ready] with a valid key', 'any');
        // Requests sent with the wrong key may still be answered after the page
        // redraws; let them land before refusals count as errors again.
        await page.waitForLoadState('networkidle');
        refusalsExpected = false;
        const nodes = await graphNumber(page, 'data-nodes');
        check(nodes === summary.people, `with a valid key the page draws ${nodes} people (${summary.people})`);
      });

      const keyFor = (role) =>
        execFileSync(resolveBinary(), ['keys', 'create', '--name', `browser ${role}`, '--role', role], {
          env: { ...process.env, DATABASE_URL: serverDatabaseUrl(), RUST_LOG: 'warn' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
      const useKey = async (key) => {
        await page.fill('#api-key', key);
        await page.dispatchEvent('#api-key', 'change');
        await waitForGraph(page, 'body[data-state=ready] with a new key', 'any');
      };
      await step('a viewer key', async () => {
        await useKey(keyFor('viewer'));
        check((await page.getAttribute('body', 'data-role')) === 'viewer', 'the page knows the reader is a viewer');
      });
      await workbench.downloadsByRole(page, 'viewer');
      await step('an editor key', async () => {
        const key = keyFor('editor');
        await useKey(key);
        await workbench.coverage(page, workbench.api(baseUrl, key), { editor: true });
      });
    } else {
      log('-- API key: skipped (the test did not start the server)');
    }

    await step('screenshot', async () => {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      log(`screenshot: ${SCREENSHOT}`);
    });
  } finally {
    log('-- page errors');
    if (pageErrors.length === 0) log('ok   no console error or uncaught page error');
    for (const error of pageErrors) fail(error);
  }
  if (!process.env.PEACENET_URL) await generatedRun();
}

/** The workbench on a generated bundle of GENERATED_PEOPLE people. */
async function generatedRun() {
  log(`\n== a generated bundle of ${GENERATED_PEOPLE} people`);
  await stopServer();
  baseUrl = await startServer(['--anonymous-role', 'analyst'], 'generated', (databaseUrl, tmpDir) => {
    const bundle = path.join(tmpDir, 'bundle');
    const env = { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn' };
    execFileSync(resolveBinary(), ['generate', '--people', String(GENERATED_PEOPLE), bundle], { env, stdio: 'ignore' });
    execFileSync(resolveBinary(), ['import', bundle], { env, stdio: 'ignore' });
  });
  const q = workbench.api(baseUrl);
  const d = (await q(`{ analytics { summary { people ties } drawing(maxTies: ${workbench.PAGE_TIES}) { links { source } omittedTies } } }`)).analytics;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const pageErrors = [];
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => pageErrors.push(`uncaught page error: ${e.message}`));
  try {
    const started = Date.now();
    await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: READY_TIMEOUT });
    if (!(await waitForGraph(page, 'the generated network draws', 'any'))) return;
    log(`note: ${GENERATED_PEOPLE} people drawn ${Date.now() - started} ms after the page was asked for (debug build)`);
    await step('whole generated network', async () => {
      const nodes = await graphNumber(page, 'data-nodes');
      const edges = await graphNumber(page, 'data-edges');
      check(nodes === d.summary.people, `data-nodes ${nodes} equals summary.people ${d.summary.people}`);
      check(edges === d.drawing.links.source.length, `data-edges ${edges} equals the ties drawn by the API (${d.drawing.links.source.length} of ${d.summary.ties})`);
    });
    await workbench.renderer(page, q);
    const drawn = await workbench.readAtAGlance(page, q);
    await workbench.askAboutAPerson(page, q, drawn);
    await workbench.oneWindow(page, q);
    await workbench.coverage(page, q, { editor: false });
    await workbench.pictures(page);
  } finally {
    for (const error of pageErrors) fail(error);
    if (pageErrors.length === 0) log('ok   no console error or uncaught page error (generated bundle)');
    await page.close();
  }
}

await run('explorer browser test', main, {
  timeout: OVERALL_TIMEOUT,
  cleanup: async () => browser?.close(),
});
