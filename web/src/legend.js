// The legend, drawn over the graph so it is always in view: what the colours, the
// sizes and the tie widths mean, and how many ties were left out.

import { $, TRACK_NAMES, el } from './dom.js';
import {
  BRIDGE, BROKER, CROSS_TIE, TIE, TRACK_COLOURS, UNKNOWN, colourOfCommunity, colourOfSide, currentDrawing, view,
} from './network.js';

const SIZE_NAMES = {
  betweenness: 'betweenness (how often they are on the shortest way between others)',
  degree: 'degree (people met)',
  weightedDegree: 'meetings shared with others',
  closeness: 'closeness (how near everyone else they are)',
  eigenvector: 'eigenvector (met people who are well connected)',
};

function swatch(colour, text, shape = 'dot') {
  return el('li', {}, el('i', { class: shape, style: `background:${colour}` }), text);
}

export function drawLegend() {
  const drawing = currentDrawing();
  const legend = $('legend');
  if (!drawing) {
    legend.replaceChildren();
    return;
  }
  const colours = el('ul', { class: 'colours' });
  if (view.colourBy === 'community') {
    const counts = new Map();
    for (const c of drawing.communities) counts.set(c, (counts.get(c) || 0) + 1);
    const shown = [...counts.keys()].sort((a, b) => a - b);
    for (const c of shown.slice(0, 12)) colours.append(swatch(colourOfCommunity(c), `community ${c + 1} (${counts.get(c)})`));
    if (shown.length > 12) colours.append(swatch(UNKNOWN, `${shown.length - 12} smaller communities`));
  } else if (view.colourBy === 'track') {
    for (const [track, name] of Object.entries(TRACK_NAMES)) colours.append(swatch(TRACK_COLOURS[track], name));
    colours.append(swatch(UNKNOWN, 'track not recorded'));
  } else {
    const sides = [...new Set(drawing.people.map((p) => p.person?.side).filter(Boolean))].sort();
    for (const side of sides) colours.append(swatch(colourOfSide(side), side));
    colours.append(swatch(UNKNOWN, 'side unknown'));
  }
  const ties = el(
    'ul',
    { class: 'ties' },
    swatch(TIE, 'met in a meeting (wider: more meetings shared)', 'line'),
    swatch(CROSS_TIE, 'a tie across the divide (two sides, neither international)', 'line'),
  );
  if (view.brokers) {
    ties.append(swatch(BROKER, 'broker: without them a group is cut off'), swatch(BRIDGE, 'bridge: the only tie between two groups', 'line'));
  }
  const heading = { side: 'Colour: side', community: 'Colour: community (Louvain)', track: 'Colour: the track of most of their meetings' }[view.colourBy];
  const notes = [];
  if (drawing.omittedTies > 0) {
    notes.push(
      el('p', { class: 'omitted', id: 'omitted-note' },
        `Showing the ${drawing.links.source.length.toLocaleString()} strongest of ${drawing.totalTies.toLocaleString()} ties; ` +
          `${drawing.omittedTies.toLocaleString()} weaker ties are left out.`),
    );
  }
  if (!drawing.betweennessExact) {
    notes.push(el('p', { class: 'omitted' }, `Betweenness estimated from ${drawing.betweennessSources} sampled people.`));
  }
  legend.replaceChildren(
    el('h2', {}, heading),
    colours,
    el('p', { class: 'size' }, `Size: ${SIZE_NAMES[view.sizeBy] ?? view.sizeBy}`),
    ties,
    ...notes,
  );
}
