// How the explorer copes at real sizes, in headless Chromium: for the demo (the
// reference) and generated bundles of 2,000 and 5,000 people, the time from asking
// for the page to a drawn network (the page's `explorer:drawn` mark), to every view
// loaded (body[data-state=ready]) and to a settled layout, the API's drawing alone,
// and the frames while dragging the view and zooming in and out.
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
  query: `{ me { role } analytics { drawing(maxTies: 50000) { people { person { key name side tags } degree weightedDegree betweenness closeness eigenvector }
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
    figures = { people: d.people.length, tiesDrawn: d.links.source.length, total: d.totalTies, omitted: d.omittedTies, exact: d.betweennessExact };
  }
  const drawn = [];
  const ready = [];
  const settle = [];
  const frames = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const started = Date.now();
    await page.goto(`${baseUrl}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120_000 });
    ready.push(Date.now() - started);
    log(`  page ${i + 1}: ready after ${Date.now() - started} ms`);
    drawn.push(await page.evaluate(() => performance.getEntriesByName('explorer:drawn')[0].startTime));
    await page.waitForFunction(() => document.querySelector('#graph').dataset.layout === 'settled', null, { timeout: 120_000 });
    settle.push(Date.now() - started);
    log(`  page ${i + 1}: settled after ${Date.now() - started} ms`);
    // Drag the view about, then zoom in and out, recording the gaps between frames.
    await page.evaluate(() => {
      window.benchFrames = [];
      let last = performance.now();
      const tick = (t) => {
        if (!window.benchFrames) return;
        window.benchFrames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const box = await page.locator('#graph').boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let step = 0; step < 30; step++) await page.mouse.move(cx + 200 * Math.sin(step / 5), cy + 120 * Math.cos(step / 5), { steps: 2 });
    await page.mouse.up();
    for (let step = 0; step < 20; step++) {
      await page.mouse.wheel(0, step < 10 ? -200 : 200);
      await page.waitForTimeout(60);
    }
    const gaps = await page.evaluate(() => {
      const out = window.benchFrames.slice(1);
      window.benchFrames = null;
      return out;
    });
    frames.push(Math.max(...gaps), median(gaps));
    await page.close();
  }
  return {
    ...figures,
    apiFirst: apiMs[0],
    apiCached: median(apiMs.slice(1).length ? apiMs.slice(1) : apiMs),
    drawn: median(drawn),
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
log('\nsize | people | ties drawn / all | API first, cached ms | drawn ms (x demo) | ready ms | settled ms | frame median, longest ms');
for (const r of rows) {
  log(
    `${r.size} | ${r.people} | ${r.tiesDrawn} / ${r.total}${r.exact ? '' : ' (sampled betweenness)'} | ` +
      `${r.apiFirst.toFixed(0)}, ${r.apiCached.toFixed(0)} | ${r.drawn.toFixed(0)} (${(r.drawn / reference.drawn).toFixed(2)}x) | ${r.ready} | ` +
      `${r.settle} | ${r.medianFrame.toFixed(1)}, ${r.longestFrame.toFixed(1)}`,
  );
}
