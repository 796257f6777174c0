// The network explorer: the met network, coverage and the plan from the public
// GraphQL API, all in one window (dates and track) shared by every view.
// State for tests and screen readers: body[data-state] is "loading", "ready" or
// "error"; #notice[data-kind] says why a view is empty or refused ("empty",
// "reversed", "key", "error"); the modules document their own attributes.

import { KeyRefused, apiKey, currentWindow, graphql, setApiKey } from './api.js';
import { clearChain, fillNames, findChain } from './chain.js';
import { fetchCoverage, forgetEdits, loadCoverage, loadTrend, saveTargets, showCoverage } from './coverage.js';
import { $, TRACK_NAMES, el, say } from './dom.js';
import { download, offerDownloads, updateDownloads } from './downloads.js';
import { drawLegend } from './legend.js';
import { apply, clearHighlight, currentRenderer, draw, fit, inspect, onPersonClick, relayout, search, view } from './network.js';
import { closePanel, openPanel, showEgo } from './person.js';
import { exportPng, exportSvg } from './picture.js';
import { drawPlan } from './plan.js';
import { fetchEvolution, onSlide, showEvolution, togglePlay } from './timeline.js';

/**
 * The most ties drawn: the strongest, the rest counted in the legend. A page address
 * can ask for others with `?ties=N` (the API allows up to 200,000).
 */
const MAX_TIES = Number(new URLSearchParams(location.search).get('ties')) || 50_000;

const DRAWING = `query Drawing($since: Date, $until: Date, $track: Track, $maxTies: Int) {
  me { role mayExport mayEdit }
  analytics(since: $since, until: $until, track: $track) {
    drawing(maxTies: $maxTies) {
      people { person { key name side tags } degree weightedDegree betweenness closeness eigenvector }
      communities firstYears mainTracks brokers
      links { source target weight firstYear crossDivide }
      bridges { source target weight firstYear crossDivide }
      totalTies omittedTies betweennessSources betweennessExact
    }
  }
}`;

let generation = 0; // the latest refresh; older answers are dropped

function setState(state, message) {
  document.body.dataset.state = state;
  if (message !== undefined) say(message);
}

function notice(kind, text) {
  const box = $('notice');
  if (!kind) {
    box.hidden = true;
    delete box.dataset.kind;
    return;
  }
  box.hidden = false;
  box.dataset.kind = kind;
  box.textContent = text;
}

function fillOptions(select, values) {
  const current = select.value;
  select.replaceChildren(select.options[0], ...values.map((v) => el('option', { value: v }, v)));
  select.value = values.includes(current) ? current : '';
}

function describeWindow(window) {
  const dates =
    window.since && window.until ? `from ${window.since} to ${window.until}`
      : window.since ? `from ${window.since}`
        : window.until ? `until ${window.until}` : 'at any time';
  return window.track ? `${dates}, on ${TRACK_NAMES[window.track]}` : dates;
}

async function loadDrawing(window) {
  const data = await graphql(DRAWING, { since: window.since, until: window.until, track: window.track, maxTies: MAX_TIES });
  return { me: data.me, drawing: data.analytics.drawing };
}

function showDrawing({ me, drawing }, window) {
  offerDownloads(me);
  document.body.dataset.role = me.role.toLowerCase();
  $('target-save-box').hidden = !me.mayEdit;
  const sides = [...new Set(drawing.people.map((p) => p.person?.side).filter(Boolean))].sort();
  const tags = [...new Set(drawing.people.flatMap((p) => p.person?.tags ?? []))].sort();
  fillOptions($('side'), sides);
  fillOptions($('tag'), tags);
  view.side = $('side').value;
  view.tag = $('tag').value;
  const { nodes, edges } = draw(drawing);
  fillNames();
  drawLegend();
  search($('search').value);
  if (drawing.people.length === 0) {
    notice('empty', `No one took part in a meeting ${describeWindow(window)}. Widen the window or pick another track.`);
  } else {
    notice(null);
  }
  const left = drawing.omittedTies > 0 ? ` (the ${drawing.omittedTies.toLocaleString()} weakest ties left out)` : '';
  return `${nodes.toLocaleString()} people, ${edges.toLocaleString()} ties${left}, ${describeWindow(window)}`;
}

