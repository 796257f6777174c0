// The met network on screen: a graphology graph drawn by sigma.js (WebGL), with
// what the reader chose applied as reducers (colour, size, the side, tag and year
// filters, a highlighted chain or ego network, the brokers). Filters hide and show;
// they never move anyone. State for tests: #graph carries data-nodes and data-edges
// (drawn now), data-selected (found by the search), data-highlighted, data-omitted.

import Graph from 'graphology';
import Sigma from 'sigma';
import { $ } from './dom.js';
import { runLayout, startingPositions, stopLayout } from './layout.js';

const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b',
  '#e377c2', '#17becf', '#bcbd22', '#393b79', '#637939', '#ad494a',
];
export const UNKNOWN = '#9aa3ad';
export const TRACK_COLOURS = { TRACK_1: '#08306b', TRACK_1_5: '#6a51a3', TRACK_2: '#238b45', TRACK_3: '#d94801' };
export const TIE = '#d3d8de';
export const CROSS_TIE = '#f2b35c';
export const BRIDGE = '#d62728';
export const BROKER = '#111111';
const FADED = '#eceef1';
const PATH = '#111111';

/** What the reader chose; `apply()` draws it. */
export const view = {
  colourBy: 'side', // side | community | track
  sizeBy: 'betweenness',
  side: '',
  tag: '',
  year: null, // draw only who had met by the end of this year
  brokers: false,
  searched: new Set(),
  highlighted: null, // Set of keys, or null
  chain: new Set(), // the ties of a chain of acquaintance, by key
};

/**
 * Past this many ties, ties are hidden while the view moves, and while the layout
 * runs sigma draws the people only (a copy that follows their places), so that
 * redrawing every tie at every step of the layout does not hold the page.
 */
export const MANY_TIES = 5_000;

let renderer = null;
let graph = null;
let peopleOnly = null; // what sigma draws while a large drawing is laid out
let drawing = null;
/** Where each person was last laid out, kept across drawings so that nobody moves. */
const positions = new Map();
const sideColour = new Map();
const listeners = { click: [] };

export function onPersonClick(listener) {
  listeners.click.push(listener);
}

export function currentGraph() {
  return graph;
}

export function currentDrawing() {
  return drawing;
}

export function currentRenderer() {
  return renderer;
}

/** The colour of a side; each side keeps its colour for the whole session. */
export function colourOfSide(side) {
  if (!side) return UNKNOWN;
  if (!sideColour.has(side)) sideColour.set(side, PALETTE[sideColour.size % PALETTE.length]);
  return sideColour.get(side);
}

export function colourOfCommunity(c) {
  return c < PALETTE.length ? PALETTE[c] : UNKNOWN;
}

function baseColour(a) {
  if (view.colourBy === 'community') return colourOfCommunity(a.community);
  if (view.colourBy === 'track') return TRACK_COLOURS[a.track] ?? UNKNOWN;
  return colourOfSide(a.side);
}

/** Whether a person passes the side, tag and year filters. */
function shown(a) {
  return (
    (!view.side || a.side === view.side) &&
    (!view.tag || a.tags.includes(view.tag)) &&
    (view.year === null || a.firstYear <= view.year)
  );
}

/** Which people (by index) pass the filters now; ties read it (their own attributes never change). */
let peopleShown = new Uint8Array(0);

/** Whether a tie is shown: both ends shown, met by the year drawn, or on a chain. */
function tieShown(edge, a) {
  if (a.added || view.chain.has(edge)) return true;
  return (view.year === null || a.firstYear <= view.year) && peopleShown[a.s] === 1 && peopleShown[a.t] === 1;
}

/** Node sizes for the chosen centrality: the square root of its share of the range. */
function sizes() {
  const values = drawing.people.map((p) => p[view.sizeBy] ?? 0);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const large = drawing.people.length > 2000 ? 9 : 14;
  return values.map((v) => (high > low ? 2.5 + large * Math.sqrt((v - low) / (high - low)) : 5));
}

function tieKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Remembers where everyone in the graph is now. */
function rememberPositions() {
  graph?.forEachNode((node, a) => positions.set(node, { x: a.x, y: a.y }));
}

