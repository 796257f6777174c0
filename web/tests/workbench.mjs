// The explorer as an analyst's workbench, checked against the API in headless
// Chromium: the renderer and its layout, the legend, the person panel, the shared
// window and track, the time slider, coverage and the plan, the clear states, the
// pictures and a narrow screen. Each check compares what the page shows with what
// the API answers for the same question.
//
// The page exposes `window.explorer` (web/src/network.js `inspect`), a read-only
// look at the drawing: positions, sizes, what is shown and marked.

import { check, fail, log, step } from './harness.mjs';

export const READY_TIMEOUT = 60_000;
/** The most ties the page draws (web/src/main.js MAX_TIES). */
export const PAGE_TIES = 50_000;
export const STEP_TIMEOUT = 20_000;

/** GraphQL against the server, as the page's reader (`key`, when given). */
export function api(baseUrl, key = null) {
  return async (query, variables = {}) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = await response.json();
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data;
  };
}

/** Waits for `predicate(arg)` (when given), then for body[data-state=ready]. */
export async function waitReady(page, description, predicate = null, arg = null) {
  try {
    if (predicate) await page.waitForFunction(predicate, arg, { timeout: READY_TIMEOUT });
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: READY_TIMEOUT });
    return true;
  } catch {
    const state = await page.evaluate(() => `${document.body.dataset.state}: ${document.querySelector('#status')?.textContent}`);
    fail(`${description}: not reached within ${READY_TIMEOUT / 1000} s (${state})`);
    return false;
  }
}

const figures = (page) =>
  page.evaluate(() => ({
    nodes: Number(document.querySelector('#graph').dataset.nodes),
    edges: Number(document.querySelector('#graph').dataset.edges),
    omitted: Number(document.querySelector('#graph').dataset.omitted),
  }));

async function settled(page) {
  await page.waitForFunction(() => document.querySelector('#graph').dataset.layout === 'settled', null, { timeout: READY_TIMEOUT });
}

async function setWindow(page, { since = '', until = '', track = '' }) {
  const current = await page.evaluate(() => ['since', 'until', 'track'].map((id) => document.getElementById(id).value));
  if (current[0] !== since) await page.fill('#since', since);
  if (current[1] !== until) await page.fill('#until', until);
  if (current[2] !== track) await page.selectOption('#track', track);
  // date inputs announce a change on blur
  await page.evaluate(() => document.getElementById('since').dispatchEvent(new Event('change')));
}

const DRAWING = `query D($since: Date, $until: Date, $track: Track) {
  analytics(since: $since, until: $until, track: $track) {
    summary { people ties }
    drawing(maxTies: ${PAGE_TIES}) { people { person { key name side } degree betweenness } totalTies omittedTies brokers links { source } }
    crossDivide { crossDivideTies }
    articulationPoints { person { key } }
    evolution { year people ties }
  }
}`;

/** The renderer: WebGL canvases, a layout that settles, positions kept by filters. */
export async function renderer(page, q) {
  await step('renderer: WebGL drawing and a layout that settles', async () => {
    const canvases = await page.$$eval('#graph canvas', (cs) => cs.length);
    check(canvases >= 2, `sigma draws on ${canvases} canvases in #graph`);
    const webgl = await page.evaluate(() => [...document.querySelectorAll('#graph canvas')].some((c) => c.getContext('webgl2') || c.getContext('webgl')));
    check(webgl, 'a canvas of #graph is WebGL');
    await settled(page);
    check(true, 'the force layout settled (#graph data-layout=settled)');
  });
  await step('renderer: filters hide and show, nobody moves', async () => {
    const people = await page.evaluate(() => window.explorer.shownPeople().slice(0, 40));
    const before = await page.evaluate((keys) => keys.map((k) => window.explorer.position(k)), people);
    const sides = (await page.$$eval('#side option', (os) => os.map((o) => o.value))).filter(Boolean);
    await page.selectOption('#side', sides[0]);
    await waitReady(page, 'side filter');
    const layout = await page.evaluate(() => document.querySelector('#graph').dataset.layout);
    check(layout === 'settled', `the side filter does not start a layout (data-layout=${layout})`);
    await page.selectOption('#side', '');
    await page.selectOption('#track', 'TRACK_2');
    await waitReady(page, 'track filter', () => document.querySelector('#track').value === 'TRACK_2');
    await page.selectOption('#track', '');
    await waitReady(page, 'track filter reset');
    const after = await page.evaluate((keys) => keys.map((k) => window.explorer.position(k)), people);
    const moved = people.filter((_, i) => !after[i] || after[i].x !== before[i].x || after[i].y !== before[i].y);
    check(moved.length === 0, `after side and track filters, ${moved.length} of ${people.length} people moved (${moved.slice(0, 3)})`);
  });
}

