/**
 * A persisted DynamoDB Local runs SQLite without fsync (src/local/dynamodb-local.ts SQLITE_PRAGMAS): fast, and a
 * killed engine must still keep every write it acknowledged. These tests kill the JVM with SIGKILL (no shutdown
 * hook, no flush) and count what a restarted engine on the same data dir finds.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ScanCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type RunningEngine } from '../../src/local/engine.js';
import { client, freePort, pidAlive } from './helpers.js';

const TABLE = 'durable';

async function start(dataDir: string): Promise<RunningEngine> {
  return startLocal({ port: await freePort(), inMemory: false, dataDir, engine: 'dynamodb-local', detached: false });
}

async function kill9(engine: RunningEngine): Promise<void> {
  process.kill(engine.pid, 'SIGKILL');
  for (let i = 0; i < 200 && pidAlive(engine.pid); i++) await new Promise((r) => setTimeout(r, 25));
  expect(pidAlive(engine.pid)).toBe(false);
}

async function createTable(ddb: DynamoDBClient): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: TABLE });
}

async function keysIn(endpoint: string): Promise<Set<string>> {
  const ddb = client(endpoint);
  const keys = new Set<string>();
  try {
    let start: Record<string, never> | undefined;
    do {
      const out = await ddb.send(new ScanCommand({ TableName: TABLE, ProjectionExpression: 'pk', ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) keys.add(item.pk!.S!);
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
  } finally {
    ddb.destroy();
  }
  return keys;
}

/** SQLite's file header: bytes 18 and 19 are 2 for a database in WAL mode, 1 for a rollback journal. */
function sqliteJournalVersion(file: string): number[] {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    return [header[18]!, header[19]!];
  } finally {
    closeSync(fd);
  }
}

describe('DynamoDB Local on disk, killed with SIGKILL', () => {
  let dataDir: string;
  let engine: RunningEngine | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ddb-durable-'));
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, including one acknowledged just before the kill; the data file is in WAL mode', async () => {
    const N = 1500;
    engine = await start(dataDir);
    const raw = client(engine.endpoint);
    const doc = DynamoDBDocumentClient.from(raw);
    await createTable(raw);
    const acknowledged = new Set<string>();
    // 8 writers in flight, batches of 25; the kill lands while some are still in flight.
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (next < N && !killed) {
        const keys = Array.from({ length: Math.min(25, N - next) }, (_, i) => `item-${next + i}`);
        next += keys.length;
        try {
          const out = await doc.send(
            new BatchWriteCommand({ RequestItems: { [TABLE]: keys.map((pk) => ({ PutRequest: { Item: { pk, body: 'x'.repeat(200) } } })) } }),
          );
          const unprocessed = new Set((out.UnprocessedItems?.[TABLE] ?? []).map((r) => r.PutRequest?.Item?.pk as string));
          for (const pk of keys) if (!unprocessed.has(pk)) acknowledged.add(pk);
        } catch {
          return; // the engine is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.size < N / 2) await new Promise((r) => setTimeout(r, 5));
    // ddb's PRAGMAs reached the engine's connection: the file is in WAL mode (1, 1 with DynamoDB Local's defaults).
    expect(sqliteJournalVersion(join(dataDir, 'shared-local-instance.db'))).toEqual([2, 2]);
    // One last single write, then the kill right after its answer: nothing may be lost in between.
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'last-before-kill' } }));
    acknowledged.add('last-before-kill');
    await kill9(engine);
    killed = true;
    await Promise.all(writers);
    raw.destroy();
    expect(acknowledged.size).toBeGreaterThan(N / 2);

    engine = await start(dataDir);
    const found = await keysIn(engine.endpoint);
    const missing = [...acknowledged].filter((pk) => !found.has(pk));
    expect(missing).toEqual([]);
    expect(found.size).toBeLessThanOrEqual(N + 1);
  }, 60_000);

  it('checkpoints the WAL into the database file while the engine runs (the WAL does not grow without end)', async () => {
    engine ??= await start(dataDir);
    const raw = client(engine.endpoint);
    const doc = DynamoDBDocumentClient.from(raw);
    for (let i = 0; i < 1000; i += 25) {
      const items = Array.from({ length: 25 }, (_, k) => ({ PutRequest: { Item: { pk: `more-${i + k}`, body: 'y'.repeat(400) } } }));
      await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
    }
    raw.destroy();
    // ~1000 × 450 bytes reach the database file itself within a few seconds (the launcher checkpoints every second);
    // without checkpoints it stays at its first 13 KB and everything piles up in shared-local-instance.db-wal.
    const db = join(dataDir, 'shared-local-instance.db');
    for (let i = 0; i < 100 && statSync(db).size < 450_000; i++) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(db).size).toBeGreaterThanOrEqual(450_000);
  }, 60_000);
});
