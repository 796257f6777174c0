// The import page's calls to the API: who the reader is, and importBundle (a dry run
// or the real import), with a refused bundle's problems taken from the error.

import { graphql } from '../api.js';

const COUNTS = 'created updated unchanged';
const PLACE = 'file line column sheet row columnLetter';

const IMPORT = `mutation ImportBundle($files: BundleInput!, $dryRun: Boolean!) {
  importBundle(files: $files, dryRun: $dryRun) {
    organisations { ${COUNTS} } people { ${COUNTS} } affiliations { ${COUNTS} }
    meetings { ${COUNTS} } participations { ${COUNTS} } meetingOrganisations { ${COUNTS} }
    measures { ${COUNTS} } meetingMeasures { ${COUNTS} } total { ${COUNTS} }
    warnings { ${PLACE} message }
    version dryRun
    changes { file line sheet row key kind fields { column old new } }
  }
}`;

/** The bundle was refused: `problems` lists each one ({ file, line, column, sheet, row, columnLetter, message }). */
export class BundleRefused extends Error {
  constructor(message, problems) {
    super(message);
    this.problems = problems;
  }
}

/** The reader's role and whether it may write data. */
export async function whoAmI() {
  return (await graphql('{ me { role mayEdit } }')).me;
}

/** importBundle with `files` (a BundleInput); throws BundleRefused for a refused bundle. */
export async function importBundle(files, dryRun) {
  try {
    return (await graphql(IMPORT, { files, dryRun })).importBundle;
  } catch (error) {
    const refusal = error.errors?.find((e) => Array.isArray(e.extensions?.problems));
    if (refusal) throw new BundleRefused(refusal.message, refusal.extensions.problems ?? []);
    throw error;
  }
}
