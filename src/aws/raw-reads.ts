/**
 * One page of a Query or a Scan with the low-level client: items come back in DynamoDB JSON, each value with its
 * type (S, N with every digit, B, SS, NS, BS, …), for `ddb ui`, which shows the types. The request may carry plain
 * values in ExpressionAttributeValues and ExclusiveStartKey (as the builders in src/requests/ make them): they are
 * marshalled here. One request, one page: the caller pages.
 */
import { QueryCommand, type QueryCommandInput as RawQueryInput, type QueryCommandOutput, ScanCommand, type ScanCommandInput as RawScanInput, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Dynamo } from './dynamo.js';

const rawValues = <T extends { ExpressionAttributeValues?: Record<string, unknown>; ExclusiveStartKey?: Record<string, unknown> }>(input: T) => ({
  ...(input.ExpressionAttributeValues ? { ExpressionAttributeValues: marshall(input.ExpressionAttributeValues, { removeUndefinedValues: true }) } : {}),
  ...(input.ExclusiveStartKey ? { ExclusiveStartKey: marshall(input.ExclusiveStartKey) } : {}),
});

export const queryPage = (db: Dynamo, input: QueryCommandInput): Promise<QueryCommandOutput> =>
  db.call(input.TableName, () => db.client.send(new QueryCommand({ ...input, ...rawValues(input) } as RawQueryInput)));

export const scanPage = (db: Dynamo, input: ScanCommandInput): Promise<ScanCommandOutput> =>
  db.call(input.TableName, () => db.client.send(new ScanCommand({ ...input, ...rawValues(input) } as RawScanInput)));
