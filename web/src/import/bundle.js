// Turns the files chosen on the import page into the API's BundleInput: CSV files
// matched by name, or one zip or workbook sent whole as base64.

/** The bundle's files and the BundleInput field each goes in, in the bundle's order. */
export const BUNDLE_FILES = [
  ['organisations.csv', 'organisations'],
  ['people.csv', 'people'],
  ['affiliations.csv', 'affiliations'],
  ['meetings.csv', 'meetings'],
  ['participations.csv', 'participations'],
  ['meeting_organisations.csv', 'meetingOrganisations'],
  ['measures.csv', 'measures'],
  ['meeting_measures.csv', 'meetingMeasures'],
];
const FIELD_OF = new Map(BUNDLE_FILES);

const baseName = (path) => path.split('/').pop();
const extension = (path) => (/\.([^./]+)$/.exec(path)?.[1] ?? '').toLowerCase();

/** The bytes of `file` as base64. */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * What the chosen files make: `{ input, kind, used: [{ path, file }], ignored:
 * [{ path, why }] }`, kind being "csv", "zip" or "workbook". Throws an Error saying
 * what to choose instead when they make no bundle.
 */
export async function toBundle(chosen) {
  const archives = chosen.filter((c) => ['zip', 'xlsx'].includes(extension(c.path)));
  if (archives.length > 1 || (archives.length === 1 && chosen.some((c) => extension(c.path) === 'csv'))) {
    throw new Error(
      `choose one zip, one workbook or the CSV files, not several at once (${archives.map((c) => baseName(c.path)).join(', ')})`,
    );
  }
  const ignored = [];
  if (archives.length === 1) {
    const [archive] = archives;
    for (const c of chosen) if (c !== archive) ignored.push({ path: c.path, why: 'not part of the bundle' });
    const kind = extension(archive.path) === 'zip' ? 'zip' : 'workbook';
    return { input: { [kind]: await base64(archive.file) }, kind, used: [{ path: archive.path, file: kind }], ignored };
  }
  const input = {};
  const used = [];
  const sorted = [...chosen].sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
  for (const c of sorted) {
    const name = baseName(c.path).toLowerCase();
    const field = FIELD_OF.get(name);
    if (extension(c.path) !== 'csv') ignored.push({ path: c.path, why: 'not a CSV file' });
    else if (!field) ignored.push({ path: c.path, why: 'not a file of the bundle' });
    else if (field in input) ignored.push({ path: c.path, why: `another ${name} is used (${used.find((u) => u.file === name).path})` });
    else {
      input[field] = await c.file.text();
      used.push({ path: c.path, file: name });
    }
  }
  if (!used.length) {
    throw new Error(`none of the files is a bundle file (${BUNDLE_FILES.map(([name]) => name).join(', ')}), a .zip or an .xlsx workbook`);
  }
  used.sort((a, b) => BUNDLE_FILES.findIndex(([n]) => n === a.file) - BUNDLE_FILES.findIndex(([n]) => n === b.file));
  return { input, kind: 'csv', used, ignored };
}
