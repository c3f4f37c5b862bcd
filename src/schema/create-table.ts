/**
 * Requests built from a declared table: pure, so `--dry-run`, `--plan --output json` and the tests see exactly
 * what is sent.
 */
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  Projection,
  ProvisionedThroughput,
  SSESpecification,
  StreamSpecification,
  Tag,
} from '@aws-sdk/client-dynamodb';
import type { BillingSpec, EncryptionSpec, KeySpec, ProjectionSpec, TableSchema } from './format.js';

type Gsi = TableSchema['globalSecondaryIndexes'][number];

/** A live table's provisioned throughput (0/0 when it is on-demand). */
type LiveThroughput = { ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** The billing a new table gets: the file's, else on-demand (DynamoDB's default). A plan leaves it alone when left out. */
export const billingOf = (table: Pick<TableSchema, 'billing'>): BillingSpec => table.billing ?? { mode: 'PAY_PER_REQUEST' };

export const keySchema = (keys: KeySpec): KeySchemaElement[] => [
  { AttributeName: keys.partition, KeyType: 'HASH' },
  ...(keys.sort ? [{ AttributeName: keys.sort, KeyType: 'RANGE' as const }] : []),
];

export const projectionOf = (p: ProjectionSpec): Projection =>
  p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: p.attributes } : { ProjectionType: p.type };

/** The definitions of the attributes a set of keys uses (UpdateTable wants exactly those of a new index). */
export const attributeDefinitions = (table: TableSchema, ...keySpecs: KeySpec[]): AttributeDefinition[] => {
  const names = new Set(keySpecs.flatMap((k) => [k.partition, k.sort]).filter((n): n is string => Boolean(n)));
  return [...names].map((AttributeName) => ({ AttributeName, AttributeType: table.attributes[AttributeName] }));
};

export const tableThroughput = (table: TableSchema): ProvisionedThroughput | undefined => {
  const billing = billingOf(table);
  return billing.mode === 'PROVISIONED' ? { ReadCapacityUnits: billing.read, WriteCapacityUnits: billing.write } : undefined;
};

/**
 * A provisioned index takes its own capacity, or the table's when the file gives none. A file that leaves billing out
 * does not manage it: then the live table's mode decides (`live`: its provisioned throughput, when it has one).
 */
export const indexThroughput = (table: TableSchema, index: Pick<Gsi, 'capacity'> | undefined, live?: LiveThroughput): ProvisionedThroughput | undefined => {
  if (!table.billing && live?.ReadCapacityUnits) {
    return index?.capacity ? { ReadCapacityUnits: index.capacity.read, WriteCapacityUnits: index.capacity.write } : { ReadCapacityUnits: live.ReadCapacityUnits, WriteCapacityUnits: live.WriteCapacityUnits ?? live.ReadCapacityUnits };
  }
  const billing = billingOf(table);
  if (billing.mode !== 'PROVISIONED') return undefined;
  const c = index?.capacity ?? billing;
  return { ReadCapacityUnits: c.read, WriteCapacityUnits: c.write };
};

export const gsiDefinition = (table: TableSchema, index: Gsi, live?: LiveThroughput): GlobalSecondaryIndex => {
  const throughput = indexThroughput(table, index, live);
  return {
    IndexName: index.name,
    KeySchema: keySchema(index.keys),
    Projection: projectionOf(index.projection),
    ...(throughput ? { ProvisionedThroughput: throughput } : {}),
  };
};

export const streamSpecification = (stream: TableSchema['stream']): StreamSpecification =>
  stream ? { StreamEnabled: true, StreamViewType: stream } : { StreamEnabled: false };

/** AWS owned is DynamoDB's default (SSE "disabled" in the API); AWS managed is KMS without a key id. */
export const sseSpecification = (e: EncryptionSpec): SSESpecification =>
  e.type === 'AWS_OWNED' ? { Enabled: false } : { Enabled: true, SSEType: 'KMS', ...(e.type === 'KMS' ? { KMSMasterKeyId: e.keyId } : {}) };

export const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * The CreateTable request. `prod`: a table created in AWS gets deletion protection unless the file says otherwise.
 */
export const createTableInput = (table: TableSchema, { prod = false } = {}): CreateTableCommandInput => {
  const throughput = tableThroughput(table);
  const deletionProtection = table.deletionProtection ?? (prod ? true : undefined);
  return {
    TableName: table.name,
    AttributeDefinitions: Object.entries(table.attributes).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(table.keys),
    BillingMode: billingOf(table).mode,
    ...(throughput ? { ProvisionedThroughput: throughput } : {}),
    ...(table.globalSecondaryIndexes.length ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((i) => gsiDefinition(table, i)) } : {}),
    ...(table.localSecondaryIndexes.length
      ? {
          LocalSecondaryIndexes: table.localSecondaryIndexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keySchema({ partition: table.keys.partition, sort: i.sort }),
            Projection: projectionOf(i.projection),
          })),
        }
      : {}),
    ...(table.stream ? { StreamSpecification: streamSpecification(table.stream) } : {}),
    ...(table.encryption ? { SSESpecification: sseSpecification(table.encryption) } : {}),
    ...(table.tableClass ? { TableClass: table.tableClass } : {}),
    ...(table.tags && Object.keys(table.tags).length ? { Tags: tagList(table.tags) } : {}),
    ...(deletionProtection !== undefined ? { DeletionProtectionEnabled: deletionProtection } : {}),
  };
};
