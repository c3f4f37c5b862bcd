/**
 * `ddb patterns codegen`: the generated module compiles under `tsc --strict` (the repo's TypeScript), and, imported
 * here and run against DynamoDB Local, returns the same items as `ddb patterns NAME -o json` on the seeded table; its
 * create-message writes what ddb's does; `--check` fails on a stale file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { client, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABLE = uniqueName('codegen');
const dir = mkdtempSync(join(tmpdir(), 'ddb-codegen-'));
const SCHEMA = shippedSchemaAs(TABLE, dir);
const S = ['--schema', SCHEMA];
const OUT = join(dir, 'patterns.ts');
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const ANDREW = { uuid: '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683', handle: 'andrewbrown', display_name: 'Andrew Brown' };
const doc = DynamoDBDocumentClient.from(client(endpoint));

beforeAll(async () => {
  expect((await ddb([...E, 'schema-load', ...S])).code).toBe(0);
  expect((await ddb([...E, 'seed', '--table', TABLE])).code).toBe(0);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules')); // the module resolves @aws-sdk/lib-dynamodb from here
  const r = await ddb(['patterns', 'codegen', '--out', OUT, ...S]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/wrote .*patterns\.ts: getConversation, listConversations, createMessage, createConversation/);
});

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('ddb patterns codegen', () => {
  it('compiles under tsc --strict, importing only @aws-sdk/lib-dynamodb', () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], noEmit: true, skipLibCheck: true }, files: ['patterns.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const imports = [...readFileSync(OUT, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['@aws-sdk/lib-dynamodb']);
  }, 120_000); // tsc reads the SDK's types: ~18 s on a busy 2-core machine

  it('returns the same items as `ddb patterns NAME -o json`, and pages with NextToken', async () => {
    const gen = await import(OUT);
    const options = { tableName: TABLE };
    const conversation = await gen.getConversation(doc, { group: GROUP }, options);
    expect(conversation.Items).toEqual((await ddb([...E, 'patterns', 'get-conversation', GROUP, ...S, '-o', 'json'])).json().Items);
    expect(conversation.Items).toHaveLength(20);
    const since = { group: GROUP, since: '2026-10-31T00:00:00.000Z' };
    expect((await gen.getConversation(doc, since, { ...options, limit: 100 })).Items).toEqual((await ddb([...E, 'patterns', 'get-conversation', GROUP, '--since', since.since, '--limit', '100', ...S, '-o', 'json'])).json().Items);
    const list = await gen.listConversations(doc, { user: ANDREW.uuid }, options);
    expect(list.Items).toEqual((await ddb([...E, 'patterns', 'list-conversations', 'andrewbrown', ...S, '-o', 'json'])).json().Items);

    const first = await gen.getConversation(doc, { group: GROUP }, { ...options, limit: 5 });
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await gen.getConversation(doc, { group: GROUP }, { ...options, limit: 5, nextToken: first.NextToken });
    const ddbFirst = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '5', ...S, '-o', 'json'])).json();
    const ddbSecond = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '5', '--starting-token', ddbFirst.NextToken, ...S, '-o', 'json'])).json();
    expect([first.Items, second.Items]).toEqual([ddbFirst.Items, ddbSecond.Items]);
  });

  it("createMessage: one transaction that adds the message and moves both group items to it, as ddb's does", async () => {
    const gen = await import(OUT);
    const item = await gen.createMessage(doc, { group: GROUP, from: ANDREW, text: 'from the generated client' }, { tableName: TABLE });
    const messages = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '1', ...S, '-o', 'json'])).json().Items;
    expect(messages).toEqual([item]);
    const groups = (await ddb([...E, 'patterns', 'list-conversations', 'andrewbrown', ...S, '-o', 'json'])).json().Items;
    expect(groups[0]).toMatchObject({ sk: item.sk, message: 'from the generated client', message_group_uuid: GROUP });
    const theirs = (await ddb([...E, 'patterns', 'list-conversations', 'bayko', ...S, '-o', 'json'])).json().Items;
    expect(theirs[0]).toMatchObject({ sk: item.sk, message: 'from the generated client', user_uuid: ANDREW.uuid });
  });

  it('createMessage: 5 writers at once on one conversation — every message lands once, the groups name the newest', async () => {
    const gen = await import(OUT);
    const BAYKO = { uuid: '2bf6761e-befc-4f0d-9fa2-122f88434f7e', handle: 'bayko', display_name: 'Andrew Bayko' };
    const written = await Promise.all([0, 1, 2, 3, 4].map((i) => gen.createMessage(doc, { group: GROUP, from: i % 2 ? ANDREW : BAYKO, text: `at once ${i}` }, { tableName: TABLE })));
    const messages = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '10', ...S, '-o', 'json'])).json().Items as { message: string; sk: string }[];
    expect(messages.filter((m) => m.message.startsWith('at once ')).map((m) => m.message).sort()).toEqual(['at once 0', 'at once 1', 'at once 2', 'at once 3', 'at once 4']);
    const newest = written.map((m: { sk: string }) => m.sk).sort().at(-1);
    for (const user of ['andrewbrown', 'bayko']) {
      const groups = (await ddb([...E, 'patterns', 'list-conversations', user, ...S, '-o', 'json'])).json().Items.filter((g: { message_group_uuid: string }) => g.message_group_uuid === GROUP);
      expect(groups.map((g: { sk: string }) => g.sk)).toEqual([newest]);
    }
  });

  it('--check: exit 0 when current, exit 6 when stale or missing, and writes nothing', async () => {
    const current = await ddb(['patterns', 'codegen', '--out', OUT, '--check', ...S]);
    expect(current.code, current.stderr).toBe(0);
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    schema.tables[0].accessPatterns['list-conversations'].query.limit = 50;
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify(schema));
    const stale = await ddb(['patterns', 'codegen', '--out', OUT, '--check', '--schema', changed]);
    expect(stale.code).toBe(6);
    expect(stale.stderr).toMatch(/patterns\.ts is out of date with .*changed\.json — generate it again: `ddb patterns codegen --out .*patterns\.ts`/);
    const missing = await ddb(['patterns', 'codegen', '--out', join(dir, 'none.ts'), '--check', ...S]);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toMatch(/none\.ts is missing/);
  });
});
