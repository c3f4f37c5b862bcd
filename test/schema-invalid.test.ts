/**
 * Invalid schema files: each mistake gives one line naming the place in the file and what is wrong, exit 2,
 * and nothing is created (the table each file declares does not exist afterwards).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';

const E = ['--endpoint-url', inject('endpoint')];
const dir = mkdtempSync(join(tmpdir(), 'ddb-invalid-'));
const NAME = `invalid-${randomUUID().slice(0, 8)}`;

const table = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: NAME,
  attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S' },
  keys: { partition: 'pk', sort: 'sk' },
  globalSecondaryIndexes: [{ name: 'message-group-sk-index', keys: { partition: 'message_group_uuid', sort: 'sk' } }],
  ...over,
});
const file = (tables: unknown[], extra: Record<string, unknown> = {}) => ({ tables, ...extra });
const gsi = (name: string, partition: string, over: Record<string, unknown> = {}) => ({ name, keys: { partition }, ...over });

const cases: [string, unknown, string][] = [
  ['no tables field', {}, 'tables: is required'],
  ['an empty table list', file([]), 'tables: declare at least one table'],
  ['a table name too short', file([table({ name: 'ab' })]), 'tables[0].name: a table name needs at least 3 characters'],
  ['a table name with a space', file([table({ name: 'my table' })]), 'tables[0].name: a table name may contain only letters, digits'],
  ['an unknown attribute type', file([table({ attributes: { pk: 'STRING', sk: 'S', message_group_uuid: 'S' } })]), 'tables[0].attributes.pk: must be "S", "N" or "B"'],
  ['a key attribute without a type', file([table({ keys: { partition: 'owner', sort: 'sk' }, attributes: { sk: 'S', message_group_uuid: 'S' } })]), 'tables[0].keys.partition: attribute "owner" has no type'],
  [
    'an index key attribute without a type',
    file([table({ globalSecondaryIndexes: [gsi('message-group-sk-index', 'message_group_uuid'), gsi('by-owner', 'owner')] })]),
    'tables[0].globalSecondaryIndexes[1].keys.partition: attribute "owner" has no type',
  ],
  ['a typed attribute no key uses', file([table({ attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S', body: 'S' } })]), 'tables[0].attributes.body: attribute "body" is not a key'],
  ['a table declared twice', file([table(), table()]), `tables[1].name: table "${NAME}" is declared twice`],
  ['an index declared twice', file([table({ globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid'), gsi('by-group', 'message_group_uuid')] })]), 'tables[0].globalSecondaryIndexes[1].name: index "by-group" is declared twice'],
  ['a misspelt field', file([table({ billingMode: 'PAY_PER_REQUEST' })]), 'tables[0]: unknown field "billingMode"'],
  ['provisioned billing without read capacity', file([table({ billing: { mode: 'PROVISIONED', write: 5 } })]), 'tables[0].billing.read: is required'],
  ['zero write capacity', file([table({ billing: { mode: 'PROVISIONED', read: 5, write: 0 } })]), 'tables[0].billing.write:'],
  ['an unknown billing mode', file([table({ billing: { mode: 'ON_DEMAND' } })]), 'tables[0].billing.mode:'],
  ['index capacity on an on-demand table', file([table({ globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid', { capacity: { read: 1, write: 1 } })] })]), 'tables[0].globalSecondaryIndexes[0].capacity: an on-demand (PAY_PER_REQUEST) table takes no index capacity'],
  ['INCLUDE without attributes', file([table({ globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid', { projection: { type: 'INCLUDE' } })] })]), 'tables[0].globalSecondaryIndexes[0].projection.attributes: is required'],
  ['INCLUDE of a key attribute', file([table({ globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid', { projection: { type: 'INCLUDE', attributes: ['pk', 'message'] } })] })]), 'tables[0].globalSecondaryIndexes[0].projection.attributes: "pk" is a key attribute'],
  ['an LSI on a table without a sort key', file([table({ keys: { partition: 'pk' }, attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S' }, globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid')], localSecondaryIndexes: [{ name: 'by-sk', sort: 'sk' }] })]), 'tables[0].localSecondaryIndexes[0]: a local secondary index needs a table with a sort key'],
  ['an LSI on the table sort key', file([table({ localSecondaryIndexes: [{ name: 'by-sk', sort: 'sk' }] })]), 'tables[0].localSecondaryIndexes[0].sort: "sk" is already the table\'s sort key'],
  ['an unknown stream view type', file([table({ stream: 'NEW' })]), 'tables[0].stream: must be false or one of NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY'],
  ['ttl: true instead of an attribute', file([table({ ttl: true })]), 'tables[0].ttl: must be false or { "attribute": "NAME" }'],
  ['a TTL attribute typed as a string', file([table({ ttl: { attribute: 'sk' } })]), 'tables[0].ttl.attribute: "sk" is declared S; TTL reads epoch seconds from a Number attribute'],
  ['a KMS key without its id', file([table({ encryption: { type: 'KMS' } })]), 'tables[0].encryption.keyId: is required'],
  ['a reserved tag key', file([table({ tags: { 'aws:team': 'x' } })]), 'tables[0].tags.aws:team: tag keys starting with "aws:" are reserved by AWS'],
  ['a region that is not one', file([table()], { policy: { allowedRegions: ['europe'] } }), 'policy.allowedRegions[0]: must be an AWS region such as "eu-west-1"'],
];

describe('invalid schema files', () => {
  it.each(cases)('%s: one precise line, exit 2, nothing created', async (_what, content, expected) => {
    const path = join(dir, `${randomUUID()}.json`);
    writeFileSync(path, JSON.stringify(content));
    const r = await ddb([...E, 'schema-load', '--schema', path]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    // file:line:column: the place, then what is wrong
    expect(lines[0]).toMatch(new RegExp(`${path}:\\d+:\\d+: `));
    expect(lines[0]).toContain(`: ${expected}`);
    expect(lines[0]).not.toContain('more:');
  });

  it('changed nothing: none of those tables exists, and --plan refuses the same way', async () => {
    expect((await ddb([...E, '-o', 'json', 'list-tables'])).json().map((t: { TableName: string }) => t.TableName)).not.toContain(NAME);
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(cases[6]![1]));
    const r = await ddb([...E, 'schema-load', '--plan', '--schema', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(cases[6]![2]);
  });

  it('says when the file is not JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "tables": [ }');
    const r = await ddb([...E, 'schema-load', '--schema', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:1:15: not valid JSON (value expected)`);
  });

  it('accepts every setting of the format in one valid file (dry run)', async () => {
    const path = join(dir, 'full.json');
    const full = table({
      billing: { mode: 'PROVISIONED', read: 5, write: 5 },
      attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S', user_uuid: 'S' },
      globalSecondaryIndexes: [gsi('by-group', 'message_group_uuid', { projection: { type: 'INCLUDE', attributes: ['message'] }, capacity: { read: 2, write: 2 } })],
      localSecondaryIndexes: [{ name: 'by-user', sort: 'user_uuid', projection: { type: 'KEYS_ONLY' } }],
      stream: 'NEW_AND_OLD_IMAGES',
      ttl: { attribute: 'expires_at' },
      pointInTimeRecovery: true,
      deletionProtection: true,
      tableClass: 'STANDARD_INFREQUENT_ACCESS',
      encryption: { type: 'KMS', keyId: 'alias/messaging' },
      tags: { team: 'messaging' },
    });
    writeFileSync(path, JSON.stringify(file([full], { policy: { allowedRegions: ['eu-west-1'], requiredTags: ['team'] } })));
    const r = await ddb([...E, 'schema-load', '--dry-run', '--schema', path, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().steps[0].input).toMatchObject({
      TableName: NAME,
      BillingMode: 'PROVISIONED',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/messaging' },
      TableClass: 'STANDARD_INFREQUENT_ACCESS',
      Tags: [{ Key: 'team', Value: 'messaging' }],
      DeletionProtectionEnabled: true,
      LocalSecondaryIndexes: [{ IndexName: 'by-user', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'user_uuid', KeyType: 'RANGE' }] }],
    });
  });
});
