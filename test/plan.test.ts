/** The planner on its own (pure): order, marks, and the requests it builds, for what the local engine cannot show. */
import { describe, expect, it } from 'vitest';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { tableSchema } from '../src/schema/format.js';
import { planTable } from '../src/schema/plan.js';
import { createTableInput } from '../src/schema/create-table.js';
import { FULL_CAPABILITIES, type LiveTable } from '../src/schema/live.js';

const declared = (over: Record<string, unknown> = {}) =>
  tableSchema.parse({
    name: 'msgs',
    attributes: { pk: 'S', sk: 'S', g: 'S', u: 'S' },
    keys: { partition: 'pk', sort: 'sk' },
    globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g', sort: 'sk' } }],
    ...over,
  });

const live = (over: Partial<TableDescription> = {}, rest: Partial<LiveTable> = {}): LiveTable => ({
  description: {
    TableName: 'msgs',
    TableArn: 'arn:aws:dynamodb:eu-west-1:1:table/msgs',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'g', AttributeType: 'S' },
    ],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    GlobalSecondaryIndexes: [{ IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' }],
    ...over,
  },
  ttl: false,
  pitr: false,
  tags: {},
  capabilities: FULL_CAPABILITIES,
  ...rest,
});

const ctx = { prod: false, capabilities: FULL_CAPABILITIES };
const changes = (t = declared(), l = live()) => planTable(t, l, ctx).steps.map((s) => `${s.kind}: ${s.text}`);

describe('planTable', () => {
  it('has nothing to do when the live table matches', () => {
    expect(changes()).toEqual([]);
  });

  it('orders protection on first, indexes one per step (adds before removals), settings, protection off last', () => {
    const t = declared({
      deletionProtection: false,
      globalSecondaryIndexes: [{ name: 'by-u', keys: { partition: 'u' } }],
      ttl: { attribute: 'exp' },
      pointInTimeRecovery: true,
      tags: { team: 'dm' },
    });
    const l = live({ DeletionProtectionEnabled: true }, { tags: { team: 'old', owner: 'x' } });
    expect(changes(t, l)).toEqual([
      'slow: add index by-u (u; ALL) — backfills from every item',
      'destructive: remove index by-g (not in the file) — queries on it will fail',
      'safe: turn TTL on (exp)',
      'safe: turn point-in-time recovery on',
      'safe: tag team=dm',
      'safe: remove tag(s) owner',
      'destructive: turn deletion protection off — the table can then be deleted',
    ]);
  });

  it('redefines a changed index as removal then addition', () => {
    const t = declared({ globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g', sort: 'sk' }, projection: { type: 'KEYS_ONLY' } }] });
    expect(changes(t)).toEqual([
      'destructive: remove index by-g (g, sk (sort); ALL) to redefine it — queries on it fail until it is back',
      'slow: add index by-g back as (g, sk (sort); KEYS_ONLY) — backfills from every item',
    ]);
  });

  it('gives every index capacity in the request that makes the table provisioned', () => {
    const t = declared({ billing: { mode: 'PROVISIONED', read: 10, write: 4 }, globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g', sort: 'sk' }, capacity: { read: 2, write: 1 } }] });
    const [step] = planTable(t, live(), ctx).steps;
    expect(step?.operation).toEqual({
      api: 'UpdateTable',
      input: {
        TableName: 'msgs',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 4 },
        GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'by-g', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 } } }],
      },
    });
  });

  it('moves a stream to another view type as off then on, and a TTL attribute the same way', () => {
    const t = declared({ stream: 'NEW_IMAGE', ttl: { attribute: 'b' } });
    const l = live({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }, { ttl: 'a' });
    expect(changes(t, l)).toEqual([
      'destructive: turn the stream off (KEYS_ONLY) — its consumers stop receiving changes',
      'safe: turn the stream on (NEW_IMAGE)',
      'safe: turn TTL off (a) to move it — on AWS the next TTL change waits up to an hour',
      'safe: turn TTL on (b)',
    ]);
  });

  it('checks encryption and table class where the engine reports them, and skips them where it cannot', () => {
    const t = declared({ encryption: { type: 'KMS', keyId: '1234abcd-0000' }, tableClass: 'STANDARD_INFREQUENT_ACCESS' });
    const kms = live({ SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:eu-west-1:1:key/1234abcd-0000' }, TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' } });
    expect(changes(t, kms)).toEqual([]);
    expect(changes(t)).toEqual(['safe: change the table class from STANDARD to STANDARD_INFREQUENT_ACCESS', 'safe: encrypt with the KMS key 1234abcd-0000 (now: AWS owned key)']);
    const local = planTable(t, live({}, { capabilities: { ...FULL_CAPABILITIES, classAndEncryption: false } }), ctx);
    expect(local.steps.map((s) => s.unsupported)).toEqual(['not supported by this engine', 'not supported by this engine']);
  });

  it('refuses key and LSI changes with the way out, and plans nothing else for that table', () => {
    const plan = planTable(declared({ keys: { partition: 'pk', sort: 'u' }, attributes: { pk: 'S', u: 'S', g: 'S', sk: 'S' }, ttl: { attribute: 'x' } }), live(), ctx);
    expect(plan.steps).toEqual([]);
    expect(plan.refusals[0]?.text).toContain("cannot change a table's key");
    expect(plan.refusals[0]?.wayOut).toContain('ddb export msgs | ddb import NEW -');
  });

  it('creates a missing table with deletion protection in prod, then TTL and PITR once it exists', () => {
    const t = declared({ ttl: { attribute: 'exp' }, pointInTimeRecovery: true });
    const plan = planTable(t, undefined, { prod: true, capabilities: FULL_CAPABILITIES });
    expect(plan.steps.map((s) => s.operation.api)).toEqual(['CreateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups']);
    expect(createTableInput(t, { prod: true }).DeletionProtectionEnabled).toBe(true);
    expect(createTableInput(t).DeletionProtectionEnabled).toBeUndefined();
    expect(createTableInput(declared({ deletionProtection: false }), { prod: true }).DeletionProtectionEnabled).toBe(false);
  });
});
