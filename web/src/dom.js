// Small DOM and formatting helpers shared by the explorer's modules.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (`class`, `data-*`, properties) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('data-')) node.setAttribute(name, String(value));
    else if (name in node) node[name] = value;
    else node.setAttribute(name, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A share as a whole percentage; a dash when there is none. */
export function percent(share) {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;
}

/** Enum-valued groups come as the API's enum names (FEMALE, TRACK_1_5); shown as words. */
export function groupName(group) {
  if (group === 'TRACK_1_5') return 'track 1.5';
  return /^[A-Z0-9_]+$/.test(group) ? group.toLowerCase().replaceAll('_', ' ') : group;
}

export const TRACK_NAMES = {
  TRACK_1: 'Track 1 (official)',
  TRACK_1_5: 'Track 1.5 (experts, former officials)',
  TRACK_2: 'Track 2 (civil society)',
  TRACK_3: 'Track 3 (grassroots)',
};

/** Says `text` in the status line. */
export function say(text) {
  $('status').textContent = text;
}

/** Saves `blob` as a file called `name`. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