/** The legend stays in view; colours, sizes, cross-divide ties and brokers are as the API says. */
export async function readAtAGlance(page, q) {
  const d = (await q(DRAWING)).analytics;
  await step('legend always in view', async () => {
    const box = await page.locator('#legend').boundingBox();
    const viewport = page.viewportSize();
    check(box && box.y >= 0 && box.y + 40 <= viewport.height && box.x + box.width <= viewport.width, `the legend is on screen (${JSON.stringify(box)})`);
    const text = await page.textContent('#legend');
    check(/Colour: side/.test(text) && /Size: betweenness/.test(text) && /across the divide/.test(text), `the legend names colour, size and ties: ${text.slice(0, 120)}`);
  });
  await step('colour by community, size by degree', async () => {
    await page.selectOption('#colour-by', 'community');
    await page.selectOption('#size-by', 'degree');
    const text = await page.textContent('#legend');
    check(/Colour: community/.test(text) && /Size: degree/.test(text), `the legend follows: ${text.slice(0, 80)}`);
    const top = d.drawing.people.slice().sort((a, b) => b.degree - a.degree || a.person.key.localeCompare(b.person.key));
    const [largest, smallest] = [top[0].person.key, top[top.length - 1].person.key];
    const sizes = await page.evaluate(([a, b]) => [window.explorer.look(a).size, window.explorer.look(b).size], [largest, smallest]);
    check(top[0].degree === top[top.length - 1].degree || sizes[0] > sizes[1], `the person who met most (${largest}) is drawn larger than the one who met fewest (${sizes})`);
    await page.selectOption('#colour-by', 'side');
    await page.selectOption('#size-by', 'betweenness');
  });
  await step('cross-divide ties and brokers', async () => {
    const ties = await page.evaluate(() => window.explorer.ties());
    if (d.drawing.omittedTies === 0) {
      check(ties.cross === d.crossDivide.crossDivideTies, `cross-divide ties drawn ${ties.cross} equal the API's ${d.crossDivide.crossDivideTies}`);
    }
    await page.check('#brokers');
    const brokers = await page.evaluate(() => window.explorer.brokers().sort());
    const wanted = d.articulationPoints.map((b) => b.person?.key).filter(Boolean).sort();
    check(JSON.stringify(brokers) === JSON.stringify(wanted), `brokers marked (${brokers.length}) are the API's articulation points (${wanted.length})`);
    check(/broker/.test(await page.textContent('#legend')), 'the legend explains the brokers');
    await page.uncheck('#brokers');
    check((await page.evaluate(() => window.explorer.brokers().length)) === 0, 'brokers are marked on demand only');
  });
  await step('the most central and the searched are labelled', async () => {
    await page.fill('#search', '');
    await page.click('#fit');
    await page.waitForTimeout(600);
    const labelled = await page.evaluate(() => window.explorer.labelled());
    const central = d.drawing.people.slice().sort((a, b) => b.betweenness - a.betweenness)[0].person.key;
    check(labelled.length > 0, `${labelled.length} labels on screen`);
    check(labelled.includes(central), `the person of highest betweenness (${central}) is labelled`);
  });
  return d;
}

