// Coverage against targets, in the shared window and track: a chart per dimension
// (every tag is a group), targets the reader can change on the page (an editor can
// save them as a target set), the under-engaged groups and any group's trend per
// year. Bars carry data-dimension, data-group, data-share and data-target.

import { currentWindow, graphql } from './api.js';
import { $, el, groupName, percent } from './dom.js';

export const DIMENSIONS = [
  ['GENDER', 'Gender'],
  ['TAG', 'Groups (tags: women’s groups, youth, diaspora, displaced, border communities…)'],
  ['YOUTH', 'Age'],
  ['SIDE', 'Side of the divide'],
  ['COUNTRY', 'Country of residence'],
  ['ORGANISATION_KIND', 'Kind of organisation behind them'],
  ['TRACK', 'Track'],
  ['FORMAT', 'Meeting format'],
  ['ROLE', 'Role in the meeting'],
];

const GROUP = 'dimension group participations people participationShare target gap suppressed';

const COVERAGE = `query Coverage($since: Date, $until: Date, $filter: CoverageFilterInput, $targetSet: String, $targets: [TargetInput!]) {
  coverage(since: $since, until: $until, filter: $filter, targetSet: $targetSet, targets: $targets) {
    totals { participations meetings people suppressed }
    ${DIMENSIONS.map(([d]) => `${d}: byDimension(dimension: ${d}) { ${GROUP} }`).join('\n    ')}
    underEngaged { ${GROUP} }
    plan {
      measure { key code title category startYear endYear targetTags targetSides targetGenders }
      status participations targetPeople targetsNeverMet
      meetings(first: 1) { totalCount }
      targetGroups { dimension group participations people share reachedAnywhere suppressed }
    }
  }
  targetSets { name }
}`;

const TRENDS = `query Trends($since: Date, $until: Date, $filter: CoverageFilterInput, $targetSet: String, $targets: [TargetInput!], $dimension: CoverageDimension!) {
  coverage(since: $since, until: $until, filter: $filter, targetSet: $targetSet, targets: $targets) {
    trends(dimension: $dimension) { year groups { group people participationShare target gap suppressed } }
  }
}`;

const SAVE = `mutation Save($name: String!, $targets: [TargetInput!]!) {
  saveTargetSet(name: $name, targets: $targets) { name targets { dimension group share } }
}`;

/** Targets changed on the page, by "DIMENSION:group"; null removes a target. */
const edited = new Map();
let last = null; // the last answer

function variables(extra = {}) {
  const window = currentWindow();
  const targets = [...edited].filter(([, share]) => share !== null).map(([key, share]) => {
    const [dimension, ...group] = key.split(':');
    return { dimension, group: group.join(':'), share };
  });
  return {
    since: window.since,
    until: window.until,
    filter: window.track ? { track: window.track } : null,
    targetSet: $('target-set').value || null,
    targets: targets.length ? targets : null,
    ...extra,
  };
}

function bar(group) {
  const track = el('div', { class: 'track' });
  const row = el('div', { class: 'row', 'data-dimension': group.dimension, 'data-group': group.group });
  const name = el('span', { class: 'name' }, groupName(group.group));
  const figure = el('span', { class: 'figure' });
  if (group.suppressed) {
    figure.textContent = 'withheld (small group)';
    figure.classList.add('withheld');
  } else {
    const share = group.participationShare ?? 0;
    const fill = el('div', {
      class: `bar${group.gap !== null && group.gap < 0 ? ' short' : ''}`,
      'data-dimension': group.dimension,
      'data-group': group.group,
      'data-share': String(group.participationShare ?? ''),
      'data-target': group.target ?? undefined,
      style: `width:${Math.min(100, share * 100)}%`,
    });
    track.append(fill);
    if (group.target !== null && group.target !== undefined) {
      track.append(el('div', { class: 'target', style: `left:${group.target * 100}%`, title: `target ${percent(group.target)}` }));
    }
    figure.textContent = `${percent(group.participationShare)} · ${group.people ?? '–'} people`;
  }
  const target = el('input', {
    type: 'number',
    class: 'target-input',
    min: 0,
    max: 100,
    step: 1,
    placeholder: 'target %',
    title: `target share for ${groupName(group.group)} (% of participations)`,
    'data-dimension': group.dimension,
    'data-group': group.group,
    value: group.target === null || group.target === undefined ? '' : String(Math.round(group.target * 1000) / 10),
  });
  target.addEventListener('change', () => {
    const text = target.value.trim();
    const share = text === '' ? null : Math.min(100, Math.max(0, Number(text))) / 100;
    edited.set(`${group.dimension}:${group.group}`, share);
    loadCoverage();
  });
  row.append(name, track, figure, target);
  return row;
}

