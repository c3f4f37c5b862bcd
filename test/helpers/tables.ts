/** DescribeTable answers for the item tests: what the key shape is read from (the pure tests, and a table created from NUMS). */
import type { TableDescription } from '@aws-sdk/client-dynamodb';

/** pk (S) + sk (S) with a GSI on gsi1pk (S): what DescribeTable says of examples/orders. */
export const ORDERS: TableDescription = {
  TableName: 'orders',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'sk', KeyType: 'RANGE' }, // not always HASH first
    { AttributeName: 'pk', KeyType: 'HASH' },
  ],
  GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }] }],
};
/** id (N) + part (B): a key of numbers and bytes (test/items.test.ts also creates it, under a unique name). */
export const NUMS: TableDescription = {
  TableName: 'nums',
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'N' },
    { AttributeName: 'part', AttributeType: 'B' },
  ],
  KeySchema: [
    { AttributeName: 'id', KeyType: 'HASH' },
    { AttributeName: 'part', KeyType: 'RANGE' },
  ],
};
