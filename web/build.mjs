// Bundles the pages' modules (web/src) and their npm libraries into one script per
// page, for build.rs to embed: `node web/build.mjs OUT_DIR` writes OUT_DIR/explorer.js
// (the explorer, web/src/main.js) and OUT_DIR/import.js (the import page,
// web/src/import/main.js).
// The force layout's web worker is built inline by graphology-layout-forceatlas2.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node web/build.mjs OUT_DIR');
  process.exit(2);
}
await build({
  entryPoints: [
    { in: path.join(here, 'src', 'main.js'), out: 'explorer' },
    { in: path.join(here, 'src', 'import', 'main.js'), out: 'import' },
  ],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