function drawCharts(coverage) {
  const charts = $('coverage-groups');
  charts.replaceChildren(
    ...DIMENSIONS.map(([dimension, title]) => {
      const groups = coverage[dimension];
      return el(
        'section',
        { class: 'chart', 'data-dimension': dimension },
        el('h3', {}, title),
        groups.length ? el('div', {}, ...groups.map(bar)) : el('p', { class: 'empty' }, 'no participation in this window'),
      );
    }),
  );
  const totals = coverage.totals;
  $('coverage-totals').textContent = totals.suppressed
    ? 'Totals withheld: too few people to show.'
    : `${totals.participations} participations by ${totals.people} people in ${totals.meetings} meetings`;
  const under = $('under-engaged');
  under.replaceChildren(
    ...(coverage.underEngaged.length
      ? coverage.underEngaged.map((g) =>
          el('li', { 'data-dimension': g.dimension, 'data-group': g.group },
            `${groupName(g.group)} (${groupName(g.dimension)}): ${percent(g.participationShare)} against a target of ${percent(g.target)}`),
        )
      : [el('li', { class: 'empty' }, 'No group with a target falls short in this window.')]),
  );
  fillTrendGroups(coverage);
}

function fillTrendGroups(coverage) {
  const select = $('trend-group');
  const current = select.value || 'GENDER:FEMALE';
  const options = [];
  for (const [dimension, title] of DIMENSIONS) {
    const group = el('optgroup', { label: title.split(' (')[0] });
    for (const g of coverage[dimension]) group.append(el('option', { value: `${dimension}:${g.group}` }, groupName(g.group)));
    if (group.children.length) options.push(group);
  }
  select.replaceChildren(...options);
  select.value = [...select.options].some((o) => o.value === current) ? current : select.options[0]?.value ?? '';
}

export async function loadTrend() {
  const [dimension, ...rest] = ($('trend-group').value || 'GENDER:FEMALE').split(':');
  const group = rest.join(':');
  const data = await graphql(TRENDS, variables({ dimension }));
  const years = $('coverage-years');
  years.replaceChildren(
    ...data.coverage.trends.map((year) => {
      const g = year.groups.find((x) => x.group === group) ?? { dimension, group, participationShare: 0, target: null, gap: null, suppressed: false };
      const row = bar({ ...g, dimension, group });
      row.querySelector('.name').textContent = String(year.year);
      row.querySelector('.target-input')?.remove();
      row.dataset.year = String(year.year);
      return row;
    }),
  );
  $('trend-title').textContent = `${groupName(group)}: share of participations, per year`;
}

/** Coverage and the plan for the shared window. */
export function fetchCoverage() {
  return graphql(COVERAGE, variables());
}

/** Loads and draws coverage (after a target changed); returns the answer. */
export async function loadCoverage() {
  const data = await fetchCoverage();
  await showCoverage(data);
  return data.coverage;
}

/** Draws an answer of `fetchCoverage`. */
export async function showCoverage(data) {
  last = data.coverage;
  const sets = $('target-set');
  const chosen = sets.value;
  sets.replaceChildren(el('option', { value: '' }, 'default'), ...data.targetSets.filter((s) => s.name !== 'default').map((s) => el('option', { value: s.name }, s.name)));
  sets.value = [...sets.options].some((o) => o.value === chosen) ? chosen : '';
  drawCharts(last);
  await loadTrend();
}

/** Every target shown now (the set's, with the page's changes). */
function targetsShown() {
  const out = [];
  for (const [dimension] of DIMENSIONS) {
    for (const g of last?.[dimension] ?? []) {
      if (g.target !== null && g.target !== undefined) out.push({ dimension, group: g.group, share: g.target });
    }
  }
  return out;
}

export async function saveTargets() {
  const name = $('target-name').value.trim();
  const result = $('target-result');
  if (!name) {
    result.textContent = 'Name the target set first.';
    return;
  }
  try {
    const saved = (await graphql(SAVE, { name, targets: targetsShown() })).saveTargetSet;
    edited.clear();
    $('target-set').append(el('option', { value: saved.name }, saved.name));
    $('target-set').value = saved.name;
    result.textContent = `Saved “${saved.name}” with ${saved.targets.length} targets.`;
    result.dataset.saved = saved.name;
    await loadCoverage();
  } catch (error) {
    result.textContent = `Not saved: ${error.message}`;
  }
}

/** Forgets targets changed on the page (a new target set was chosen). */
export function forgetEdits() {
  edited.clear();
}