/** Hover and click a person; the panel's figures; the ego view; the chain by name. */
/** The best-connected person drawn in the open (not under the legend), and where. */
async function personInTheOpen(page, d) {
  await page.click('#fit');
  await page.waitForTimeout(600);
  const ranked = d.drawing.people.slice().sort((a, b) => b.degree - a.degree).slice(0, 30);
  for (const { person } of ranked) {
    const open = await page.evaluate((k) => {
      const at = window.explorer.onScreen(k);
      if (!at) return null;
      const inside = (id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return at.x >= r.left - 8 && at.x <= r.right + 8 && at.y >= r.top - 8 && at.y <= r.bottom + 8;
      };
      return inside('graph') && !inside('legend') && !inside('year-figures') ? at : null;
    }, person.key);
    if (open) return person;
  }
  return ranked[0].person;
}

export async function askAboutAPerson(page, q, d) {
  const person = await personInTheOpen(page, d);
  await step('hover shows name and side', async () => {
    const at = await page.evaluate((k) => window.explorer.onScreen(k), person.key);
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector('#tooltip:not([hidden])', { timeout: STEP_TIMEOUT });
    const text = await page.textContent('#tooltip');
    check(text.includes(person.name) && text.includes(person.side ?? 'side unknown'), `the tooltip says ${JSON.stringify(text)}`);
  });
  await step('a click opens the person panel', async () => {
    const at = await page.evaluate((k) => window.explorer.onScreen(k), person.key);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#person[data-state=ready]', { timeout: STEP_TIMEOUT });
    const data = await q(`{ person(id: ${JSON.stringify(person.key)}) { name tags organisations(first: 20) { totalCount } meetings(first: 1) { totalCount } } }`);
    check((await page.textContent('#person-name')) === data.person.name, 'the panel names the person');
    const meetings = await page.$$eval('#person-meetings li', (li) => li.length);
    check(meetings === Math.min(data.person.meetings.totalCount, 31) || meetings === data.person.meetings.totalCount, `the panel lists ${meetings} meetings (the API: ${data.person.meetings.totalCount})`);
    const degree = await page.textContent('#person-centralities tr[data-measure=degree] td');
    const ours = d.drawing.people.find((p) => p.person.key === person.key);
    check(Number(degree) === ours.degree, `the panel's degree ${degree} is the API's ${ours.degree}`);
    const contacts = await page.$$eval('#person-contacts li', (li) => li.length);
    check(contacts === Math.min(8, ours.degree), `${contacts} strongest ties listed`);
  });
  await step('one-click ego view', async () => {
    await page.click('#person [data-ego="2"]');
    await page.waitForFunction(() => document.querySelector('#ego-result').dataset.size, null, { timeout: STEP_TIMEOUT });
    const ego = await q(`{ analytics { egoNetwork(person: ${JSON.stringify(person.key)}, steps: 2) { people { person { key } } } } }`);
    const lit = Number(await page.getAttribute('#graph', 'data-highlighted'));
    check(lit === ego.analytics.egoNetwork.people.length, `the ego view lights ${lit} people, the API's ego network has ${ego.analytics.egoNetwork.people.length}`);
    await page.click('#person-close');
    check((await page.getAttribute('#graph', 'data-highlighted')) === '0', 'closing the panel clears the ego view');
  });
  await step('the chain takes names', async () => {
    const names = new Map();
    for (const p of d.drawing.people) names.set(p.person.name, (names.get(p.person.name) || 0) + 1);
    const unique = d.drawing.people.filter((p) => names.get(p.person.name) === 1).map((p) => p.person);
    const [a, b] = [unique[0], unique[unique.length - 1]];
    const options = await page.$$eval('#people option', (os) => os.length);
    check(options === d.drawing.people.length, `the autocomplete offers ${options} people (drawn: ${d.drawing.people.length})`);
    const chain = (await q(`{ chainOfAcquaintance(from: ${JSON.stringify(a.key)}, to: ${JSON.stringify(b.key)}) { length } }`)).chainOfAcquaintance;
    await page.fill('#path-from', a.name);
    await page.fill('#path-to', b.name);
    await page.click('#path-go');
    await page.waitForFunction(() => document.querySelector('#path-result').hasAttribute('data-length'), null, { timeout: STEP_TIMEOUT });
    const length = Number(await page.getAttribute('#path-result', 'data-length'));
    check(length === (chain ? chain.length : -1), `the chain from ${a.name} to ${b.name} by name has length ${length} (the API: ${chain?.length ?? 'none'})`);
    await page.click('#path-clear');
  });
}

