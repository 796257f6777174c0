// The explorer's only way to the service: GraphQL over HTTP with the reader's API key
// (kept for this browser tab only), and the window every view shares.

import { $ } from './dom.js';

/** The service refused the key (HTTP 401). */
export class KeyRefused extends Error {}

/** The service refused the request for the reader's role (FORBIDDEN). */
export class Refused extends Error {}

export function apiKey() {
  return sessionStorage.getItem('peacenet-key') || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem('peacenet-key', key);
  else sessionStorage.removeItem('peacenet-key');
}

export function authorised(headers = {}) {
  const key = apiKey();
  return key ? { ...headers, Authorization: `Bearer ${key}` } : headers;
}

export async function graphql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: authorised({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    throw new KeyRefused(
      apiKey()
        ? 'the service refused this API key: check it, or clear it to read as the public'
        : 'the service needs an API key: enter one above',
    );
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`the service answered ${response.status} without a GraphQL answer`);
  }
  if (body.errors && body.errors.length) {
    const message = body.errors.map((e) => e.message).join('; ');
    const error = body.errors.some((e) => e.extensions?.code === 'FORBIDDEN') ? new Refused(message) : new Error(message);
    error.errors = body.errors; // for a caller that reads the extensions (the import page's problems)
    throw error;
  }
  return body.data;
}

/**
 * The window every view shares: the dates (start dates, inclusive) and the track.
 * `problem` is set when the dates cannot make a window.
 */
export function currentWindow() {
  const since = $('since').value || null;
  const until = $('until').value || null;
  const track = $('track').value || null;
  const problem =
    since && until && since > until
      ? `the window ends (${until}) before it starts (${since}): pick an "Until" on or after "From"`
      : null;
  return { since, until, track, problem };
}