/** Builds the graph of a drawing, keeping the positions of people drawn before. */
function build(answer) {
  const g = new Graph({ type: 'undirected', multi: false });
  const people = answer.people;
  const start = startingPositions(people, answer.communities);
  const keys = people.map((p) => p.person?.key ?? '');
  const brokers = new Set(answer.brokers);
  let kept = 0;
  people.forEach((p, i) => {
    const before = positions.get(keys[i]);
    if (before) kept += 1;
    g.addNode(keys[i], {
      x: before ? before.x : start[i].x,
      y: before ? before.y : start[i].y,
      label: p.person?.name ?? keys[i],
      side: p.person?.side ?? null,
      tags: p.person?.tags ?? [],
      community: answer.communities[i],
      track: answer.mainTracks[i],
      firstYear: answer.firstYears[i],
      broker: brokers.has(i),
      index: i,
      size: 4,
      color: UNKNOWN,
    });
  });
  const addTies = (ties, bridge) => {
    for (let t = 0; t < ties.source.length; t++) {
      const a = keys[ties.source[t]];
      const b = keys[ties.target[t]];
      const key = tieKey(a, b);
      if (g.hasEdge(key)) {
        if (bridge) g.setEdgeAttribute(key, 'bridge', true);
        continue;
      }
      g.addEdgeWithKey(key, a, b, {
        s: ties.source[t],
        t: ties.target[t],
        weight: ties.weight[t],
        firstYear: ties.firstYear[t],
        cross: ties.crossDivide[t],
        bridge,
        size: Math.min(6, 0.4 + Math.log2(ties.weight[t])),
        color: TIE,
      });
    }
  };
  addTies(answer.links, false);
  addTies(answer.bridges, true);
  // People new to the drawing start beside those they met.
  if (kept > 0) {
    g.forEachNode((node, a) => {
      if (positions.has(node)) return;
      let [x, y, n] = [0, 0, 0];
      g.forEachNeighbor(node, (m, b) => {
        if (positions.has(m)) {
          x += b.x;
          y += b.y;
          n += 1;
        }
      });
      if (n > 0) g.mergeNodeAttributes(node, { x: x / n + (a.x % 1), y: y / n + (a.y % 1) });
    });
  }
  return { graph: g, kept };
}

function nodeReducer(node, a) {
  if (!a.visible) return { ...a, hidden: true };
  const out = { ...a };
  const lit = view.highlighted;
  if (lit && !lit.has(node)) {
    out.color = FADED;
    out.label = '';
    out.zIndex = 0;
    return out;
  }
  if (view.brokers && a.broker) {
    out.color = BROKER;
    out.forceLabel = true;
  }
  if (view.searched.has(node) || (lit && lit.has(node))) {
    out.forceLabel = true;
    out.highlighted = true;
    out.zIndex = 2;
  }
  return out;
}

function edgeReducer(edge, a) {
  if (!tieShown(edge, a)) return { ...a, hidden: true };
  const out = { ...a };
  const lit = view.highlighted;
  if (view.chain.has(edge)) {
    out.color = PATH;
    out.size = 4;
    out.zIndex = 3;
    return out;
  }
  if (lit) {
    const [s, t] = graph.extremities(edge);
    if (!(lit.has(s) && lit.has(t))) return { ...out, color: FADED, zIndex: 0 };
    out.size = Math.max(a.size, 1.5);
  }
  if (view.brokers && a.bridge) {
    out.color = BRIDGE;
    out.size = Math.max(a.size, 3);
    out.zIndex = 2;
  } else if (a.cross) {
    out.color = CROSS_TIE;
    out.zIndex = 1;
  }
  return out;
}

/** Draws what `view` says: colours, sizes, what is shown; updates the figures. */
export function apply() {
  if (!graph) return { nodes: 0, edges: 0 };
  const counts = applyAttributes();
  if (peopleOnly) followPlaces();
  renderer?.scheduleRefresh();
  return counts;
}

/** Copies the people, as they are now, into the graph sigma draws during a layout. */
function followPlaces() {
  peopleOnly.updateEachNodeAttributes((node) => ({ ...graph.getNodeAttributes(node) }));
}

/** While a large drawing is laid out, sigma draws its people only. */
function drawPeopleOnly() {
  peopleOnly = new Graph({ type: 'undirected' });
  graph.forEachNode((node, a) => peopleOnly.addNode(node, { ...a }));
  graph.on('eachNodeAttributesUpdated', followPlaces);
  return peopleOnly;
}

