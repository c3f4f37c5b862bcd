/** The CreateTable request for a declared table: pure, so `--dry-run` and the tests see exactly what is sent. */
import type { CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import type { KeySpec, TableSchema } from './format.js';

export const keySchema = (keys: KeySpec): KeySchemaElement[] => [
  { AttributeName: keys.partition, KeyType: 'HASH' },
  ...(keys.sort ? [{ AttributeName: keys.sort, KeyType: 'RANGE' as const }] : []),
];

export const projectionOf = (p: TableSchema['globalSecondaryIndexes'][number]['projection']): Projection =>
  p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: p.attributes } : { ProjectionType: p.type };

export const createTableInput = (table: TableSchema): CreateTableCommandInput => {
  const provisioned = table.billing.mode === 'PROVISIONED' ? table.billing : undefined;
  return {
    TableName: table.name,
    AttributeDefinitions: Object.entries(table.attributes).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(table.keys),
    BillingMode: table.billing.mode,
    ...(provisioned ? { ProvisionedThroughput: { ReadCapacityUnits: provisioned.read, WriteCapacityUnits: provisioned.write } } : {}),
    ...(table.globalSecondaryIndexes.length
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => {
            const capacity = index.capacity ?? provisioned;
            return {
              IndexName: index.name,
              KeySchema: keySchema(index.keys),
              Projection: projectionOf(index.projection),
              ...(provisioned && capacity ? { ProvisionedThroughput: { ReadCapacityUnits: capacity.read, WriteCapacityUnits: capacity.write } } : {}),
            };
          }),
        }
      : {}),
    ...(table.deletionProtection !== undefined ? { DeletionProtectionEnabled: table.deletionProtection } : {}),
  };
};
