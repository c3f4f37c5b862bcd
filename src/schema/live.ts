/**
 * A live table as the planner sees it: DescribeTable plus the settings that have APIs of their own (TTL, PITR,
 * tags), and what the engine can do. Read by ./read-live.ts (the requests: liveSteps); everything here is pure.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { describeStep, type Step } from '../plan/step.js';
import type { EncryptionSpec } from './format.js';

/**
 * What the engine supports, probed rather than assumed. Measured on DynamoDB Local 3.3: the tagging and backup
 * (PITR) APIs answer UnknownOperationException; TableClass and SSESpecification are accepted by CreateTable but
 * ignored, never reported by DescribeTable, and UpdateTable answers "Nothing to update".
 */
export interface Capabilities {
  tags: boolean;
  pitr: boolean;
  ttl: boolean;
  /** table class and encryption are kept and reported */
  classAndEncryption: boolean;
}

export const FULL_CAPABILITIES: Capabilities = { tags: true, pitr: true, ttl: true, classAndEncryption: true };

export interface LiveTable {
  description: TableDescription;
  /** the TTL attribute when TTL is on (ENABLED or ENABLING), false when off, undefined where the engine has no TTL API */
  ttl: string | false | undefined;
  /** undefined where the engine has no backups API */
  pitr: boolean | undefined;
  /** undefined where the engine has no tagging API */
  tags: Record<string, string> | undefined;
  capabilities: Capabilities;
}

export const liveBilling = (d: TableDescription): 'PAY_PER_REQUEST' | 'PROVISIONED' =>
  d.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';

export const liveStream = (d: TableDescription): string | false =>
  d.StreamSpecification?.StreamEnabled ? (d.StreamSpecification.StreamViewType ?? 'KEYS_ONLY') : false;

/** A table without TableClassSummary is STANDARD (tables created before table classes existed have none). */
export const liveTableClass = (d: TableDescription): string => d.TableClassSummary?.TableClass ?? 'STANDARD';

/** No SSEDescription (or a disabled one) means the AWS owned key, DynamoDB's default. */
export const liveEncryption = (d: TableDescription): { type: EncryptionSpec['type']; keyArn?: string } => {
  const sse = d.SSEDescription;
  if (!sse || (sse.Status !== 'ENABLED' && sse.Status !== 'UPDATING')) return { type: 'AWS_OWNED' };
  return { type: 'KMS', ...(sse.KMSMasterKeyArn ? { keyArn: sse.KMSMasterKeyArn } : {}) };
};

/**
 * Whether the live encryption satisfies the file. An AWS managed key and a customer key both show as KMS with a
 * key ARN; telling them apart needs KMS itself, so AWS_MANAGED accepts any KMS key and a KMS alias cannot be
 * checked (only a key id or ARN can).
 */
export const encryptionMatches = (want: EncryptionSpec, live: TableDescription): boolean => {
  const have = liveEncryption(live);
  if (want.type === 'AWS_OWNED') return have.type === 'AWS_OWNED';
  if (have.type !== 'KMS') return false;
  if (want.type === 'AWS_MANAGED' || want.keyId.startsWith('alias/')) return true;
  return have.keyArn === want.keyId || Boolean(have.keyArn?.endsWith(`key/${want.keyId}`));
};

export const encryptionText = (e: EncryptionSpec | { type: string; keyArn?: string }): string => {
  if (e.type === 'AWS_OWNED') return 'AWS owned key';
  if (e.type === 'AWS_MANAGED') return 'AWS managed key (aws/dynamodb)';
  if ('keyId' in e) return `KMS key ${e.keyId}`;
  return 'keyArn' in e && e.keyArn ? `KMS key ${e.keyArn}` : 'KMS';
};

/** The ARN a plan's ListTagsOfResource names: known only from DescribeTable's answer. */
const TABLE_ARN = '<the TableArn DescribeTable answers>';

type StepOf<A extends Step['api']> = Extract<Step, { api: A }>;

/**
 * What reading a live table sends (readLive: describe, audit, schema-load's plan): DescribeTable, then — when it finds
 * the table — its TTL, backups (PITR) and tags, those three at once. An engine without one of those APIs answers that
 * it has none, read as "not supported".
 */
export const liveSteps = (table: string): [StepOf<'DescribeTable'>, StepOf<'DescribeTimeToLive'>, StepOf<'DescribeContinuousBackups'>, StepOf<'ListTagsOfResource'>] => {
  const when = 'DescribeTable finds the table';
  return [
    describeStep(table),
    { api: 'DescribeTimeToLive', input: { TableName: table }, read: true, when },
    { api: 'DescribeContinuousBackups', input: { TableName: table }, read: true, when },
    { api: 'ListTagsOfResource', input: { ResourceArn: TABLE_ARN }, read: true, when, pages: 'then the next page from each NextToken, until the last tag' },
  ];
};
