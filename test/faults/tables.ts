/** Tables for the import and fault tests, made and counted with the SDK straight against the engine (no proxy). */
import './quiet-sdk.js';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

export const client = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

export const uniqueName = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/** pk (S) + sk (S), and a GSI on g (S) + sk with projection ALL. */
export const createTable = async (db: DynamoDBClient, name: string): Promise<void> => {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'g-index', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
      ],
    }),
  );
};

export const dropTable = async (db: DynamoDBClient, name: string): Promise<void> => {
  await db.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
};

/** Scan with Select COUNT, every page. */
export const countItems = async (db: DynamoDBClient, name: string): Promise<number> => {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: name, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
};

export const getItem = async (db: DynamoDBClient, name: string, pk: string, sk: string): Promise<Record<string, unknown> | undefined> => {
  const out = await db.send(new GetItemCommand({ TableName: name, Key: { pk: { S: pk }, sk: { S: sk } } }));
  return out.Item ? unmarshall(out.Item) : undefined;
};

/** The item as DynamoDB stores it (attribute values, binary as bytes). */
export const getRaw = async (db: DynamoDBClient, name: string, pk: string, sk: string) =>
  (await db.send(new GetItemCommand({ TableName: name, Key: { pk: { S: pk }, sk: { S: sk } } }))).Item;
