/** ddb audit's checks, pure: AWS-shaped input for what DynamoDB Local cannot show (no engine). */
import { describe, expect, it } from 'vitest';
import { auditTable, tablesWithBilling } from '../src/audit/checks.js';
import { FULL_CAPABILITIES } from '../src/schema/live.js';
import { tableSchema } from '../src/schema/format.js';

/** The branches DynamoDB Local cannot reach (PITR, tags, encryption, region): the pure checks with AWS-shaped input. */
describe('audit checks against an AWS-shaped table', () => {
  const declared = tableSchema.parse({ name: 'orders', attributes: { pk: 'S' }, keys: { partition: 'pk' }, deletionProtection: true, encryption: { type: 'KMS', keyId: 'k-1' } });
  const description = {
    TableName: 'orders',
    TableStatus: 'ACTIVE' as const,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' as const },
    DeletionProtectionEnabled: true,
  };
  const live = { description, ttl: false as const, pitr: false, tags: { team: 'payments' }, capabilities: FULL_CAPABILITIES };
  const run = (over: Partial<Parameters<typeof auditTable>[0]> = {}) =>
    Object.fromEntries(
      auditTable({ table: 'orders', live, declared, billingWritten: false, policy: { requiredTags: ['team', 'owner'], allowedRegions: ['eu-west-1'] }, target: { kind: 'aws', region: 'us-east-1' }, plan: undefined, ...over }).map((c) => [c.check, c]),
    );

  it('fails PITR off, a missing required tag, a region outside the allow-list, a key other than the declared one', () => {
    const c = run();
    expect(c['deletion-protection']?.status).toBe('pass');
    expect(c.pitr).toMatchObject({ status: 'fail', fix: expect.stringContaining('"pointInTimeRecovery": true') });
    expect(c['required-tags']).toMatchObject({ status: 'fail', detail: 'missing tag(s) owner' });
    expect(c.region).toMatchObject({ status: 'fail', detail: expect.stringContaining('us-east-1 is not in the allowed regions (eu-west-1)') });
    expect(c.encryption).toMatchObject({ status: 'fail', detail: expect.stringContaining('KMS key k-1') });
    expect(c['billing-declared']?.status).toBe('warn');
  });

  it('passes what is in order, warns on the AWS owned key and on a missing allow-list', () => {
    const kms = { ...description, SSEDescription: { Status: 'ENABLED' as const, KMSMasterKeyArn: 'arn:aws:kms:eu-west-1:1:key/k-1' } };
    const good = run({ live: { ...live, description: kms, pitr: true, tags: { team: 't', owner: 'o' } }, target: { kind: 'aws', region: 'eu-west-1' } });
    for (const check of ['pitr', 'required-tags', 'region', 'encryption']) expect(good[check]?.status, check).toBe('pass');
    const loose = run({ declared: { ...declared, encryption: undefined }, policy: {} });
    expect(loose.encryption?.status).toBe('warn');
    expect(loose.region?.status).toBe('warn');
    expect(loose['required-tags']?.status).toBe('skip');
  });

  it('tells a written billing mode from the default', () => {
    expect([...tablesWithBilling({ tables: [{ name: 'a', billing: { mode: 'PROVISIONED' } }, { name: 'b' }] })]).toEqual(['a']);
    expect(run({ live: { ...live, description: { ...description, BillingModeSummary: { BillingMode: 'PROVISIONED' } } } })['billing-declared']).toMatchObject({
      status: 'fail',
      detail: 'the table is PROVISIONED; the file leaves billing out, so PAY_PER_REQUEST by default',
    });
  });
});
