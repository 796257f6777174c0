// The chain of acquaintance between two people, asked by name (with autocomplete
// from the people drawn) or by key, in the shared window and track.
// #path-result carries data-length once a chain is found (-1: not connected).

import { currentWindow, graphql } from './api.js';
import { $, el } from './dom.js';
import { clearHighlight, currentDrawing, highlight } from './network.js';

const CHAIN = `query Chain($from: ID!, $to: ID!, $since: Date, $until: Date, $track: Track) {
  chainOfAcquaintance(from: $from, to: $to, since: $since, until: $until, track: $track) {
    length
    people { key name }
    steps { meeting { title startDate } }
  }
}`;

/** Fills the autocomplete with the people drawn: the name, or name and key where names repeat. */
export function fillNames() {
  const drawing = currentDrawing();
  const people = drawing ? drawing.people.map((p) => p.person).filter(Boolean) : [];
  const counts = new Map();
  for (const p of people) counts.set(p.name, (counts.get(p.name) || 0) + 1);
  $('people').replaceChildren(
    ...people
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => el('option', { value: counts.get(p.name) > 1 ? `${p.name} (${p.key})` : p.name, label: p.side ?? '' })),
  );
}

/** The key a typed name or key stands for; null when none or several match. */
export function resolvePerson(text) {
  const wanted = text.trim();
  if (!wanted) return null;
  const people = (currentDrawing()?.people ?? []).map((p) => p.person).filter(Boolean);
  const byKey = people.find((p) => p.key === wanted);
  if (byKey) return byKey.key;
  const suffix = /\(([^()]+)\)\s*$/.exec(wanted);
  if (suffix && people.some((p) => p.key === suffix[1])) return suffix[1];
  const named = people.filter((p) => p.name.toLowerCase() === wanted.toLowerCase());
  if (named.length === 1) return named[0].key;
  const partly = people.filter((p) => p.name.toLowerCase().includes(wanted.toLowerCase()));
  return partly.length === 1 ? partly[0].key : wanted; // the API says when a key is unknown
}

export function clearChain() {
  clearHighlight();
  const result = $('path-result');
  delete result.dataset.length;
  result.textContent = '';
}

export async function findChain() {
  const result = $('path-result');
  clearChain();
  const from = resolvePerson($('path-from').value);
  const to = resolvePerson($('path-to').value);
  if (!from || !to) {
    result.textContent = 'Give two people.';
    return;
  }
  const window = currentWindow();
  if (window.problem) {
    result.textContent = `No chain: ${window.problem}.`;
    return;
  }
  result.textContent = 'Looking…';
  try {
    const data = await graphql(CHAIN, { from, to, since: window.since, until: window.until, track: window.track });
    const chain = data.chainOfAcquaintance;
    if (!chain) {
      result.textContent = 'These two are not connected in this window.';
      result.dataset.length = '-1';
      return;
    }
    const keys = chain.people.map((p) => p.key);
    const names = chain.people.map((p) => p.name);
    const via = chain.steps.map((s) => (s.meeting ? `${s.meeting.title} (${s.meeting.startDate})` : 'a meeting'));
    result.textContent = chain.length === 0 ? `${names[0]} is the same person.` : `${names.join(' → ')}, via ${via.join('; ')}`;
    result.dataset.length = String(chain.length);
    highlight(keys, keys.slice(1).map((k, i) => [keys[i], k]));
  } catch (error) {
    result.textContent = error.message;
  }
}
