/**
 * `ddb streams run`: stream functions run on the local engine as Lambda's event source mapping runs them — the
 * messaging app's own function (examples/cruddur-stream, Python with boto3) and a Node port of it moving both group
 * items when a message arrives; retries, bisection and the on-failure record; filters; a killed run resuming from its
 * checkpoint. The built binary runs them (Ctrl-C and SIGKILL are part of what is tested); the table is read back with
 * the SDK's own calls.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { client, uniqueName } from './faults/tables.js';
import { BIN, ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const dir = mkdtempSync(join(tmpdir(), 'ddb-streams-run-'));
const STATE = join(dir, 'state');
const FIXTURES = fileURLToPath(new URL('./fixtures/streams/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../examples/cruddur-stream/lambda_function.py', import.meta.url));
const HAS_BOTO3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const AB = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const raw = client(endpoint);
const doc = DynamoDBDocumentClient.from(raw);
const tables: string[] = [];

afterAll(async () => {
  for (const t of tables) await ddb([...E, 'drop', t, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

const ok = async (args: string[]) => {
  const r = await ddb([...E, ...args], { env: { DDB_STATE_DIR: STATE } });
  expect(r.code, r.stderr).toBe(0);
  return r;
};

/** A table with a stream (keys pk, or pk+sk as in the shipped schema), named uniquely. */
const streamedTable = async (prefix: string, stream = 'NEW_AND_OLD_IMAGES'): Promise<string> => {
  const name = uniqueName(prefix);
  tables.push(name);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ tables: [{ name, attributes: { pk: 'S' }, keys: { partition: 'pk' }, stream }] }));
  await ok(['schema-load', '--schema', file]);
  return name;
};

/** The shipped schema under another name, seeded first and its stream (new images, as the app's) turned on after. */
const messagingTable = async (): Promise<string> => {
  const name = uniqueName('cruddur');
  tables.push(name);
  const shipped = JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8'));
  const table = { ...shipped.tables[0], name };
  expect(table.stream).toBe('NEW_IMAGE');
  const sub = join(dir, name);
  mkdirSync(sub);
  writeFileSync(join(sub, 'plain.json'), JSON.stringify({ tables: [{ ...table, stream: undefined }] }));
  writeFileSync(join(sub, 'streamed.json'), JSON.stringify({ tables: [table] }));
  await ok(['schema-load', '--schema', join(sub, 'plain.json')]);
  await ok(['seed', '--table', name]);
  await ok(['schema-load', '--schema', join(sub, 'streamed.json')]);
  return name;
};

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  lines: () => any[];
  /** a signal, then the exit code */
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