async function refresh() {
  const mine = ++generation;
  const window = currentWindow();
  updateDownloads();
  closePanel();
  if (window.problem) {
    notice('reversed', `Nothing to show: ${window.problem}.`);
    setState('error', `The window is not valid: ${window.problem}.`);
    return;
  }
  setState('loading', 'Loading the network…');
  try {
    // The network is drawn as soon as it comes; the charts and the years follow.
    const network = loadDrawing(window).then((drawn) => {
      if (mine !== generation) return null;
      clearChain();
      const summary = showDrawing(drawn, window);
      performance.mark('explorer:drawn');
      say(summary);
      return summary;
    });
    const [summary, coverage, evolution] = await Promise.all([network, fetchCoverage(), fetchEvolution(window)]);
    if (mine !== generation) return;
    showEvolution(evolution);
    await showCoverage(coverage);
    if (mine !== generation) return;
    drawPlan(coverage.coverage.plan);
    setState('ready', summary);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof KeyRefused) {
      notice('key', `The API key was refused: ${error.message}.`);
      setState('error', `Could not load the network: ${error.message}`);
    } else {
      notice('error', `Could not load the network: ${error.message}`);
      setState('error', `Could not load the network: ${error.message}`);
    }
  }
}

function redraw() {
  view.colourBy = $('colour-by').value;
  view.sizeBy = $('size-by').value;
  view.side = $('side').value;
  view.tag = $('tag').value;
  view.brokers = $('brokers').checked;
  const { nodes, edges } = apply();
  drawLegend();
  search($('search').value);
  say(`${nodes.toLocaleString()} people, ${edges.toLocaleString()} ties shown`);
}

function showTab(name) {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  document.body.dataset.tab = name;
  if (name === 'network') {
    currentRenderer()?.resize();
    currentRenderer()?.refresh();
  }
}

function start() {
  if (window.PEACENET_MISSING_LIBRARY) {
    setState('error', 'The explorer is not built: run `npm ci --prefix web` and build again.');
    return;
  }
  for (const id of ['since', 'until', 'track']) $(id).addEventListener('change', refresh);
  for (const id of ['side', 'tag', 'size-by', 'colour-by', 'brokers']) $(id).addEventListener('change', redraw);
  $('search').addEventListener('input', () => search($('search').value));
  $('api-key').value = apiKey();
  $('api-key').addEventListener('change', () => {
    setApiKey($('api-key').value.trim());
    refresh();
  });
  for (const link of document.querySelectorAll('#download-links a')) link.addEventListener('click', download);
  $('path-go').addEventListener('click', findChain);
  $('path-clear').addEventListener('click', clearChain);
  $('relayout').addEventListener('click', relayout);
  $('fit').addEventListener('click', fit);
  $('export-svg').addEventListener('click', exportSvg);
  $('export-png').addEventListener('click', exportPng);
  $('year').addEventListener('input', onSlide);
  $('play').addEventListener('click', togglePlay);
  $('trend-group').addEventListener('change', () => loadTrend().catch((e) => say(e.message)));
  $('target-set').addEventListener('change', () => {
    forgetEdits();
    loadCoverage().catch((e) => say(e.message));
  });
  $('target-save').addEventListener('click', saveTargets);
  $('person-close').addEventListener('click', () => {
    closePanel();
    clearHighlight();
  });
  for (const button of document.querySelectorAll('[data-ego]')) {
    button.addEventListener('click', () => showEgo(Number(button.dataset.ego)));
  }
  for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => showTab(tab.dataset.tab));
  onPersonClick(openPanel);
  window.explorer = inspect;
  showTab('network');
  refresh();
}

start();
