#!/usr/bin/env node
/**
 * `node bench/filtered-limit.mjs [--items 5000] [--rounds 3]` — a filtered read with and without `--limit 1`, side
 * by side, on an in-memory DynamoDB Local this script starts and stops: query, scan and sql over one partition of N
 * items whose filter matches none of them (the worst case: every item is read, none is kept). Prints the median wall
 * time and the RCU DynamoDB reports (ExecuteStatement reports none on DynamoDB Local). Not a test (see BENCHMARKS.md).
 */
import { bundle } from '../scripts/build.mjs';
import { fmt, freePort, log, machine, median, print, table } from './common.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await bundle({ entryPoints: { internals: 'bench/internals.ts' }, outdir: 'bench-dist', sourcemap: false });
const { startLocal, main } = await import(new URL('../bench-dist/internals.js', import.meta.url).href);
const { DynamoDBClient, CreateTableCommand, BatchWriteItemCommand, QueryCommand } = await import('@aws-sdk/client-dynamodb');

const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ITEMS = value('--items', 5_000);
const ROUNDS = value('--rounds', 3);
const TABLE = 'bench-filtered';

const engine = await startLocal({ port: await freePort(), inMemory: true, engine: 'auto', detached: false });
try {
  const sdk = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await sdk.send(new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] }));
  const pad = 'x'.repeat(100);
  for (let i = 0; i < ITEMS; i += 25) {
    const batch = Array.from({ length: Math.min(25, ITEMS - i) }, (_, k) => ({ PutRequest: { Item: { pk: { S: 'P' }, sk: { S: String(i + k).padStart(6, '0') }, v: { N: String(i + k) }, pad: { S: pad } } } }));
    await sdk.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: batch } }));
  }
  log(`${fmt(ITEMS)} items written; ${ROUNDS} round(s) per read`);

  /** ddb in-process: wall ms and the RCU its JSON reply reports. */
  const run = async (argv) => {
    let out = '';
    const stdout = { write: (s) => ((out += s), true), isTTY: false };
    const quiet = { write: () => true, isTTY: false };
    const t = performance.now();
    const code = await main(['--endpoint-url', engine.endpoint, ...argv, '--output', 'json'], { stdout, stderr: quiet, stdin: process.stdin, env: process.env, cwd: process.cwd() });
    const ms = performance.now() - t;
    if (code !== 0) throw new Error(`ddb ${argv.join(' ')}: exit ${code}`);
    return { ms, rcu: JSON.parse(out).ConsumedCapacity?.CapacityUnits };
  };
  const reads = [
    ['query --filter', ['query', TABLE, 'P', '--filter', 'v < 0', '--limit', String(ITEMS)]],
    ['scan --filter', ['scan', TABLE, '--filter', 'v < 0']],
    ['sql … AND v < 0', ['sql', `SELECT * FROM "${TABLE}" WHERE pk = 'P' AND v < 0`, '--limit', String(ITEMS)]],
  ];
  const rows = [];
  for (const [name, argv] of reads) {
    const without = [];
    const limited = [];
    for (let r = 0; r < ROUNDS; r++) {
      without.push(await run(argv));
      limited.push(await run([...argv, '--limit', '1']));
    }
    const rcu = (xs) => (xs[0].rcu === undefined ? 'n/a' : String(median(xs.map((x) => x.rcu))));
    const ms = (xs) => median(xs.map((x) => x.ms));
    rows.push([name, rcu(without), rcu(limited), (ms(without) / 1000).toFixed(2), (ms(limited) / 1000).toFixed(2), `${(ms(limited) / ms(without)).toFixed(2)}×`]);
  }
  // the baseline: ddb's pager before issue 17, Limit = the items still missing (1), raw SDK
  const shrinking = async () => {
    const t = performance.now();
    let rcu = 0;
    let start;
    let found = 0;
    do {
      const page = await sdk.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', FilterExpression: 'v < :z', ExpressionAttributeValues: { ':p': { S: 'P' }, ':z': { N: '0' } }, Limit: 1 - found, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' }));
      rcu += page.ConsumedCapacity?.CapacityUnits ?? 0;
      found += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && found < 1);
    return { ms: performance.now() - t, rcu };
  };
  const base = await shrinking();
  rows.push(['query, Limit = items missing (before)', '—', String(base.rcu), '—', (base.ms / 1000).toFixed(2), '—']);
  print(`Filtered reads of ${fmt(ITEMS)} items, none matching: without and with --limit 1 (median of ${ROUNDS}; ${machine()})\n`);
  print(table(['read', 'RCU', 'RCU --limit 1', 'seconds', 'seconds --limit 1', 'time ratio'], rows));
} finally {
  await engine.stop();
}