/** `ddb streams run …` as a user runs it (the built binary; NDJSON lines, or the lines and notes people see). */
const runStreams = (args: string[], env: Record<string, string> = {}, output: 'ndjson' | 'table' = 'ndjson'): Running => {
  const child = spawn(process.execPath, [BIN, ...E, 'streams', 'run', ...args, '--output', output], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', DDB_STATE_DIR: STATE, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    lines: () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    stop: (signal) => {
      if (child.exitCode === null) child.kill(signal);
      return exit;
    },
  };
};

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, run?: Running, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${run ? `\nstdout: ${run.stdout()}\nstderr: ${run.stderr()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const seenLines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('the messaging app’s stream function (pattern E)', () => {
  const cases = [
    { name: 'the example Python function (boto3)', handler: `${EXAMPLE}:lambda_handler`, skip: !HAS_BOTO3 },
    { name: 'a Node port of it (CommonJS, callback)', handler: `${join(FIXTURES, 'cruddur.cjs')}:moveGroups`, skip: false },
  ];
  for (const c of cases) {
    it.skipIf(c.skip)(`${c.name}: after a message is written, both group items point at it`, async () => {
      const table = await messagingTable();
      const run = runStreams([c.handler, table, '--starting-position', 'trim-horizon'], { TABLE_NAME: table }, 'table');
      // The app writes the message alone; its function moves the groups.
      const sk = new Date().toISOString();
      const text = `stream ${c.name}`;
      await ok(['put', table, JSON.stringify({ pk: `MSG#${AB}`, sk, message_uuid: 'b1e0c7a4-0d55-4f7e-9c0a-3f6f1b7f0e11', message: text, user_uuid: '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683', user_display_name: 'Andrew Brown', user_handle: 'andrewbrown' })]);
      const groups = async () => (await doc.send(new QueryCommand({ TableName: table, IndexName: 'message-group-sk-index', KeyConditionExpression: 'message_group_uuid = :g', ExpressionAttributeValues: { ':g': AB } }))).Items ?? [];
      await waitFor('both group items to move', async () => {
        const g = await groups();
        return g.length === 2 && g.every((i) => i.sk === sk && i.message === text);
      }, run);
      expect((await groups()).map((g) => g.pk.slice(0, 4))).toEqual(['GRP#', 'GRP#']);
      expect(await run.stop('SIGINT')).toBe(130);
      expect(run.stderr()).toContain(`on ${table}'s stream from the oldest record kept (TRIM_HORIZON), batches of up to 100, until Ctrl-C`);
      expect(run.stdout()).toMatch(/^\d\d:\d\d:\d\d {2}#1 {2}1 record\(s\) +ok +\d+ ms\n/); // the message alone: its record comes first
      expect(run.stderr()).toMatch(/ddb: interrupted: \d+ invocation\(s\): \d+ record\(s\) delivered, 0 filtered out, 0 given up on\n$/);
    }, 60_000);
  }
});

