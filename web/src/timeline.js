// The time slider: steps through the years of the window (the API's `evolution`),
// drawing the network as it stood at the end of each year; play runs through them.
// #timeline carries data-year (empty: the whole window).

import { currentWindow, graphql } from './api.js';
import { $, percent } from './dom.js';
import { apply, view } from './network.js';

const EVOLUTION = `query Evolution($since: Date, $until: Date, $track: Track) {
  analytics(since: $since, until: $until, track: $track) {
    evolution { year people ties largestComponentShare crossDivideShare meanDegree }
  }
}`;

const STEP_MS = 900;
let years = [];
let playing = null;

/** The network's figures year by year, for `window`. */
export async function fetchEvolution(window) {
  const data = await graphql(EVOLUTION, { since: window.since, until: window.until, track: window.track });
  return data.analytics.evolution;
}

/** Sets the slider to the years of an answer of `fetchEvolution`. */
export function showEvolution(evolution) {
  stop();
  years = evolution;
  const slider = $('year');
  slider.disabled = years.length < 2;
  slider.min = years.length ? String(years[0].year) : '0';
  slider.max = years.length ? String(years[years.length - 1].year) : '0';
  slider.value = slider.max;
  showYear(null);
}

function describe(figures, whole) {
  if (!figures) return 'No meetings in this window.';
  const when = whole ? `Whole window (to ${figures.year})` : `By the end of ${figures.year}`;
  return `${when}: ${figures.people} people, ${figures.ties} ties, largest group ${percent(figures.largestComponentShare)} of people, ` +
    `${percent(figures.crossDivideShare)} of ties across the divide`;
}

/** Draws the network at the end of `year` (null: the whole window). */
export function showYear(year) {
  const last = years[years.length - 1];
  const whole = year === null || (last && year >= last.year);
  const changed = view.year !== (whole ? null : year);
  view.year = whole ? null : year;
  const figures = whole ? last : years.find((y) => y.year === year);
  $('timeline').dataset.year = whole ? '' : String(year);
  $('year-figures').textContent = describe(figures, whole);
  $('year-label').textContent = whole ? 'all years' : String(year);
  if (changed) apply();
}

export function onSlide() {
  stop();
  showYear(Number($('year').value));
}

function stop() {
  if (playing) clearInterval(playing);
  playing = null;
  $('play').textContent = '▶ Play';
  $('timeline').dataset.playing = 'false';
}

export function togglePlay() {
  if (playing) return stop();
  if (years.length < 2) return;
  const slider = $('year');
  let index = 0;
  showYear(years[0].year);
  slider.value = String(years[0].year);
  $('play').textContent = '❚❚ Pause';
  $('timeline').dataset.playing = 'true';
  playing = setInterval(() => {
    index += 1;
    if (index >= years.length) {
      stop();
      return;
    }
    slider.value = String(years[index].year);
    showYear(index === years.length - 1 ? null : years[index].year);
  }, STEP_MS);
}
