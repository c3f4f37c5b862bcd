/**
 * ddb export, scan --segments and seed --generate, run as a user would (the built bin) against the test engine.
 * Ground truth is read with the raw SDK. Own tables: export-test-<suffix>-*.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BIN, ddb } from './helpers/run.js';
import { createTable as createTestTable } from './faults/tables.js';
import { startFaultProxy } from './faults/proxy.js';
import { ddbAsync } from './faults/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const suffix = Math.random().toString(36).slice(2, 8);
const T = `export-test-${suffix}-a`;
const N = 3_000;
const C = 30;
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' } });
const doc = DynamoDBDocumentClient.from(client);
const created: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'ddb-export-test-'));

type Item = Record<string, unknown>;

/** The shared test table (pk + sk, a GSI on g), remembered for clean-up. */
const createTable = async (name: string): Promise<void> => {
  await createTestTable(client, name);
  created.push(name);
};

/** Every item of a table, read with the raw SDK. */
const tableItems = async (name: string): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: name, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

const canonical = (item: Item): string => JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
const asSet = (items: Item[]): string[] => items.map(canonical).sort();
const keysOf = (items: Item[]): string[] => items.map((i) => `${i.pk}|${i.sk}`).sort();
const ndjson = (text: string): Item[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** A proxy in front of the engine that holds every reply for `delayMs`: an export through it is slow enough to interrupt. */
const slowProxy = async (delayMs: number): Promise<{ url: string; close: () => Promise<void> }> => {
  const target = new URL(endpoint);
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
      setTimeout(() => {
        res.writeHead(reply.statusCode ?? 500, reply.headers);
        reply.pipe(res);
      }, delayMs);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
};

let truth: Item[] = [];

beforeAll(async () => {
  await createTable(T);
  const r = await ddb([...E, '-o', 'json', 'seed', '--table', T, '--generate', String(N), '--conversations', String(C), '--random-seed', '5']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json()).toMatchObject({ messages: N, conversations: C, groups: 2 * C, items: N + 2 * C });
  truth = await tableItems(T);
}, 120_000);

afterAll(async () => {
  for (const name of created) await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  client.destroy();
});

describe('ddb seed --generate', () => {
  it('writes N messages and one pair of message groups per conversation, consistent with its newest message', () => {
    const messages = truth.filter((i) => String(i.pk).startsWith('MSG#'));
    const groups = truth.filter((i) => String(i.pk).startsWith('GRP#'));
    expect(messages).toHaveLength(N);
    expect(groups).toHaveLength(2 * C);
    const newest = new Map<string, Item>();
    for (const m of messages) {
      // Message items carry no message_group_uuid (the group index is sparse): the group is in the partition key.
      expect(m).not.toHaveProperty('message_group_uuid');
      const g = String(m.pk).slice('MSG#'.length);
      if (!newest.has(g) || String(m.sk) > String(newest.get(g)?.sk)) newest.set(g, m);
    }
    expect(newest.size).toBe(C);
    for (const g of groups) {
      const last = newest.get(String(g.message_group_uuid));
      expect(g.sk).toBe(last?.sk);
      expect(String(last?.message).startsWith(String(g.message).replace(/…$/, ''))).toBe(true);
    }
    // the two groups of a conversation: one per participant, each naming the other
    for (const uuid of newest.keys()) {
      const pair = groups.filter((g) => g.message_group_uuid === uuid);
      expect(pair).toHaveLength(2);
      expect(pair[0]?.pk).not.toBe(pair[1]?.pk);
      expect(`GRP#${pair[0]?.user_uuid}`).toBe(pair[1]?.pk);
    }
    expect(messages.every((m) => Date.parse(String(m.sk)) < Date.now())).toBe(true);
  });

  it('is deterministic: the same random seed gives the same items, another seed other items, a re-run no duplicates', async () => {
    const again = `export-test-${suffix}-b`;
    await createTable(again);
    const args = ['seed', '--table', again, '--generate', '500', '--conversations', '7', '--random-seed', '9'];
    expect((await ddb([...E, ...args])).code).toBe(0);
    const first = await tableItems(again);
    expect((await ddb([...E, ...args])).code).toBe(0);
    expect(asSet(await tableItems(again))).toEqual(asSet(first));

    const other = `export-test-${suffix}-c`;
    await createTable(other);
    expect((await ddb([...E, 'seed', '--table', other, '--generate', '500', '--conversations', '7', '--random-seed', '9'])).code).toBe(0);
    expect(asSet(await tableItems(other))).toEqual(asSet(first));
    expect((await ddb([...E, 'seed', '--table', other, '--generate', '500', '--conversations', '7', '--random-seed', '10'])).code).toBe(0);
    expect((await tableItems(other)).length).toBe(2 * first.length);
  }, 60_000);

  it('refuses impossible or malformed requests with exit 2, a missing table with exit 3', async () => {
    const many = await ddb([...E, 'seed', '--table', T, '--generate', '5', '--conversations', '6']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--conversations 5 or fewer');
    expect((await ddb([...E, 'seed', '--table', T, '--generate', '5', '--random-seed', 'abc'])).code).toBe(2);
    expect((await ddb([...E, 'seed', '--table', T, '--generate', '0'])).code).toBe(2);
    expect((await ddb([...E, 'seed', '--table', `export-test-${suffix}-missing`, '--generate', '5'])).code).toBe(3);
  });
});

describe('ddb export', () => {
  it('NDJSON on stdout equals the table, with a summary on stderr', async () => {
    const r = await ddb([...E, 'export', T, '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    expect(asSet(ndjson(r.stdout))).toEqual(asSet(truth));
    expect(r.stderr).toMatch(new RegExp(`exported ${(N + 2 * C).toLocaleString('en-US')} item\\(s\\) of ${T} as ndjson .*items/s.*consumed [\\d.]+ RCU`));
  });

  it('a JSON array equals the table', async () => {
    const r = await ddb([...E, 'export', T, '--format', 'json', '--segments', '3']);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout) as Item[];
    expect(items).toHaveLength(N + 2 * C);
    expect(asSet(items)).toEqual(asSet(truth));
  });

  it('CSV: keys first, a header from the attributes, every cell as in the table', async () => {
    const r = await ddb([...E, 'export', T, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    // the header says each column's type (name:TYPE), so that `ddb import` reads the cells back as they were
    const rows = parse(r.stdout, { columns: (h: string[]) => h.map((c) => c.replace(/:[A-Z]+$/, '')) }) as Record<string, string>[];
    expect(r.stdout.split('\n')[0]?.startsWith('pk:S,sk:S,')).toBe(true);
    expect(rows).toHaveLength(N + 2 * C);
    const byKey = new Map(truth.map((i) => [`${i.pk}|${i.sk}`, i]));
    for (const row of rows) {
      const item = byKey.get(`${row.pk}|${row.sk}`) as Item;
      for (const [column, cell] of Object.entries(row)) expect(cell).toBe(item[column] === undefined ? '' : String(item[column]));
    }
    const chosen = await ddb([...E, 'export', T, '--format', 'csv', '--columns', 'pk,sk,message']);
    expect(chosen.stdout.split('\n')[0]).toBe('pk:S,sk:S,message:S');
  });

  it('--segments N gives the same items as one segment', async () => {
    const one = ndjson((await ddb([...E, 'export', T, '--format', 'ndjson', '--segments', '1'])).stdout);
    const seven = ndjson((await ddb([...E, 'export', T, '--format', 'ndjson', '--segments', '7'])).stdout);
    expect(keysOf(seven)).toEqual(keysOf(one));
    expect(new Set(keysOf(seven)).size).toBe(N + 2 * C);
  });

  it('--out writes the whole file under its name and nothing on stdout; -o json prints the summary', async () => {
    const out = join(dir, 'items.ndjson');
    const r = await ddb([...E, '-o', 'json', 'export', T, '--out', out, '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()[0]).toMatchObject({ table: T, file: out, items: N + 2 * C, format: 'ndjson' });
    expect(asSet(ndjson(readFileSync(out, 'utf8')))).toEqual(asSet(truth));
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('an interrupted export leaves the old file untouched and no temporary file', async () => {
    const out = join(dir, 'kept.ndjson');
    writeFileSync(out, 'old\n');
    const proxy = await slowProxy(300); // ~7 pages × 300 ms: the export is still running when it is interrupted
    const child = spawn(process.execPath, [BIN, '--endpoint-url', proxy.url, 'export', T, '--out', out, '--segments', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // Proof that the export is under way: its first items are in its temporary file (and it has not ended).
    const temp = join(dir, `.kept.ndjson.${child.pid}.partial`);
    const written = () => statSync(temp, { throwIfNoEntry: false })?.size ?? 0;
    for (const until = Date.now() + 20_000; written() === 0 && child.exitCode === null && Date.now() < until; ) await new Promise((r) => setTimeout(r, 5));
    expect(written(), `the export never wrote its first items (${stderr})`).toBeGreaterThan(0);
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const { code, signal } = await exited;
    await proxy.close();
    // What the user sees: the process ended by Ctrl-C (the shell's exit 130), nothing printed, the old file as it was.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('removes the temporary files that killed exports left behind, not those of a running one', async () => {
    const out = join(dir, 'out.ndjson');
    const stale = join(dir, '.out.ndjson.99999999.partial'); // no such process
    // A live process that is not this one (ddb runs in-process here, and its own temporary file has this pid).
    const running = join(dir, `.out.ndjson.${process.ppid}.partial`);
    writeFileSync(stale, 'half\n');
    writeFileSync(running, 'half\n');
    const r = await ddb([...E, 'export', T, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.out.ndjson.'))).toEqual([`.out.ndjson.${process.ppid}.partial`]);
    expect(ndjson(readFileSync(out, 'utf8'))).toHaveLength(N + 2 * C);
  });

  it('an export or scan that fails after writing to stdout says how many items stdout holds', async () => {
    // One Scan page of 500 goes through, then every Scan fails with a 500 until the SDK gives up. (Each run has its
    // own proxy, so the two run at once.)
    const runs = [['export', T, '--segments', '1'], ['scan', T, '--output', 'ndjson']];
    const results = await Promise.all(
      runs.map(async (args) => {
        const proxy = await startFaultProxy(endpoint, { shares: { serverError: 1 }, only: ['Scan'], spare: 1 });
        try {
          return await ddbAsync(['--endpoint-url', proxy.url, ...args], { env: { DDB_RETRY_MAX_DELAY_MS: '20' } });
        } finally {
          await proxy.close();
        }
      }),
    );
    for (const r of results) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/InternalServerError .*; stdout holds 500 item\(s\) of partial output — discard it/);
      expect(ndjson(r.stdout)).toHaveLength(500);
    }
  });

  it('stops quietly when the reader goes away (| head)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --endpoint-url ${endpoint} export ${T} | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(ndjson(r.stdout)).toHaveLength(1);
    expect(r.stderr).not.toContain('error');
  });

  it('exit codes: missing table 3, bad --out folder 2 (no file), bad format or --columns without csv 2', async () => {
    const missing = await ddb([...E, 'export', `export-test-${suffix}-missing`]);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const badOut = await ddb([...E, 'export', T, '--out', join(dir, 'no', 'such', 'x.ndjson')]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('cannot write');
    expect((await ddb([...E, 'export', T, '--format', 'xml'])).code).toBe(2);
    expect((await ddb([...E, 'export', T, '--columns', 'pk'])).code).toBe(2);
    expect((await ddb([...E, 'export', T, '--segments', '0'])).code).toBe(2);
    expect((await ddb([...E, 'export', T, '--segments', '65'])).code).toBe(2);
  });
});

describe('ddb scan --segments', () => {
  it('returns every item once, with the consumed capacity', async () => {
    const r = await ddb([...E, 'scan', T, '--segments', '4', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.Count).toBe(N + 2 * C);
    expect(new Set(keysOf(out.Items)).size).toBe(N + 2 * C);
    expect(out.ConsumedCapacity.CapacityUnits).toBeGreaterThan(0);
  });

  it('--limit stops at exactly N items with segments too', async () => {
    expect((await ddb([...E, 'scan', T, '--segments', '4', '--limit', '10', '-o', 'json'])).json().Count).toBe(10);
    const one = (await ddb([...E, 'scan', T, '--limit', '10', '-o', 'json'])).json();
    expect(one.Count).toBe(10);
    expect(one.LastEvaluatedKey).toBeDefined();
  });
});