/** The window and the track apply to the graph, chain, charts and downloads; the slider steps through years. */
export async function oneWindow(page, q) {
  const all = (await q(DRAWING)).analytics;
  const years = all.evolution.map((y) => y.year);
  const middle = years[Math.floor(years.length / 2)];
  const since = `${years[0] + 1}-01-01`;
  const until = `${middle + 1}-12-31`;
  await step(`the window ${since} to ${until} and Track 2 apply everywhere`, async () => {
    await setWindow(page, { since, until, track: 'TRACK_2' });
    await waitReady(page, 'window', ([s, u]) => document.querySelector('#since').value === s && document.querySelector('#until').value === u, [since, until]);
    const wanted = (await q(DRAWING, { since, until, track: 'TRACK_2' })).analytics;
    const got = await figures(page);
    check(got.nodes === wanted.drawing.people.length, `drawn ${got.nodes} people, the API's drawing has ${wanted.drawing.people.length}`);
    check(got.edges === wanted.drawing.links.source.length, `drawn ${got.edges} ties, the API's drawing has ${wanted.drawing.links.source.length}`);
    const href = await page.getAttribute('#download-gexf', 'href');
    check(href.includes(`since=${since}`) && href.includes(`until=${until}`) && href.includes('track=TRACK_2'), `the downloads follow the window: ${href}`);
    const cov = await q(
      `query C($since: Date, $until: Date) { coverage(since: $since, until: $until, filter: { track: TRACK_2 }) { byDimension(dimension: GENDER) { group participationShare } } }`,
      { since, until },
    );
    await checkBars(page, cov.coverage.byDimension, 'GENDER', 'the coverage charts follow the window and track');
    const [a, b] = [wanted.drawing.people[0].person, wanted.drawing.people[wanted.drawing.people.length - 1].person];
    const chain = (
      await q(
        `query C($since: Date, $until: Date) { chainOfAcquaintance(from: ${JSON.stringify(a.key)}, to: ${JSON.stringify(b.key)}, since: $since, until: $until, track: TRACK_2) { length } }`,
        { since, until },
      )
    ).chainOfAcquaintance;
    await page.fill('#path-from', a.key);
    await page.fill('#path-to', b.key);
    await page.click('#path-go');
    await page.waitForFunction(() => document.querySelector('#path-result').hasAttribute('data-length'), null, { timeout: STEP_TIMEOUT });
    const length = Number(await page.getAttribute('#path-result', 'data-length'));
    check(length === (chain ? chain.length : -1), `the chain in the window and track has length ${length} (the API: ${chain?.length ?? 'none'})`);
    await page.click('#path-clear');
    const gexf = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const nodes = (gexf.match(/<node /g) || []).length;
    check(nodes === wanted.summary.people, `the GEXF of the window holds ${nodes} people (the API: ${wanted.summary.people})`);
  });
  await step('the time slider steps through the years', async () => {
    await setWindow(page, {});
    await waitReady(page, 'whole window', () => document.querySelector('#since').value === '' && document.querySelector('#track').value === '');
    const year = all.evolution[Math.max(0, all.evolution.length - 3)];
    await page.evaluate((y) => {
      const slider = document.getElementById('year');
      slider.value = String(y);
      slider.dispatchEvent(new Event('input'));
    }, year.year);
    const got = await figures(page);
    check(got.nodes === year.people, `at the end of ${year.year}: ${got.nodes} people drawn, evolution says ${year.people}`);
    if (all.drawing.omittedTies === 0) check(got.edges === year.ties, `at the end of ${year.year}: ${got.edges} ties drawn, evolution says ${year.ties}`);
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#timeline').dataset.playing === 'false', null, { timeout: 60_000 });
    const end = await figures(page);
    check(end.nodes === all.summary.people, `play ends on the whole network (${end.nodes} people)`);
  });
}

