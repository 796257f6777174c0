// How the explorer copes at real sizes, in headless Chromium: for the demo (the
// reference) and generated bundles of 2,000 and 5,000 people, the time from asking
// for the page to a drawn network (body[data-state=ready]), the API's drawing alone,
// the layout's time to settle, and the frames while panning and zooming.
//
//   PEACENET_BIN=target/release/peacenet node web/tests/scale.bench.mjs [RUNS]
//
// Prints a table of medians over RUNS page loads (default 3), each size also as a
// ratio to the demo's figure in the same run; BENCHMARKS.md records the results.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, log, resolveBinary, startServer, stopServer } from './harness.mjs';

const RUNS = Number(process.argv[2] || 3);
const SIZES = [null, 2000, 5000]; // null: the demo

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function serve(people) {
  if (people === null) return startServer(['--demo'], 'bench-demo');
  return startServer(['--anonymous-role', 'analyst'], `bench-${people}`, (databaseUrl, tmpDir) => {
    const bundle = path.join(tmpDir, 'bundle');
    const env = { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn' };
    execFileSync(resolveBinary(), ['generate', '--people', String(people), bundle], { env, stdio: 'ignore' });
    execFileSync(resolveBinary(), ['import', bundle], { env, stdio: 'ignore' });
  });
}

const DRAWING = JSON.stringify({
  query: `{ me { role } analytics { drawing { people { person { key name side tags } degree weightedDegree betweenness closeness eigenvector }
    communities firstYears mainTracks brokers links { source target weight firstYear crossDivide }
    bridges { source target weight firstYear crossDivide } totalTies omittedTies betweennessSources betweennessExact } } }`,
});

async function measure(browser, baseUrl) {
  // The API alone (the first answer computes; later ones come from the cache).
  const apiMs = [];
  let figures = null;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: DRAWING });
    const body = await response.json();
    apiMs.push(performance.now() - started);
    const d = body.data.analytics.drawing;
    figures = { people: d.people.length, drawn: d.links.source.length, total: d.totalTies, omitted: d.omittedTies, exact: d.betweennessExact };
  }
  const ready = [];
  const settle = [];
  const frames = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const started = Date.now();
    await page.goto(`${baseUrl}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120_000 });
    ready.push(Date.now() - started);
    await page.waitForFunction(() => document.querySelector('#graph').dataset.layout === 'settled', null, { timeout: 120_000 });
    settle.push(Date.now() - started);
    // Pan and zoom for two seconds, recording the gaps between frames.
    const gaps = await page.evaluate(async () => {
      const out = [];
      let last = performance.now();
      let running = true;
      const tick = (t) => {
        out.push(t - last);
        last = t;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const stage = document.querySelector('#graph');
      const box = stage.getBoundingClientRect();
      for (let step = 0; step < 20; step++) {
        stage.querySelector('canvas:last-of-type').dispatchEvent(
          new WheelEvent('wheel', { deltaY: step < 10 ? -120 : 120, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true }),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      running = false;
      return out.slice(1);
    });
    frames.push(Math.max(...gaps), median(gaps));
    await page.close();
  }
  return {
    ...figures,
    apiFirst: apiMs[0],
    apiCached: median(apiMs.slice(1).length ? apiMs.slice(1) : apiMs),
    ready: median(ready),
    settle: median(settle),
    longestFrame: Math.max(...frames.filter((_, i) => i % 2 === 0)),
    medianFrame: median(frames.filter((_, i) => i % 2 === 1)),
  };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const rows = [];
try {
  for (const people of SIZES) {
    const baseUrl = await serve(people);
    rows.push({ size: people ?? 'demo', ...(await measure(browser, baseUrl)) });
    await stopServer();
  }
} finally {
  await browser.close();
}
const reference = rows[0];
log('\nsize | people | ties drawn / all | API first, cached ms | ready ms (x demo) | settled ms | frame median, longest ms');
for (const r of rows) {
  log(
    `${r.size} | ${r.people} | ${r.drawn} / ${r.total}${r.exact ? '' : ' (sampled betweenness)'} | ` +
      `${r.apiFirst.toFixed(0)}, ${r.apiCached.toFixed(0)} | ${r.ready} (${(r.ready / reference.ready).toFixed(2)}x) | ` +
      `${r.settle} | ${r.medianFrame.toFixed(1)}, ${r.longestFrame.toFixed(1)}`,
  );
}
