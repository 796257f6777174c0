// The plan view: each measure of the plan with its status in the shared window and
// track, its meetings and how each of its target groups took part.

import { $, el, groupName, percent } from './dom.js';

const STATUS = { NOT_STARTED: 'not started', ON_TRACK: 'on track', UNDER_ENGAGED: 'under-engaged' };

function targetGroup(g) {
  const figure = g.suppressed
    ? 'withheld (small group)'
    : g.share === null || g.share === undefined
      ? 'no linked meeting in the window'
      : `${percent(g.share)} of participations, ${g.people ?? '–'} people`;
  return el(
    'li',
    { class: g.reachedAnywhere ? '' : 'never', 'data-group': g.group },
    `${groupName(g.group)}: ${figure}${g.reachedAnywhere ? '' : ' (never met in this window)'}`,
  );
}

export function drawPlan(plan) {
  const rows = plan.map((m) => {
    const measure = m.measure ?? { key: '?', title: 'a measure you cannot see', targetTags: [], targetSides: [], targetGenders: [] };
    const years = measure.startYear ? `${measure.startYear}–${measure.endYear ?? ''}` : '';
    return el(
      'tr',
      { 'data-measure': measure.key, 'data-status': m.status },
      el('td', { class: 'code' }, measure.code ?? ''),
      el('td', {}, el('strong', {}, measure.title), measure.category ? el('div', { class: 'category' }, measure.category) : null),
      el('td', {}, years),
      el('td', {}, el('span', { class: `status ${m.status.toLowerCase()}` }, STATUS[m.status] ?? m.status)),
      el('td', { class: 'number' }, String(m.meetings.totalCount)),
      el('td', {}, m.targetGroups.length ? el('ul', {}, ...m.targetGroups.map(targetGroup)) : 'no target groups'),
    );
  });
  const counts = {};
  for (const m of plan) counts[m.status] = (counts[m.status] || 0) + 1;
  $('plan-summary').textContent = plan.length
    ? `${plan.length} measures: ` + Object.entries(STATUS).map(([s, name]) => `${counts[s] || 0} ${name}`).join(', ')
    : 'The plan has no measures.';
  $('plan-rows').replaceChildren(...rows);
}
