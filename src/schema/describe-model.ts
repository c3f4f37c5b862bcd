/**
 * `ddb describe` as data: one live table (DescribeTable + TTL + PITR + tags) turned into the model both renderers
 * use — `--output json` prints it as is, the human renderer lays it out. Pure.
 *
 * A setting whose API the engine lacks is `{ supported: false, note }`, never a guessed default: DynamoDB Local
 * answers UnknownOperationException for tagging and backups, and accepts but never reports table class and
 * encryption (see Capabilities in ./live.ts).
 */
import type { GlobalSecondaryIndexDescription, LocalSecondaryIndexDescription, TableDescription } from '@aws-sdk/client-dynamodb';
import { encryptionText, liveBilling, liveEncryption, liveStream, liveTableClass, type LiveTable } from './live.js';
import { UNSUPPORTED } from './steps.js';

export type Supported<T> = ({ supported: true } & T) | { supported: false; note: string };

export interface KeyAttribute {
  name: string;
  /** S, N or B (from AttributeDefinitions) */
  type: string;
}

export interface IndexModel {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: string;
  projectedAttributes?: string[];
  /** GSIs only: CREATING, UPDATING, DELETING or ACTIVE */
  status?: string;
  backfilling?: boolean;
  itemCount: number;
  sizeBytes: number;
  /** provisioned tables only */
  capacity?: { read: number; write: number };
}

export interface DescribeModel {
  table: string;
  arn?: string;
  status: string;
  created?: string;
  /** DynamoDB refreshes ItemCount and TableSizeBytes about every six hours */
  itemCount: number;
  sizeBytes: number;
  keys: { partition: KeyAttribute; sort?: KeyAttribute };
  billing: { mode: 'PAY_PER_REQUEST' | 'PROVISIONED'; read?: number; write?: number };
  globalSecondaryIndexes: IndexModel[];
  localSecondaryIndexes: IndexModel[];
  stream: { enabled: false } | { enabled: true; viewType: string; arn?: string };
  ttl: Supported<{ enabled: boolean; attribute?: string }>;
  pointInTimeRecovery: Supported<{ enabled: boolean }>;
  deletionProtection: boolean;
  tableClass: Supported<{ class: string }>;
  encryption: Supported<{ type: string; keyArn?: string; text: string }>;
  tags: Supported<{ values: Record<string, string> }>;
  /** regions of a global table's replicas */
  replicas: string[];
}

type KeyList = readonly { AttributeName?: string; KeyType?: string }[] | undefined;

const unsupported = { supported: false, note: UNSUPPORTED } as const;

const keysOf = (d: TableDescription, ks: KeyList): { partition: KeyAttribute; sort?: KeyAttribute } => {
  const types = new Map((d.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType ?? '?']));
  const attr = (role: 'HASH' | 'RANGE'): KeyAttribute | undefined => {
    const name = (ks ?? []).find((k) => k.KeyType === role)?.AttributeName;
    return name === undefined ? undefined : { name, type: types.get(name) ?? '?' };
  };
  const sort = attr('RANGE');
  return { partition: attr('HASH') ?? { name: '?', type: '?' }, ...(sort ? { sort } : {}) };
};

const indexModel = (d: TableDescription, i: GlobalSecondaryIndexDescription & LocalSecondaryIndexDescription, provisioned: boolean): IndexModel => {
  const keys = keysOf(d, i.KeySchema);
  const read = i.ProvisionedThroughput?.ReadCapacityUnits;
  const write = i.ProvisionedThroughput?.WriteCapacityUnits;
  return {
    name: i.IndexName ?? '?',
    partitionKey: keys.partition,
    ...(keys.sort ? { sortKey: keys.sort } : {}),
    projection: i.Projection?.ProjectionType ?? '?',
    ...(i.Projection?.NonKeyAttributes?.length ? { projectedAttributes: [...i.Projection.NonKeyAttributes] } : {}),
    ...(i.IndexStatus ? { status: i.IndexStatus } : {}),
    ...(i.Backfilling ? { backfilling: true } : {}),
    itemCount: i.ItemCount ?? 0,
    sizeBytes: i.IndexSizeBytes ?? 0,
    ...(provisioned && read !== undefined && write !== undefined ? { capacity: { read, write } } : {}),
  };
};

const billingOf = (d: TableDescription): DescribeModel['billing'] => {
  const mode = liveBilling(d);
  if (mode === 'PAY_PER_REQUEST') return { mode };
  return { mode, read: d.ProvisionedThroughput?.ReadCapacityUnits ?? 0, write: d.ProvisionedThroughput?.WriteCapacityUnits ?? 0 };
};

const streamOf = (d: TableDescription): DescribeModel['stream'] => {
  const view = liveStream(d);
  return view === false ? { enabled: false } : { enabled: true, viewType: view, ...(d.LatestStreamArn ? { arn: d.LatestStreamArn } : {}) };
};

export const describeModel = (live: LiveTable): DescribeModel => {
  const d = live.description;
  const provisioned = liveBilling(d) === 'PROVISIONED';
  const classAndSse = live.capabilities.classAndEncryption;
  const encryption = liveEncryption(d);
  return {
    table: d.TableName ?? '?',
    ...(d.TableArn ? { arn: d.TableArn } : {}),
    status: d.TableStatus ?? 'UNKNOWN',
    ...(d.CreationDateTime ? { created: new Date(d.CreationDateTime).toISOString() } : {}),
    itemCount: d.ItemCount ?? 0,
    sizeBytes: d.TableSizeBytes ?? 0,
    keys: keysOf(d, d.KeySchema),
    billing: billingOf(d),
    globalSecondaryIndexes: (d.GlobalSecondaryIndexes ?? []).map((i) => indexModel(d, i, provisioned)),
    localSecondaryIndexes: (d.LocalSecondaryIndexes ?? []).map((i) => indexModel(d, i, false)),
    stream: streamOf(d),
    ttl: live.ttl === undefined ? unsupported : live.ttl === false ? { supported: true, enabled: false } : { supported: true, enabled: true, attribute: live.ttl },
    pointInTimeRecovery: live.pitr === undefined ? unsupported : { supported: true, enabled: live.pitr },
    deletionProtection: Boolean(d.DeletionProtectionEnabled),
    tableClass: classAndSse ? { supported: true, class: liveTableClass(d) } : unsupported,
    encryption: classAndSse ? { supported: true, ...encryption, text: encryptionText(encryption) } : unsupported,
    tags: live.tags === undefined ? unsupported : { supported: true, values: live.tags },
    replicas: (d.Replicas ?? []).map((r) => r.RegionName ?? '?'),
  };
};