async function checkBars(page, groups, dimension, what) {
  const bars = await page.$$eval(`#coverage-groups .bar[data-dimension=${dimension}]`, (bs) => bs.map((b) => [b.dataset.group, b.dataset.share]));
  const shown = new Map(bars);
  const wrong = groups.filter((g) => g.participationShare !== null && Number(shown.get(g.group)) !== g.participationShare);
  check(bars.length > 0 && wrong.length === 0, `${what}: ${bars.length} ${dimension} bars, ${wrong.length} differ from the API (${wrong.map((g) => g.group)})`);
}

/** Coverage charts for every dimension, editable targets, under-engaged, trends; the plan. */
export async function coverage(page, q, { editor = false } = {}) {
  await step('coverage charts for every dimension and tag', async () => {
    await page.click('[data-tab=coverage]');
    const c = (await q(`{ coverage { tags: byDimension(dimension: TAG) { group participationShare } gender: byDimension(dimension: GENDER) { group participationShare } underEngaged { group } } }`)).coverage;
    const charts = await page.$$eval('#coverage .chart', (cs) => cs.map((c) => c.dataset.dimension));
    check(charts.length === 9, `a chart per dimension (${charts})`);
    await checkBars(page, c.tags, 'TAG', 'tags');
    await checkBars(page, c.gender, 'GENDER', 'gender');
    const under = await page.$$eval('#under-engaged li[data-group]', (li) => li.map((l) => l.dataset.group));
    check(under.join() === c.underEngaged.map((g) => g.group).join(), `the under-engaged list is the API's (${under.length})`);
  });
  await step('targets set on the page move the gaps', async () => {
    const input = page.locator('#coverage .target-input[data-dimension=GENDER][data-group=FEMALE]');
    await input.fill('90');
    await input.dispatchEvent('change');
    await page.waitForSelector('#coverage .bar[data-dimension=GENDER][data-group=FEMALE][data-target="0.9"]', { timeout: STEP_TIMEOUT });
    const under = await page.$$eval('#under-engaged li[data-group]', (li) => li.map((l) => `${l.dataset.dimension}:${l.dataset.group}`));
    check(under.includes('GENDER:FEMALE'), `with a 90% target, women are under-engaged (${under})`);
    const box = await page.isVisible('#target-save-box');
    check(box === editor, `saving target sets is offered ${editor ? 'to an editor' : 'to editors only'} (shown: ${box})`);
    if (editor) {
      await page.fill('#target-name', 'browser-test');
      await page.click('#target-save');
      await page.waitForFunction(() => document.querySelector('#target-result').dataset.saved === 'browser-test', null, { timeout: STEP_TIMEOUT });
      const sets = (await q('{ targetSets { name targets { dimension group share } } }')).targetSets;
      const saved = sets.find((s) => s.name === 'browser-test');
      check(saved?.targets.some((t) => t.dimension === 'GENDER' && t.group === 'FEMALE' && t.share === 0.9), 'the target set is saved with the page’s target');
    }
  });
  await step('trends per year for any group', async () => {
    const c = (await q('{ coverage { trends(dimension: YOUTH) { year groups { group participationShare } } } }')).coverage;
    await page.selectOption('#trend-group', 'YOUTH:youth');
    await page.waitForFunction(() => /youth/.test(document.querySelector('#trend-title').textContent), null, { timeout: STEP_TIMEOUT });
    const rows = await page.$$eval('#coverage-years .row', (rs) => rs.map((r) => r.dataset.year));
    check(rows.join() === c.trends.map((t) => String(t.year)).join(), `a bar per year for youth (${rows.length})`);
  });
  await step('the plan view', async () => {
    await page.click('[data-tab=plan]');
    const plan = (await q('{ coverage { plan { measure { key } status targetGroups { group } } } }')).coverage.plan;
    const rows = await page.$$eval('#plan-rows tr', (rs) => rs.map((r) => `${r.dataset.measure}:${r.dataset.status}`));
    check(rows.join() === plan.map((m) => `${m.measure?.key ?? '?'}:${m.status}`).join(), `the plan lists ${rows.length} measures with the API's statuses (${plan.length})`);
    await page.click('[data-tab=network]');
  });
}