/** Draws every tie again once the layout settles. */
function drawTiesAgain() {
  if (!peopleOnly) return;
  graph.removeListener('eachNodeAttributesUpdated', followPlaces);
  peopleOnly = null;
  renderer?.setGraph(graph);
}

/**
 * Sets what `view` says on the people's attributes (their size, colour and whether
 * they are shown) for the reducers; counts what is shown. Ties keep their
 * attributes: the edge reducer reads `peopleShown`.
 */
function applyAttributes() {
  const size = sizes();
  let nodes = 0;
  peopleShown = new Uint8Array(graph.order);
  graph.updateEachNodeAttributes((_, a) => {
    const visible = shown(a);
    if (visible) {
      nodes += 1;
      peopleShown[a.index] = 1;
    }
    return { ...a, visible, size: size[a.index], color: baseColour(a) };
  });
  let edges = 0;
  graph.forEachEdge((edge, a) => {
    if (!a.added && tieShown(edge, a)) edges += 1;
  });
  const element = $('graph');
  element.dataset.nodes = String(nodes);
  element.dataset.edges = String(edges);
  return { nodes, edges };
}

/** Draws a new answer of `drawing`; lays out when most people are new. */
export function draw(answer) {
  rememberPositions();
  const previous = graph;
  const started = performance.now();
  const built = build(answer);
  drawing = answer;
  graph = built.graph;
  view.highlighted = null;
  const counts = applyAttributes();
  performance.measure('explorer:build', { start: started });
  const container = $('graph');
  if (peopleOnly && previous) previous.removeListener('eachNodeAttributesUpdated', followPlaces);
  peopleOnly = null;
  const fresh = graph.order - built.kept;
  const layOut = !previous || fresh > graph.order / 5;
  const shown = layOut && graph.size > MANY_TIES ? drawPeopleOnly() : graph;
  if (!renderer) {
    renderer = new Sigma(shown, container, {
      nodeReducer,
      edgeReducer,
      zIndex: true,
      allowInvalidContainer: true,
      labelDensity: 0.08,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: 7,
      labelFont: 'system-ui, sans-serif',
      labelSize: 12,
      hideEdgesOnMove: graph.size > MANY_TIES,
      minCameraRatio: 0.02,
      maxCameraRatio: 10,
      defaultEdgeColor: TIE,
    });
    renderer.on('clickNode', ({ node }) => listeners.click.forEach((l) => l(node)));
    renderer.on('enterNode', ({ node, event }) => hover(node, event));
    renderer.on('leaveNode', () => hover(null));
    renderer.getMouseCaptor().on('mousemovebody', (event) => moveTooltip(event));
  } else {
    renderer.setGraph(shown);
    renderer.setSetting('hideEdgesOnMove', graph.size > MANY_TIES);
  }
  container.dataset.omitted = String(answer.omittedTies);
  container.dataset.highlighted = '0';
  performance.measure('explorer:render', { start: started });
  if (layOut) {
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    runLayout(graph, settledNow);
  } else {
    stopLayout();
  }
  return counts;
}

function hover(node, event) {
  const tip = $('tooltip');
  if (!node || !graph?.hasNode(node)) {
    tip.hidden = true;
    delete tip.dataset.person;
  } else {
    const a = graph.getNodeAttributes(node);
    tip.replaceChildren(
      Object.assign(document.createElement('strong'), { textContent: a.label }),
      document.createTextNode(` · ${a.side ?? 'side unknown'}`),
    );
    tip.dataset.person = node;
    tip.hidden = false;
    if (event) moveTooltip(event);
  }
  // sigma draws the hovered person itself, on its own layer: nothing to redraw here.
}

function moveTooltip(event) {
  const tip = $('tooltip');
  if (tip.hidden) return;
  tip.style.left = `${event.x + 14}px`;
  tip.style.top = `${event.y + 10}px`;
}

/** Marks the people whose name or key holds `text`; returns how many. */
export function search(text) {
  view.searched = new Set();
  const wanted = text.trim().toLowerCase();
  if (graph && wanted) {
    graph.forEachNode((node, a) => {
      if (a.visible && (a.label.toLowerCase().includes(wanted) || node.toLowerCase().includes(wanted))) {
        view.searched.add(node);
      }
    });
  }
  $('graph').dataset.selected = String(view.searched.size);
  renderer?.refresh({ skipIndexation: true });
  if (view.searched.size > 0 && view.searched.size <= 50) focus([...view.searched]);
  return view.searched.size;
}

