// The downloads (Gephi, GraphML, Kumu, the data bundle), for the shared window and
// track, offered only to readers whose role may take them; a refusal says why.

import { apiKey, authorised, currentWindow } from './api.js';
import { $, save, say } from './dom.js';

/** Shows the downloads to readers who may use them; says who may otherwise. */
export function offerDownloads(me) {
  const allowed = Boolean(me?.mayExport);
  $('download-links').hidden = !allowed;
  const note = $('download-note');
  note.hidden = allowed;
  note.textContent = allowed
    ? ''
    : `Downloads carry names, so they need an analyst's key or better; you read as ${me ? me.role.toLowerCase() : 'the public'}.`;
  $('downloads').dataset.offered = String(allowed);
}

/** Points the links at the shared window and track. */
export function updateDownloads() {
  const window = currentWindow();
  const query = new URLSearchParams();
  if (window.since) query.set('since', window.since);
  if (window.until) query.set('until', window.until);
  if (window.track) query.set('track', window.track);
  const suffix = query.toString() ? `?${query}` : '';
  for (const link of document.querySelectorAll('#download-links a')) {
    link.href = link.getAttribute('href').split('?')[0] + suffix;
  }
}

/** Downloads with the API key (a plain link cannot send it); says why when refused. */
export async function download(event) {
  event.preventDefault();
  const link = event.currentTarget;
  const response = await fetch(link.href, { headers: authorised({}) });
  const result = $('download-result');
  if (!response.ok) {
    let message = await response.text();
    try {
      message = JSON.parse(message).errors?.[0]?.message ?? message;
    } catch {
      // plain text
    }
    const why =
      response.status === 403
        ? `refused: ${message}`
        : response.status === 401
          ? `refused: the service ${apiKey() ? 'did not accept this key' : 'needs a key'}`
          : `failed (${response.status}): ${message}`;
    result.textContent = `The download was ${why}`;
    result.dataset.status = String(response.status);
    say(result.textContent);
    return;
  }
  result.textContent = '';
  delete result.dataset.status;
  save(await response.blob(), link.href.split('/').pop().split('?')[0]);
}
