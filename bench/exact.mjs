#!/usr/bin/env node
/**
 * `npm run bench -- --exact` — what the exact value model costs: `ddb export` and `ddb import` of the same table in
 * the lossless default format (DynamoDB JSON lines) against plain NDJSON, side by side in one run (each round runs
 * every variant in turn; the best round of each is kept). With `--baseline DIR` (a built checkout of an older ddb, e.g.
 * main before the value model) its plain NDJSON export and import run in the same rounds.
 *
 *   node bench/exact.mjs [--items 1000000] [--rounds 2] [--baseline DIR] [--export-only]
 *
 * Whole processes of the built bin/ddb, timed with /usr/bin/time -v (wall seconds, peak RSS); the table holds
 * generated messages (~330 bytes each, src/seed/generate.ts), loaded by ddb's writer into an in-memory DynamoDB Local
 * this script starts; each import writes into a fresh table, and the count of items it wrote is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/build.mjs';
import { fmt, freePort, log, machine, messagesTableInput, print, table } from './common.mjs';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = Number(value('--items', 1_000_000));
const ROUNDS = Number(value('--rounds', 2));
const BASELINE = value('--baseline', undefined);
const EXPORT_ONLY = args.includes('--export-only');

await bundle({ entryPoints: { internals: 'bench/internals.ts' }, outdir: 'bench-dist', sourcemap: false });
const { startLocal, Dynamo, writeBatches, generateItems, toAttributeMap } = await import(new URL('../bench-dist/internals.js', import.meta.url).href);

const port = await freePort();
log(`starting an in-memory DynamoDB Local on 127.0.0.1:${port} …`);
const engine = await startLocal({ port, inMemory: true, engine: 'auto', detached: false, startTimeoutMs: 120_000 });
const endpoint = engine.endpoint;
const raw = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
const db = await Dynamo.connect({ kind: 'local', endpoint, region: 'us-east-1', source: 'flag' });
const dir = mkdtempSync(join(tmpdir(), 'ddb-bench-exact-'));
let tableNo = 0;
const freshTable = async (label) => {
  const name = `bench-${label}-${++tableNo}`;
  await raw.send(new CreateTableCommand(messagesTableInput(name)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: name });
  return name;
};

/** One whole `ddb` process: wall seconds, peak RSS (MB) and what it printed on stdout. */
const run = (bin, argv) => {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, '--endpoint-url', endpoint, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { seconds, mb: kb / 1024, stdout: r.stdout };
};

try {
  const users = JSON.parse(readFileSync(join(ROOT, 'seed/users.json'), 'utf8'));
  const source = await freshTable('source');
  const conversations = Math.max(1, Math.round(N / 100));
  log(`loading ${fmt(N)} generated items …`);
  const stats = await writeBatches(
    db,
    source,
    (function* () {
      for (const Item of generateItems({ messages: N - 2 * conversations, conversations, randomSeed: 5, users })) yield { PutRequest: { Item: toAttributeMap(Item) } };
    })(),
  );
  const items = stats.items;

  const ddb = join(ROOT, 'bin/ddb');
  const variants = [
    { label: 'lossless (default: DynamoDB JSON lines)', bin: ddb, format: [] },
    { label: 'plain NDJSON (--format ndjson)', bin: ddb, format: ['--format', 'ndjson'], importFlags: ['--plain-json'] },
    ...(BASELINE ? [{ label: `plain NDJSON, baseline (${BASELINE})`, bin: join(BASELINE, 'bin/ddb'), format: [] }] : []),
  ];
  const best = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, v] of variants.entries()) {
      const file = join(dir, `v${i}.ndjson`);
      log(`round ${round + 1}: ${v.label}: export …`);
      const exp = run(v.bin, ['export', source, '--out', file, ...v.format]);
      let imp = { seconds: Infinity, mb: 0 };
      if (!EXPORT_ONLY) {
        const target = await freshTable(`import-${i}`);
        log(`round ${round + 1}: ${v.label}: import …`);
        // the writer's own count of the items DynamoDB confirmed (a Scan of the table would take minutes on Local)
        imp = run(v.bin, ['-o', 'json', 'import', target, file, '--format', 'ndjson', ...(v.importFlags ?? [])]);
        const written = JSON.parse(imp.stdout).items;
        if (written !== items) throw new Error(`${v.label}: import wrote ${written} items, expected ${items}`);
        await raw.send(new DeleteTableCommand({ TableName: target }));
      }
      const b = best.get(v.label) ?? { export: exp, import: imp };
      best.set(v.label, {
        export: exp.seconds <= b.export.seconds ? exp : b.export,
        import: imp.seconds <= b.import.seconds ? imp : b.import,
        exportRssMax: Math.max(exp.mb, b.exportRssMax ?? 0),
      });
      rmSync(file, { force: true });
    }
  }
  const base = best.get(variants[BASELINE ? 2 : 1].label);
  print(`\n${machine()}; ${engine.engine} ${engine.version} in memory; ${fmt(items)} items; best of ${ROUNDS} round(s)\n`);
  print(
    table(
      ['format', 'export items/s', 'export peak RSS MB', 'export ×', ...(EXPORT_ONLY ? [] : ['import items/s', 'import peak RSS MB', 'import ×'])],
      variants.map((v) => {
        const r = best.get(v.label);
        const exp = [v.label, fmt(items / r.export.seconds), r.export.mb.toFixed(0), (base.export.seconds / r.export.seconds).toFixed(2)];
        return EXPORT_ONLY ? exp : [...exp, fmt(items / r.import.seconds), r.import.mb.toFixed(0), (base.import.seconds / r.import.seconds).toFixed(2)];
      }),
    ),
  );
  print(`\n(× : throughput relative to ${variants[BASELINE ? 2 : 1].label}; above 1 is faster)`);
} finally {
  db.destroy();
  await engine.stop?.();
  rmSync(dir, { recursive: true, force: true });
}
