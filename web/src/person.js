// The person panel: opened by a click on a node, it shows the person's groups,
// organisations, meetings in the window, centralities and strongest ties drawn, and
// offers their ego network (1 to 3 steps) in one click.

import { currentWindow, graphql } from './api.js';
import { $, el, groupName } from './dom.js';
import { currentDrawing, currentGraph, focus, highlight } from './network.js';

const PERSON = `query Person($id: ID!) {
  person(id: $id) {
    key name side gender country birthYear tags sensitive
    organisations(first: 20) { nodes { key name kind } totalCount }
  }
}`;

const MEETINGS = `query Meetings($id: ID!, $after: String) {
  person(id: $id) { meetings(first: 100, after: $after) { nodes { key title startDate track } pageInfo { hasNextPage endCursor } } }
}`;

/** Every meeting of the person (at most 2,000), a page at a time. */
async function meetingsOf(key) {
  const out = [];
  let after = null;
  for (let page = 0; page < 20; page++) {
    const found = (await graphql(MEETINGS, { id: key, after })).person?.meetings;
    if (!found) break;
    out.push(...found.nodes);
    if (!found.pageInfo.hasNextPage) break;
    after = found.pageInfo.endCursor;
  }
  return out;
}

const EGO = `query Ego($person: ID!, $steps: Int!, $since: Date, $until: Date, $track: Track) {
  analytics(since: $since, until: $until, track: $track) {
    egoNetwork(person: $person, steps: $steps) { people { person { key } distance } }
  }
}`;

const MEASURES = [
  ['degree', 'people met'],
  ['weightedDegree', 'meetings shared'],
  ['betweenness', 'betweenness'],
  ['closeness', 'closeness'],
  ['eigenvector', 'eigenvector'],
];

let shown = null; // the key in the panel

export function closePanel() {
  shown = null;
  $('person').hidden = true;
  delete $('person').dataset.person;
}

/** The strongest ties drawn of `key`, most shared meetings first. */
function topContacts(key, count) {
  const graph = currentGraph();
  if (!graph?.hasNode(key)) return [];
  const out = [];
  graph.forEachEdge(key, (edge, a, source, target) => {
    if (a.added) return;
    const other = source === key ? target : source;
    out.push({ key: other, name: graph.getNodeAttribute(other, 'label'), weight: a.weight });
  });
  return out.sort((x, y) => y.weight - x.weight || x.name.localeCompare(y.name)).slice(0, count);
}

function inWindow(meeting, window) {
  return (
    (!window.since || meeting.startDate >= window.since) &&
    (!window.until || meeting.startDate <= window.until) &&
    (!window.track || meeting.track === window.track)
  );
}

export async function openPanel(key) {
  shown = key;
  const panel = $('person');
  panel.hidden = false;
  panel.dataset.person = key;
  panel.dataset.state = 'loading';
  const body = $('person-body');
  body.replaceChildren(el('p', {}, 'Loading…'));
  const window = currentWindow();
  let person;
  let all = [];
  try {
    [person, all] = await Promise.all([graphql(PERSON, { id: key }).then((d) => d.person), meetingsOf(key)]);
  } catch (error) {
    body.replaceChildren(el('p', { class: 'problem' }, `Could not load this person: ${error.message}`));
    panel.dataset.state = 'error';
    return;
  }
  if (shown !== key) return;
  if (!person) {
    body.replaceChildren(el('p', { class: 'problem' }, 'This person is not visible to you.'));
    panel.dataset.state = 'error';
    return;
  }
  const drawing = currentDrawing();
  const index = drawing.people.findIndex((p) => p.person?.key === key);
  const figures = index >= 0 ? drawing.people[index] : null;
  const meetings = all.filter((m) => inWindow(m, window));
  const groups = [
    person.side && `side: ${person.side}`,
    person.gender && `gender: ${groupName(person.gender)}`,
    person.country && `country: ${person.country}`,
    person.birthYear && `born ${person.birthYear}`,
    ...person.tags,
  ].filter(Boolean);
  $('person-name').textContent = person.name;
  body.replaceChildren(
    el('p', { class: 'groups', id: 'person-groups' }, groups.length ? groups.join(' · ') : 'no groups recorded'),
    el('h3', {}, 'Organisations'),
    person.organisations.nodes.length
      ? el('ul', { id: 'person-organisations' }, ...person.organisations.nodes.map((o) => el('li', {}, `${o.name} (${groupName(o.kind)})`)))
      : el('p', { id: 'person-organisations' }, 'none recorded'),
    el('h3', {}, `Meetings in this window (${meetings.length})`),
    el(
      'ul',
      { id: 'person-meetings', class: 'meetings' },
      ...meetings.slice(0, 30).map((m) => el('li', {}, `${m.startDate} ${m.title}`)),
      meetings.length > 30 ? el('li', {}, `and ${meetings.length - 30} more`) : null,
    ),
    el('h3', {}, 'Centralities'),
    figures
      ? el(
          'table',
          { id: 'person-centralities' },
          ...MEASURES.map(([field, name]) =>
            el('tr', { 'data-measure': field }, el('th', {}, name), el('td', {}, formatFigure(figures[field]))),
          ),
          el('tr', {}, el('th', {}, 'community'), el('td', {}, String(drawing.communities[index] + 1))),
        )
      : el('p', {}, 'not drawn in this window'),
    el('h3', {}, 'Strongest ties'),
    el(
      'ol',
      { id: 'person-contacts' },
      ...topContacts(key, 8).map((c) => {
        const button = el('button', { type: 'button', class: 'link' }, c.name);
        button.addEventListener('click', () => openPanel(c.key));
        return el('li', {}, button, ` · ${c.weight} meeting${c.weight === 1 ? '' : 's'}`);
      }),
    ),
  );
  panel.dataset.state = 'ready';
  focus([key]);
}

function formatFigure(value) {
  if (value === null || value === undefined) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** Lights up the shown person's ego network of `steps` steps. */
export async function showEgo(steps) {
  if (!shown) return;
  const window = currentWindow();
  const result = $('ego-result');
  try {
    const data = await graphql(EGO, { person: shown, steps, since: window.since, until: window.until, track: window.track });
    const keys = data.analytics.egoNetwork.people.map((p) => p.person?.key).filter(Boolean);
    const lit = highlight(keys);
    result.textContent = `${lit} people within ${steps} step${steps === 1 ? '' : 's'}`;
    result.dataset.size = String(lit);
  } catch (error) {
    result.textContent = error.message;
  }
}