/** Empty and reversed windows say what happened. */
export async function clearStates(page) {
  await step('an empty window says so', async () => {
    await setWindow(page, { since: '1950-01-01', until: '1950-12-31' });
    await waitReady(page, 'empty window', () => document.querySelector('#until').value === '1950-12-31');
    const kind = await page.getAttribute('#notice', 'data-kind');
    check(kind === 'empty' && (await page.isVisible('#notice')), `an empty window shows the notice "${await page.textContent('#notice')}"`);
    check((await figures(page)).nodes === 0, 'nobody is drawn');
  });
  await step('reversed dates say so', async () => {
    await setWindow(page, { since: '2020-01-01', until: '2019-01-01' });
    await page.waitForFunction(() => document.querySelector('#notice').dataset.kind === 'reversed', null, { timeout: STEP_TIMEOUT });
    const text = await page.textContent('#notice');
    check(/before it starts/.test(text), `reversed dates: "${text}"`);
    await setWindow(page, {});
    await waitReady(page, 'whole window again', () => document.querySelector('#notice').hidden);
  });
}

/** PNG and SVG of the view. */
export async function pictures(page) {
  await step('the view as SVG and PNG', async () => {
    const [svg] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT }), page.click('#export-svg')]);
    const text = await (await import('node:fs')).promises.readFile(await svg.path(), 'utf8');
    const circles = (text.match(/<circle /g) || []).length;
    const shown = (await figures(page)).nodes;
    check(svg.suggestedFilename().endsWith('.svg') && circles === shown, `the SVG holds ${circles} people (drawn: ${shown})`);
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT }), page.click('#export-png')]);
    const bytes = await (await import('node:fs')).promises.readFile(await png.path());
    check(bytes.subarray(1, 4).toString() === 'PNG' && bytes.length > 2000, `the PNG is a picture (${bytes.length} bytes)`);
  });
}

/** 1024 px wide, and after a resize. */
export async function narrow(page) {
  await step('usable at 1024 px and after a resize', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      graph: document.querySelector('#graph').getBoundingClientRect().width,
      canvas: document.querySelector('#graph canvas').getBoundingClientRect().width,
      legend: document.querySelector('#legend').getBoundingClientRect().right,
    }));
    check(layout.overflow <= 0, `no sideways scrolling at 1024 px (${layout.overflow} px over)`);
    check(layout.graph >= 600 && Math.abs(layout.canvas - layout.graph) < 2, `the graph takes ${layout.graph} px and its canvas follows (${layout.canvas})`);
    check(layout.legend <= 1024, 'the legend is in view');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForTimeout(300);
    const wide = await page.evaluate(() => [document.querySelector('#graph').getBoundingClientRect().width, document.querySelector('#graph canvas').getBoundingClientRect().width]);
    check(wide[0] > layout.graph && Math.abs(wide[0] - wide[1]) < 2, `after a resize the canvas follows (${wide})`);
  });
}

/** Downloads offered by role; a viewer is told why not. */
export async function downloadsByRole(page, role) {
  await step(`downloads for ${role}`, async () => {
    const offered = await page.isVisible('#download-links');
    const may = role !== 'viewer';
    check(offered === may, `downloads ${may ? 'offered' : 'not offered'} to ${role} (shown: ${offered})`);
    if (!may) {
      const note = await page.textContent('#download-note');
      check(/analyst/.test(note) && /viewer/.test(note), `the viewer is told why: "${note}"`);
    }
  });
}

export { log, setWindow, figures, settled };
