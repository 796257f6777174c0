// The force layout: ForceAtlas2 in a web worker, from starting positions that
// place each community in its own region, stopped once the drawing settles.
// #graph[data-layout] is "running" while it moves and "settled" after.

import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { $ } from './dom.js';

const SAMPLE_MS = 400;
/** The layout runs at least this long before it may be called settled. */
const MIN_MS = 1500;
/** Mean movement per sample, as a share of the drawing's extent, below which it has settled. */
const STILL = 0.0015;

let running = null; // { layout, timer }

/** A repeatable pseudo-random number in [0, 1) for `i` (positions do not change between loads). */
function noise(i) {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/**
 * Starting positions: communities (largest first) around a spiral, each person in
 * a disc as large as the community needs.
 */
export function startingPositions(people, communities) {
  const sizes = new Map();
  for (const c of communities) sizes.set(c, (sizes.get(c) || 0) + 1);
  const centres = new Map();
  let angle = 0;
  let radius = 0;
  for (const [c, size] of [...sizes].sort((a, b) => b[1] - a[1])) {
    centres.set(c, { x: radius * Math.cos(angle), y: radius * Math.sin(angle), r: Math.sqrt(size) * 4 });
    radius += Math.sqrt(size) * 3 + 6;
    angle += 2.4; // about the golden angle
  }
  return people.map((_, i) => {
    const centre = centres.get(communities[i]) ?? { x: 0, y: 0, r: 10 };
    const r = centre.r * Math.sqrt(noise(i));
    const a = 2 * Math.PI * noise(i + 0.5);
    return { x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) };
  });
}

function extent(graph) {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  graph.forEachNode((_, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  return Math.max(maxX - minX, maxY - minY, 1e-9);
}

/** Stops the layout where it is. */
export function stopLayout() {
  if (!running) return;
  clearInterval(running.timer);
  running.layout.kill();
  running = null;
  $('graph').dataset.layout = 'settled';
}

/** Runs ForceAtlas2 on `graph` until it settles or `maxMs` pass; calls `onSettled` then. */
export function runLayout(graph, onSettled = () => {}) {
  stopLayout();
  if (graph.order < 2) {
    $('graph').dataset.layout = 'settled';
    onSettled();
    return;
  }
  const inferred = forceAtlas2.inferSettings(graph);
  const layout = new FA2Layout(graph, {
    settings: { ...inferred, gravity: 2, barnesHutOptimize: graph.order > 300, adjustSizes: false, edgeWeightInfluence: 0.5 },
    getEdgeWeight: 'weight',
  });
  const maxMs = Math.min(20_000, 3_000 + graph.order * 3);
  const started = performance.now();
  let last = new Map();
  graph.forEachNode((n, a) => last.set(n, [a.x, a.y]));
  const timer = setInterval(() => {
    let moved = 0;
    const next = new Map();
    graph.forEachNode((n, a) => {
      const [x, y] = last.get(n) ?? [a.x, a.y];
      moved += Math.hypot(a.x - x, a.y - y);
      next.set(n, [a.x, a.y]);
    });
    last = next;
    const still = moved / graph.order / extent(graph) < STILL;
    const elapsed = performance.now() - started;
    if ((still && elapsed > MIN_MS) || elapsed > maxMs) {
      stopLayout();
      onSettled();
    }
  }, SAMPLE_MS);
  running = { layout, timer };
  $('graph').dataset.layout = 'running';
  layout.start();
}
