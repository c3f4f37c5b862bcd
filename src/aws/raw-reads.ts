/**
 * One page of a Query or a Scan with the low-level client: items come back in DynamoDB JSON, each value with its
 * type (S, N with every digit, B, SS, NS, BS, …), for `ddb ui`, which shows the types. The request may carry plain
 * values in ExpressionAttributeValues and ExclusiveStartKey (as the builders in src/requests/ make them): they are
 * marshalled here, and the request sent by perform (`raw`). One request, one page: the caller pages.
 */
import type { QueryCommandOutput, ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Dynamo } from './dynamo.js';
import { perform } from './perform.js';

const rawValues = <T extends { ExpressionAttributeValues?: Record<string, unknown>; ExclusiveStartKey?: Record<string, unknown> }>(input: T) => ({
  ...(input.ExpressionAttributeValues ? { ExpressionAttributeValues: marshall(input.ExpressionAttributeValues, { removeUndefinedValues: true }) } : {}),
  ...(input.ExclusiveStartKey ? { ExclusiveStartKey: marshall(input.ExclusiveStartKey) } : {}),
});

export const queryPage = (db: Dynamo, input: QueryCommandInput): Promise<QueryCommandOutput> => perform(db, { api: 'Query', input: { ...input, ...rawValues(input) } }, { raw: true });

export const scanPage = (db: Dynamo, input: ScanCommandInput): Promise<ScanCommandOutput> => perform(db, { api: 'Scan', input: { ...input, ...rawValues(input) } }, { raw: true });
