// The pictures of docs/explorer.md, taken of the demo in headless Chromium:
//
//   PEACENET_BIN=target/release/peacenet node web/tests/screenshots.mjs docs/img
//
// first-view.png (the network as it opens), person-panel.png (a click on a person,
// with a two-step ego view), communities.png (coloured by community, brokers
// marked) and plan.png (the plan's measures).

import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, log, startServer, stopServer } from './harness.mjs';

const out = path.resolve(process.argv[2] || 'docs/img');
const baseUrl = await startServer(['--demo'], 'screenshots');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#graph').dataset.layout === 'settled', null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const shot = async (name) => {
    await page.screenshot({ path: path.join(out, name) });
    log(`wrote ${path.join(out, name)}`);
  };
  await shot('first-view.png');

  // The best-connected person drawn away from the legend.
  const key = await page.evaluate(() => {
    const legend = document.getElementById('legend').getBoundingClientRect();
    const people = window.explorer.shownPeople().map((k) => [k, window.explorer.look(k).size, window.explorer.onScreen(k)]);
    const open = people.filter(([, , at]) => at && (at.x > legend.right + 10 || at.y > legend.bottom + 10));
    return open.sort((a, b) => b[1] - a[1])[0][0];
  });
  const at = await page.evaluate((k) => window.explorer.onScreen(k), key);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#person[data-state=ready]');
  await page.click('#person [data-ego="2"]');
  await page.waitForFunction(() => document.querySelector('#ego-result').dataset.size);
  await page.waitForTimeout(500);
  await shot('person-panel.png');
  await page.click('#person-close');

  await page.selectOption('#colour-by', 'community');
  await page.check('#brokers');
  await page.click('#fit');
  await page.waitForTimeout(600);
  await shot('communities.png');

  await page.click('[data-tab=plan]');
  await page.waitForTimeout(200);
  await shot('plan.png');
  await page.click('[data-tab=coverage]');
  await page.waitForTimeout(200);
  await shot('coverage.png');
} finally {
  await browser.close();
  await stopServer();
}