describe('failures, filters and the checkpoint', () => {
  it('a record that throws: the batch is retried, bisected down to it, and it alone is described to --on-failure', async () => {
    const table = await streamedTable('poison');
    const seen = join(dir, `${table}.seen`);
    const failures = join(dir, `${table}.failures.ndjson`);
    const keys = ['a', 'b', 'POISON', 'd', 'e'];
    await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: keys.map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));
    const run = runStreams([`${join(FIXTURES, 'record.mjs')}`, table, '--starting-position', 'trim-horizon', '--bisect-on-error', '--max-retries', '1', '--on-failure', failures], { SEEN_FILE: seen, POISON: 'POISON' });
    await waitFor('the bad record to be given up on', () => existsSync(failures) && seenLines(seen).length === 4, run);
    expect(await run.stop('SIGINT')).toBe(130);

    const lines = run.lines().map((l) => `${l.records} ${l.outcome}${l.then ? ` ${l.then}` : ''}${l.attempt > 1 ? ` attempt ${l.attempt}` : ''}`);
    expect(lines).toEqual(['5 failed bisect', '3 failed bisect', '2 ok', '1 failed retry', '1 failed on-failure attempt 2', '2 ok']);
    expect(seenLines(seen).sort()).toEqual(['INSERT a', 'INSERT b', 'INSERT d', 'INSERT e']);

    const tail = await ok(['streams', 'tail', table, '--from-start', '--max-records', '5', '--output', 'ndjson']);
    const poison = tail.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.dynamodb.Keys.pk === 'POISON');
    const [failure, ...more] = readFileSync(failures, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(more).toEqual([]);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2, functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:record' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, startSequenceNumber: poison.dynamodb.SequenceNumber, endSequenceNumber: poison.dynamodb.SequenceNumber, streamArn: expect.stringContaining(`table/${table}/stream/`) },
    });
    expect(run.lines()[0].error).toBe('Error: poison record POISON'); // the function's error reaches the user
  }, 60_000);

  it('--filter passes only the records its pattern names (Lambda filter criteria on the record as the function gets it)', async () => {
    const table = await streamedTable('filtered');
    const seen = join(dir, `${table}.seen`);
    for (const pk of ['MSG#1', 'GRP#1', 'MSG#2', 'OTHER']) await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'MSG#1' }, n: { N: '2' } } })); // a MODIFY
    const pattern = JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'MSG#' }] } } } });
    const run = runStreams([join(FIXTURES, 'record.mjs'), table, '--starting-position', 'trim-horizon', '--filter', pattern, '--filter', '{"dynamodb":{"Keys":{"pk":{"S":["OTHER"]}}}}'], { SEEN_FILE: seen });
    await waitFor('the records to pass', () => seenLines(seen).length >= 3, run);
    await new Promise((r) => setTimeout(r, 500)); // nothing else arrives
    expect(await run.stop('SIGINT')).toBe(130);
    expect(seenLines(seen).sort()).toEqual(['INSERT MSG#1', 'INSERT MSG#2', 'INSERT OTHER']); // a stream orders records within a key only
    expect(run.stderr()).toMatch(/ddb: interrupted: \d invocation\(s\): 3 record\(s\) delivered, 2 filtered out/);

    const bad = await ddb([...E, 'streams', 'run', join(FIXTURES, 'record.mjs'), table, '--filter', '{"dynamodb":{"Keys":{"pk":{"S":[{"startsWith":"M"}]}}}}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--filter .*: dynamodb\.Keys\.pk\.S\[0\]: unknown operator "startsWith"/);
  }, 60_000);

  it('--batching-window gathers the records that arrive within it into one invocation; --batch-size caps it', async () => {
    const table = await streamedTable('window');
    const seen = join(dir, `${table}.seen`);
    const run = runStreams([join(FIXTURES, 'record.mjs'), table, '--starting-position', 'trim-horizon', '--batching-window', '3', '--batch-size', '4'], { SEEN_FILE: seen });
    for (const pk of ['w1', 'w2', 'w3', 'w4', 'w5']) {
      await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor('the records', () => seenLines(seen).length === 5, run);
    expect(await run.stop('SIGINT')).toBe(130);
    expect(run.lines().map((l) => l.records)).toEqual([4, 1]); // spaced 200 ms apart: without the window, 5 invocations
  }, 60_000);

  it('a killed run resumes from its checkpoint: nothing missed, nothing delivered twice', async () => {
    const table = await streamedTable('resumed');
    const seen = join(dir, `${table}.seen`);
    const put = (pk: string) => raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
    for (const pk of ['k1', 'k2', 'k3']) await put(pk);
    const args = [join(FIXTURES, 'record.mjs'), table, '--starting-position', 'trim-horizon', '--batch-size', '2'];
    const first = runStreams(args, { SEEN_FILE: seen });
    await waitFor('the first records', () => seenLines(seen).length === 3, first);
    await new Promise((r) => setTimeout(r, 300)); // the checkpoint is written before the line is printed
    await first.stop('SIGKILL');
    for (const pk of ['k4', 'k5', 'k6']) await put(pk);
    const second = runStreams(args, { SEEN_FILE: seen }, 'table');
    await waitFor('the records written while it was down', () => seenLines(seen).length >= 6, second);
    await new Promise((r) => setTimeout(r, 500));
    expect(await second.stop('SIGINT')).toBe(130);
    expect(second.stderr()).toMatch(/from its checkpoint/);
    expect(seenLines(seen).sort()).toEqual(['INSERT k1', 'INSERT k2', 'INSERT k3', 'INSERT k4', 'INSERT k5', 'INSERT k6']); // each once; order is per key
  }, 60_000);

  it('says what is wrong with a handler before reading anything', async () => {
    const table = await streamedTable('handlers');
    const missing = await ddb([...E, 'streams', 'run', 'nope.mjs', table]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/handler file nope\.mjs not found/);
    const noExport = await ddb([...E, 'streams', 'run', `${join(FIXTURES, 'record.mjs')}:other`, table], { env: { DDB_STATE_DIR: STATE } });
    expect(noExport.code).toBe(2);
    expect(noExport.stderr).toMatch(/Runtime\.HandlerNotFound: .*record\.mjs exports no function "other"/);
    const wrongKind = await ddb([...E, 'streams', 'run', 'handler.rb', table]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/is not FILE\[:FUNCTION\] with a \.mjs, \.js, \.cjs or \.py file/);
  });
});
