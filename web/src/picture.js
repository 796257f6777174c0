// Takes the current view away as a picture: SVG (nodes, ties and the labels on
// screen, as placed now) and PNG (the same picture rasterised at twice the size).

import { $, save } from './dom.js';
import { currentGraph, currentRenderer } from './network.js';

const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The view as SVG text, with its width and height. */
export function toSvg() {
  const renderer = currentRenderer();
  const graph = currentGraph();
  const { width, height } = renderer.getDimensions();
  const at = (node) => {
    const d = renderer.getNodeDisplayData(node);
    if (!d || d.hidden) return null;
    const p = renderer.framedGraphToViewport(d);
    return { x: p.x, y: p.y, r: renderer.scaleSize(d.size), colour: d.color, label: d.label };
  };
  const points = new Map();
  graph.forEachNode((node) => {
    const p = at(node);
    if (p) points.set(node, p);
  });
  const ties = [];
  graph.forEachEdge((edge, a, s, t) => {
    const d = renderer.getEdgeDisplayData(edge);
    const from = points.get(s);
    const to = points.get(t);
    if (!d || d.hidden || !from || !to) return;
    ties.push(
      `<line x1="${from.x.toFixed(1)}" y1="${from.y.toFixed(1)}" x2="${to.x.toFixed(1)}" y2="${to.y.toFixed(1)}" stroke="${d.color}" stroke-width="${Math.max(0.5, renderer.scaleSize(d.size)).toFixed(2)}" stroke-opacity="0.8"/>`,
    );
  });
  const nodes = [...points.values()].map(
    (p) => `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${Math.max(1, p.r).toFixed(2)}" fill="${p.colour}"/>`,
  );
  const labels = [...renderer.getNodeDisplayedLabels()]
    .map((node) => points.get(node))
    .filter((p) => p && p.label)
    .map((p) => `<text x="${(p.x + p.r + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}">${escape(p.label)}</text>`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<g class="ties">${ties.join('')}</g><g class="people">${nodes.join('')}</g>` +
    `<g class="labels" font-family="system-ui, sans-serif" font-size="12" fill="#222">${labels.join('')}</g></svg>`;
  return { svg, width, height, people: nodes.length, ties: ties.length };
}

export function exportSvg() {
  const { svg, people, ties } = toSvg();
  $('picture-result').textContent = `SVG of ${people} people and ${ties} ties`;
  save(new Blob([svg], { type: 'image/svg+xml' }), 'peacenet-network.svg');
}

export async function exportPng() {
  const { svg, width, height } = toSvg();
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error('the picture could not be drawn'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    $('picture-result').textContent = `PNG of ${width * 2} × ${height * 2} pixels`;
    save(blob, 'peacenet-network.png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