/**
 * Highlights people (fading the rest), with extra ties for a chain whose steps
 * were not among the ties drawn; returns how many people are lit.
 */
export function highlight(keys, chainSteps = []) {
  clearHighlight(false);
  if (!graph) return 0;
  const lit = new Set(keys.filter((k) => graph.hasNode(k)));
  for (const [a, b] of chainSteps) {
    if (!graph.hasNode(a) || !graph.hasNode(b)) continue;
    const key = tieKey(a, b);
    view.chain.add(key);
    // A step through a tie too weak to be drawn is drawn for the chain.
    if (!graph.hasEdge(key)) {
      const [s, t] = [graph.getNodeAttribute(a, 'index'), graph.getNodeAttribute(b, 'index')];
      graph.addEdgeWithKey(key, a, b, { added: true, s, t, size: 4, color: PATH, weight: 1 });
    }
  }
  view.highlighted = lit;
  $('graph').dataset.highlighted = String(lit.size);
  apply();
  focus([...lit]);
  return lit.size;
}

export function clearHighlight(redraw = true) {
  view.highlighted = null;
  view.chain = new Set();
  if (graph) graph.filterEdges((_, a) => a.added).forEach((edge) => graph.dropEdge(edge));
  $('graph').dataset.highlighted = '0';
  if (redraw) apply();
}

/** Moves the camera to show the given people. */
export function focus(keys) {
  if (!renderer || !graph || keys.length === 0) return;
  // From the graph's own coordinates: display data are stale until the next render.
  const points = keys
    .filter((k) => graph.hasNode(k))
    .map((k) => renderer.viewportToFramedGraph(renderer.graphToViewport(graph.getNodeAttributes(k))));
  if (points.length === 0) return;
  const camera = renderer.getCamera();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const ratio = Math.min(1, Math.max(0.08, 1.4 * Math.max(maxX - minX, maxY - minY)));
  camera.animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration: 300 });
}

function settledNow() {
  drawTiesAgain();
  rememberPositions();
  renderer?.refresh();
}

/** Lays the drawing out again from where it is. */
export function relayout() {
  if (!graph) return;
  if (graph.size > MANY_TIES && !peopleOnly) renderer?.setGraph(drawPeopleOnly());
  runLayout(graph, settledNow);
}

/** Shows everyone drawn. */
export function fit() {
  renderer?.getCamera().animatedReset({ duration: 300 });
}

/**
 * A read-only look at the drawing, for tests and the browser console
 * (`window.explorer`): where a person is, how large, and what is marked.
 */
export const inspect = Object.freeze({
  /** The person's place in the layout (graph coordinates). */
  position(key) {
    if (!graph?.hasNode(key)) return null;
    const { x, y } = graph.getNodeAttributes(key);
    return { x, y };
  },
  /** The person's place on screen (pixels from the page's top left), or null when hidden. */
  onScreen(key) {
    if (!renderer || !graph?.hasNode(key) || !graph.getNodeAttribute(key, 'visible')) return null;
    const p = renderer.graphToViewport(graph.getNodeAttributes(key));
    const box = $('graph').getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  /** The person's drawn size and colour. */
  look(key) {
    if (!graph?.hasNode(key)) return null;
    const { size, color } = graph.getNodeAttributes(key);
    return { size, color };
  },
  /** The keys of the people shown, and of the marked brokers. */
  shownPeople: () => (graph ? graph.filterNodes((_, a) => a.visible) : []),
  brokers: () => (graph && view.brokers ? graph.filterNodes((_, a) => a.visible && a.broker) : []),
  /** Ties shown, and those of them across the divide, and bridges marked. */
  ties() {
    let [shown, cross, bridges] = [0, 0, 0];
    graph?.forEachEdge((edge, a) => {
      if (a.added || !tieShown(edge, a)) return;
      shown += 1;
      if (a.cross) cross += 1;
      if (a.bridge && view.brokers) bridges += 1;
    });
    return { shown, cross, bridges };
  },
  /** The camera: where it looks (framed graph coordinates) and its zoom ratio. */
  camera: () => renderer?.getCamera().getState() ?? null,
  /** The people whose labels are on screen now. */
  labelled: () => (renderer ? [...renderer.getNodeDisplayedLabels()] : []),
});
