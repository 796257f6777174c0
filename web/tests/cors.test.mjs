// Headless-Chromium test of cross-origin calls (CORS) to the API.
//
//   PEACENET_BIN=target/debug/peacenet node web/tests/cors.test.mjs
//
// Environment:
//   PEACENET_BIN     the server binary (default: target/debug/peacenet under the
//                    repository root; a relative path is tried from the current
//                    directory, then from the repository root).
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium). The test never downloads one.
//
// What it does: two small web servers on local ports stand for two web sites, each
// serving the same page, which calls the API's /graphql by fetch with an API key in
// `Authorization`. The test starts `PEACENET_BIN serve --demo --anonymous-role none
// --cors-origin <the first site>` on a throw-away SQLite database and makes a key with
// the CLI. From the first site the call is answered (and a call without a key gets a
// readable 401); from the second site the browser refuses the call (fetch rejects).
//
// The page contract:
//   body[data-state]   'done' when the call was answered, 'refused' when fetch rejected
//   body[data-status]  the answer's status code
//   body[data-result]  the answer's body
//
// Exits 0 when every check passes; otherwise 1, listing what failed.

import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  check,
  log,
  resolveBinary,
  run,
  serverDatabaseUrl,
  startServer,
  step,
} from './harness.mjs';

const STEP_TIMEOUT = 15_000;
const OVERALL_TIMEOUT = 5 * 60_000;

let browser = null;
const sites = [];

// ---------------------------------------------------------------- the web sites

// The page every site serves: it calls the API named in its fragment, with the key
// named there (if any), and writes the outcome on <body>.
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>a frontend</title></head>
<body data-state="loading">
<script>
  const params = new URLSearchParams(location.hash.slice(1));
  const headers = { 'Content-Type': 'application/json' };
  if (params.get('key')) headers.Authorization = 'Bearer ' + params.get('key');
  fetch(params.get('api') + '/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: '{ network { people } }' }),
  })
    .then(async (response) => {
      document.body.dataset.status = String(response.status);
      document.body.dataset.result = await response.text();
      document.body.dataset.state = 'done';
    })
    .catch((error) => {
      document.body.dataset.result = error.name + ': ' + error.message;
      document.body.dataset.state = 'refused';
    });
</script>
</body></html>`;

/** Starts a web site on a free local port; resolves to its origin. */
function startSite() {
  const site = http.createServer((request, response) => {
    if (request.url === '/' || request.url.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(PAGE);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  sites.push(site);
  return new Promise((resolve, reject) => {
    site.once('error', reject);
    site.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${site.address().port}`));
  });
}

// ---------------------------------------------------------------- the test

/** Opens the page of `origin` calling `api` with `key`; returns what it wrote. */
async function call(origin, api, key) {
  const page = await browser.newPage();
  try {
    const fragment = new URLSearchParams({ api, ...(key ? { key } : {}) });
    await page.goto(`${origin}/#${fragment}`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
    await page.waitForFunction(() => document.body?.dataset.state !== 'loading', null, { timeout: STEP_TIMEOUT });
    return await page.evaluate(() => ({ ...document.body.dataset }));
  } finally {
    await page.close();
  }
}

async function main() {
  const allowed = await startSite();
  const other = await startSite();
  const api = await startServer(['--demo', '--anonymous-role', 'none', '--cors-origin', allowed], 'cors');
  log(`the API allows ${allowed}; the other site is ${other}`);
  const key = execFileSync(resolveBinary(), ['keys', 'create', '--name', 'cors test', '--role', 'viewer'], {
    env: { ...process.env, DATABASE_URL: serverDatabaseUrl(), RUST_LOG: 'warn' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

  await step('from the allowed origin, with a key', async () => {
    const outcome = await call(allowed, api, key);
    if (!check(outcome.state === 'done', `the call is answered (page: ${JSON.stringify(outcome)})`)) return;
    check(outcome.status === '200', `status 200 (got ${outcome.status})`);
    const people = JSON.parse(outcome.result)?.data?.network?.people;
    check(Number.isInteger(people) && people > 0, `the answer counts the demo's people (${people})`);
  });

  await step('from the allowed origin, without a key', async () => {
    const outcome = await call(allowed, api, null);
    if (!check(outcome.state === 'done', `the refusal is readable by the page (page: ${JSON.stringify(outcome)})`)) return;
    check(outcome.status === '401', `status 401 (got ${outcome.status})`);
    check(
      JSON.parse(outcome.result)?.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
      `the answer says UNAUTHENTICATED (${outcome.result.slice(0, 200)})`,
    );
  });

  await step('from another origin', async () => {
    const outcome = await call(other, api, key);
    check(outcome.state === 'refused', `the browser refuses the call (page: ${JSON.stringify(outcome)})`);
    check(outcome.result?.startsWith('TypeError'), `fetch rejects with a TypeError (${outcome.result})`);
  });
}

await run('cors browser test', main, {
  timeout: OVERALL_TIMEOUT,
  cleanup: async () => {
    await browser?.close();
    for (const site of sites) site.close();
  },
});
