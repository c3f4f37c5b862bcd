#!/usr/bin/env node
/**
 * `node bench/concurrent-writes.mjs [--writers 20] [--rounds 7]` — N create-message writers at once on one
 * conversation, on an in-memory DynamoDB Local this script starts and stops (it bundles bench/internals.ts into bench-dist/ first). Side by side in
 * one run, alternating: ddb's retry (a writer overtaken by a newer message puts its own at its time) against the
 * baseline where every retry moves the group items again. Prints the median wall time, attempts (max and total per
 * round) and the ratio. Not a test (see BENCHMARKS.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../scripts/build.mjs';
import { freePort, median } from './common.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await bundle({ entryPoints: { internals: 'bench/internals.ts' }, outdir: 'bench-dist', sourcemap: false });
const { startLocal, Dynamo, main, createMessage } = await import(new URL('../bench-dist/internals.js', import.meta.url).href);

const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const WRITERS = value('--writers', 20);
const ROUNDS = value('--rounds', 7);
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const SENDER = { uuid: '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683' };

const engine = await startLocal({ port: await freePort(), inMemory: true, engine: 'auto', detached: false });
const quiet = { write: () => true, isTTY: false };
const io = { stdout: quiet, stderr: quiet, stdin: process.stdin, env: process.env, cwd: process.cwd() };
const dir = mkdtempSync(join(tmpdir(), 'ddb-bench-writes-'));
const schema = join(dir, 'tables.json');
writeFileSync(schema, JSON.stringify({ tables: [{ name: 'bench-writes', attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S' }, keys: { partition: 'pk', sort: 'sk' }, globalSecondaryIndexes: [{ name: 'message-group-sk-index', keys: { partition: 'message_group_uuid', sort: 'sk' }, projection: { type: 'ALL' } }] }] }));
const E = ['--endpoint-url', engine.endpoint];
if ((await main([...E, 'schema-load', '--schema', schema], io)) !== 0 || (await main([...E, 'seed', '--table', 'bench-writes'], io)) !== 0) throw new Error('setup failed');
const db = await Dynamo.connect({ kind: 'local', endpoint: engine.endpoint, region: 'us-east-1', source: 'flag' });

const round = async (overtake) => {
  const t = performance.now();
  const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => createMessage(db, { table: 'bench-writes', group: GROUP, sender: SENDER, senderLabel: 'a', text: `bench ${i}` }, { overtake, maxAttempts: 50 })));
  return { ms: performance.now() - t, max: Math.max(...results.map((r) => r.attempts)), total: results.reduce((s, r) => s + r.attempts, 0) };
};
const runs = { ddb: [], baseline: [] };
await round(true); // warm-up
for (let i = 0; i < ROUNDS; i++) {
  runs.ddb.push(await round(true));
  runs.baseline.push(await round(false));
}
db.destroy();
await engine.stop();
rmSync(dir, { recursive: true, force: true });

const row = (name, rs) => `| ${name} | ${Math.round(median(rs.map((r) => r.ms)))} ms | ${median(rs.map((r) => r.max))} | ${median(rs.map((r) => r.total))} |`;
console.log(`${WRITERS} writers at once on one conversation, ${ROUNDS} rounds each (median), ${engine.engine} ${engine.version}, ${cpus().length} CPUs, Node ${process.versions.node}`);
console.log('| retry | wall time | attempts (max) | attempts (total) |\n|---|---|---|---|');
console.log(row('ddb (overtaken writers put at their own time)', runs.ddb));
console.log(row('baseline (every retry moves the groups)', runs.baseline));
const ratios = runs.ddb.map((r, i) => runs.baseline[i].ms / r.ms);
console.log(`paired ratio baseline/ddb (median of ${ROUNDS}): ${median(ratios).toFixed(2)}×`);
