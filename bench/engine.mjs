#!/usr/bin/env node
/**
 * `npm run bench -- --engine` — how DynamoDB Local is launched, measured side by side in one run (BENCHMARKS.md):
 *
 * 1. Storage: ddb's batch writer (writeBatches, as `ddb seed` / `ddb import` write) against an in-memory engine, a
 *    persisted one with DynamoDB Local's own SQLite settings (old) and a persisted one with ddb's PRAGMAs (new), as
 *    ratios against in memory. All engines run at once with the same JVM flags (the `dev` profile that
 *    `ddb local start` uses); each is warmed up, then every round writes N items to a fresh table in each engine in
 *    turn, and each round's rate is divided by the in-memory rate of the same round (paired).
 * 2. JVM flags: start-up (spawn to the first answer, in memory) for each flag set, interleaved, median; then the
 *    write rate of each flag set's engine, cold (first round on a fresh JVM) and warm (best later round), and its
 *    peak RSS.
 *
 *   node bench/engine.mjs [--items 20000] [--rounds 3] [--starts 7] [--sweep] [--json FILE]
 *
 * --sweep adds the other SQLite settings tried (synchronous=OFF alone, WAL+NORMAL, exclusive locking, the old
 * settings on tmpfs). Not a test: it prints tables. Plain ESM over bench/internals.ts, bundled into bench-dist/ as bench.mjs does.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/build.mjs';
import { fmt, freePort, log, machine, median, messagesTableInput, print, table } from './common.mjs';
import { CreateTableCommand, DynamoDBClient, ScanCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
await bundle({ entryPoints: { internals: 'bench/internals.ts' }, outdir: 'bench-dist', sourcemap: false });
const { javaArgs, locateDynamoDbLocal, JVM_PROFILES, SQLITE_PRAGMAS, findJava, isAnswering, Dynamo, writeBatches, generateItems, toAttributeMap } =
  await import(new URL('../bench-dist/internals.js', import.meta.url).href);

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = value('--items', 20_000);
const ROUNDS = value('--rounds', 3);
const STARTS = value('--starts', 7);
const WARM = Math.min(N, 5_000);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const SKIP_JVM = flag('--no-jvm');
const SKIP_STORAGE = flag('--no-storage');

const java = await findJava();
if (!java.ok) throw new Error(`the engine benchmark needs Java 17+: ${java.reason}`);
const distInfo = locateDynamoDbLocal();
const users = JSON.parse(readFileSync(join(ROOT, 'seed/users.json'), 'utf8'));
const items = [...generateItems({ messages: N - 2 * Math.round(N / 100), conversations: Math.round(N / 100), randomSeed: 1, users })];
const scratch = mkdtempSync(join(tmpdir(), 'ddb-bench-engine-'));


/** Spawns DynamoDB Local as ddb does (javaArgs), with the given overrides; resolves once it answers. */
const launch = async ({ label, dataDir = null, jvmFlags, sqlitePragmas }) => {
  const port = await freePort();
  const spec = { port, endpoint: '', dataDir, stateDir: scratch, detached: false, startTimeoutMs: 60_000 };
  const argv = javaArgs(spec, distInfo, { jvmFlags, sqlitePragmas });
  const endpoint = `http://127.0.0.1:${port}`;
  const t = performance.now();
  const child = spawn(java.command, argv, { cwd: scratch, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  while (!(await isAnswering(endpoint, 1000))) {
    if (exited) throw new Error(`${label}: the engine exited: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    if (performance.now() - t > 60_000) throw new Error(`${label}: no answer within 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - t;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  return { label, port, endpoint, child, startMs, stop, output: () => output };
};

const connect = async (engine) => {
  engine.raw = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  engine.db = await Dynamo.connect({ kind: 'local', endpoint: engine.endpoint, region: 'us-east-1', source: 'flag' });
  engine.tables = 0;
  return engine;
};
const disconnect = (engine) => {
  engine.db?.destroy();
  engine.raw?.destroy();
};
const freshTable = async (engine) => {
  const name = `bench-${++engine.tables}`;
  await engine.raw.send(
    new CreateTableCommand(messagesTableInput(name)),
  );
  await waitUntilTableExists({ client: engine.raw, maxWaitTime: 60 }, { TableName: name });
  return name;
};
/** ddb's batch writer (the same call `ddb seed --generate` makes), N items into a fresh table; items/s. */
const writeRound = async (engine, list = items) => {
  const table = await freshTable(engine);
  const t = performance.now();
  const stats = await writeBatches(engine.db, table, list.map((Item) => ({ PutRequest: { Item: toAttributeMap(Item) } })));
  const seconds = (performance.now() - t) / 1000;
  if (stats.items !== list.length) throw new Error(`${engine.label}: wrote ${stats.items} of ${list.length}`);
  return { table, rate: stats.items / seconds, seconds };
};
const countItems = async (engine, table) => {
  let count = 0;
  let start;
  do {
    const out = await engine.raw.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
};
const peakRssMb = (pid) => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return undefined;
  }
};
const results = { machine: machine(), n: N, rounds: ROUNDS, storage: [], jvm: [] };

// ---- 1. storage: in memory vs persisted (old) vs persisted (new), same JVM flags ----
const devFlags = JVM_PROFILES.dev;
if (!SKIP_STORAGE) await storageBench();
if (!SKIP_JVM) await jvmBench();
rmSync(scratch, { recursive: true, force: true });

async function storageBench() {
  const pragmaRow = (key, label, sqlitePragmas, disk = true) => ({ key, label: `${label}: ${sqlitePragmas.join(', ') || 'SQLite defaults'}`, disk, sqlitePragmas });
  const storageConfigs = [
    { key: 'memory', label: 'in memory' },
    pragmaRow('old', 'persisted, old (rollback journal, synchronous=FULL)', []),
    pragmaRow('new', 'persisted, new', SQLITE_PRAGMAS),
    ...(flag('--sweep')
      ? [
          pragmaRow('sync-off', 'persisted', ['synchronous=OFF']),
          pragmaRow('wal-full', 'persisted', ['journal_mode=WAL']),
          pragmaRow('wal-normal', 'persisted', ['journal_mode=WAL', 'synchronous=NORMAL']),
          pragmaRow('wal-off', 'persisted', ['journal_mode=WAL', 'synchronous=OFF']),
          pragmaRow('excl-wal-off', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF']),
          pragmaRow('excl-wal-off-temp', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY']),
          pragmaRow('excl-wal-normal-temp', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=NORMAL', 'temp_store=MEMORY']),
          pragmaRow('excl-wal-normal-temp-ckpt', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=NORMAL', 'temp_store=MEMORY', 'wal_autocheckpoint=10000']),
          pragmaRow('excl-wal-off-temp-ckpt', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY', 'wal_autocheckpoint=10000']),
          pragmaRow('excl-wal-off-temp-cache', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY', 'cache_size=-65536']),
          pragmaRow('excl-wal-off-temp-mmap', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY', 'mmap_size=1073741824']),
          pragmaRow('excl-wal-off-temp-cache-mmap', 'persisted', ['locking_mode=EXCLUSIVE', 'journal_mode=WAL', 'synchronous=OFF', 'temp_store=MEMORY', 'cache_size=-65536', 'mmap_size=1073741824']),
          // the launcher's WAL checkpoint interval (LocalLauncher, -Dddb.sqliteCheckpointMs; 1000 by default)
          ...[250, 5000].map((ms) => ({ ...pragmaRow(`checkpoint-${ms}ms`, `persisted, checkpoint every ${ms} ms`, SQLITE_PRAGMAS), jvmFlags: [`-Dddb.sqliteCheckpointMs=${ms}`] })),
          ...(existsSync('/dev/shm') ? [pragmaRow('tmpfs-old', 'persisted on tmpfs (/dev/shm)', [], '/dev/shm'), pragmaRow('tmpfs-new', 'persisted on tmpfs (/dev/shm)', SQLITE_PRAGMAS, '/dev/shm')] : []),
        ]
      : []),
  ]
    // --only new,old: the in-memory engine and those (a sweep row equal to ddb's own is dropped)
    .filter((c) => c.key === 'memory' || !ONLY || ONLY.includes(c.key))
    .filter((c, i, all) => c.key === 'new' || !c.disk || c.jvmFlags || all.findIndex((o) => o.key === 'new' && o.sqlitePragmas.join() === c.sqlitePragmas.join() && o.disk === c.disk) < 0);
  log(`storage: ${storageConfigs.length} engines (JVM flags: ${devFlags.join(' ')}), warm-up ${fmt(WARM)} items each, then ${ROUNDS} rounds of ${fmt(N)} …`);
  const storage = [];
  for (const config of storageConfigs) {
    const dataDir = config.disk ? mkdtempSync(join(config.disk === true ? scratch : config.disk, `${config.key}-`)) : null;
    const engine = await connect(await launch({ label: config.label, dataDir, jvmFlags: [...devFlags, ...(config.jvmFlags ?? [])], sqlitePragmas: config.sqlitePragmas }));
    const tuned = /ddb: SQLite (.*)/.exec(engine.output())?.[1];
    log(`  ${config.key}: up in ${fmt(engine.startMs)} ms${tuned ? ` (SQLite ${tuned})` : ''}`);
    storage.push({ ...config, engine, dataDir, tuned, rates: [], ratios: [] });
  }
  for (const s of storage) await writeRound(s.engine, items.slice(0, WARM)); // JIT warm-up, not measured
  // The machine's speed drifts (other load, JIT): every persisted round is paired with an in-memory round right next
  // to it (in memory first in even rounds, second in odd ones), and the ratio is taken pair by pair.
  const [memory, ...persisted] = storage;
  for (let round = 0; round < ROUNDS; round++) {
    const order = persisted.map((_, i) => persisted[(i + round) % persisted.length]);
    for (const [i, s] of order.entries()) {
      const pair = (round + i) % 2 === 0 ? [memory, s] : [s, memory];
      const rates = new Map();
      for (const e of pair) {
        const r = await writeRound(e.engine);
        e.last = r.table;
        e.rates.push(r.rate);
        rates.set(e, r.rate);
      }
      s.ratios.push(rates.get(s) / rates.get(memory));
      log(`  round ${round + 1} ${s.key}: ${fmt(rates.get(s))} items/s, in memory ${fmt(rates.get(memory))} → ${(rates.get(s) / rates.get(memory)).toFixed(2)}×`);
    }
  }
  // Every acknowledged write is there: count each engine's last table.
  for (const s of storage) {
    const count = await countItems(s.engine, s.last);
    if (count !== N) throw new Error(`${s.key}: ${count} items in ${s.last}, expected ${N}`);
  }
  for (const s of storage) {
    // on disk once the rounds are written: the database file and its WAL (bounded by the launcher's checkpoints)
    const size = (name) => (existsSync(join(s.dataDir, name)) ? statSync(join(s.dataDir, name)).size / 2 ** 20 : 0);
    results.storage.push({
      dbMb: s.dataDir ? size('shared-local-instance.db') : null,
      walMb: s.dataDir ? size('shared-local-instance.db-wal') : null,
      key: s.key,
      name: s.label,
      sqlite: s.tuned ?? null,
      rates: s.rates,
      median: median(s.rates),
      best: Math.max(...s.rates),
      ratio: s === memory ? 1 : median(s.ratios),
      ratios: s === memory ? [] : s.ratios,
    });
    disconnect(s.engine);
    await s.engine.stop();
    if (s.dataDir) rmSync(s.dataDir, { recursive: true, force: true });
  }
}

// ---- 2. JVM flags: start-up and write rate, in memory ----
async function jvmBench() {
  const flagSets = [
    { key: 'test', label: `test profile: ${JVM_PROFILES.test.join(' ')}`, jvmFlags: JVM_PROFILES.test },
    { key: 'dev', label: `dev profile: ${JVM_PROFILES.dev.join(' ')}`, jvmFlags: JVM_PROFILES.dev },
    { key: 'default', label: 'JVM defaults (full tiered JIT, G1, heap sized by the JVM)', jvmFlags: [] },
    ...(flag('--sweep')
      ? [
          { key: 'c1-g1', label: 'C1 only, default GC: -XX:TieredStopAtLevel=1', jvmFlags: ['-XX:TieredStopAtLevel=1'] },
          { key: 'parallel', label: 'full tiered JIT, -XX:+UseParallelGC -Xms32m', jvmFlags: ['-XX:+UseParallelGC', '-Xms32m'] },
        ]
      : []),
  ].filter((s, i, all) => all.findIndex((o) => o.jvmFlags.join(' ') === s.jvmFlags.join(' ')) === i);
  log(`start-up: ${STARTS} starts of each of ${flagSets.length} flag sets, interleaved …`);
  const startMs = flagSets.map(() => []);
  for (let i = 0; i < STARTS; i++) {
    for (const [k, set] of flagSets.entries()) {
      const engine = await launch({ label: set.key, jvmFlags: set.jvmFlags });
      startMs[k].push(engine.startMs);
      await engine.stop();
    }
  }
  log(`write rate: one engine per flag set, ${ROUNDS + 1} rounds of ${fmt(N)} (round 1 cold) …`);
  const jvmEngines = [];
  for (const set of flagSets) jvmEngines.push({ set, engine: await connect(await launch({ label: set.key, jvmFlags: set.jvmFlags })), rounds: [] });
  for (let round = 0; round <= ROUNDS; round++) {
    const order = jvmEngines.map((_, i) => jvmEngines[(i + round) % jvmEngines.length]);
    for (const j of order) {
      const r = await writeRound(j.engine);
      j.rounds[round] = r.rate;
      log(`  round ${round + 1} ${j.set.key}: ${fmt(r.rate)} items/s`);
    }
  }
  const base = jvmEngines[0]; // the test profile
  for (const [k, j] of jvmEngines.entries()) {
    results.jvm.push({
      key: j.set.key,
      name: j.set.label,
      flags: j.set.jvmFlags,
      startMs: median(startMs[k]),
      startRuns: startMs[k],
      cold: j.rounds[0],
      warm: Math.max(...j.rounds.slice(1)),
      // per round, against the test profile's engine in the same round
      warmRatio: median(j.rounds.slice(1).map((rate, i) => rate / base.rounds[i + 1])),
      rounds: j.rounds,
      peakRssMb: peakRssMb(j.engine.child.pid),
    });
    disconnect(j.engine);
    await j.engine.stop();
  }
}

// ---- print ----
print(`\n${results.machine} · DynamoDB Local ${distInfo.version} · ddb's batch writer, ${fmt(N)} messages per round (table pk+sk, no GSI)\n`);
if (results.storage.length) {
  print(`JVM flags for every storage row: ${devFlags.join(' ')} (dev profile); ${ROUNDS} rounds after a ${fmt(WARM)}-item warm-up; each persisted round paired with an adjacent in-memory round, ratio = median of the pairs\n`);
  print(
    table(
      ['storage', 'median items/s', 'best items/s', 'vs in memory', 'db + WAL MB after'],
      results.storage.map((r) => [r.name, fmt(r.median), fmt(r.best), `${r.ratio.toFixed(2)}×`, r.dbMb === null ? '–' : `${r.dbMb.toFixed(0)} + ${r.walMb.toFixed(0)}`]),
    ),
  );
  const newRow = results.storage.find((r) => r.key === 'new');
  if (newRow) print(`\npersisted (new) / in memory = ${newRow.ratio.toFixed(2)} (target ≥ 0.70: ${newRow.ratio >= 0.7 ? 'PASS' : 'MISS'})\n`);
}
if (results.jvm.length) {
  print(
    table(
      ['JVM flags (in memory)', `start-up ms (median of ${STARTS})`, 'cold items/s (round 1)', `warm items/s (best of rounds 2–${ROUNDS + 1})`, 'warm vs test profile', 'peak RSS MB'],
      results.jvm.map((r) => [r.name, fmt(r.startMs), fmt(r.cold), fmt(r.warm), `${r.warmRatio.toFixed(2)}×`, r.peakRssMb === undefined ? '–' : fmt(r.peakRssMb)]),
    ),
  );
}
const jsonOut = args.indexOf('--json');
if (jsonOut >= 0) writeFileSync(args[jsonOut + 1], JSON.stringify(results, null, 2));

