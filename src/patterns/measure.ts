/**
 * `ddb patterns cost --measure`: the reads of each pattern's plan sent for real, with ReturnConsumedCapacity, once for
 * every partition of the items sized (up to MAX_CALLS), so the engine's figure stands beside the estimate. Only the
 * Query steps every call sends: a write would change the table, and DynamoDB Local does not add up a
 * transaction's items anyway (test/patterns-cost.test.ts checks the write model by sending each action alone).
 * A plan's Query is sent with its partition key and Limit only: a filter does not change what DynamoDB charges, and a
 * sort condition on an optional param only narrows the read (a call with it costs at most this).
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import type { SchemaFile } from '../schema/format.js';
import { patternKeys } from './declared.js';
import { fixedPrefix, type PatternPlan, queryPartitionValue } from './plan.js';

/** Calls measured per step at most (one per partition). */
const MAX_CALLS = 20;

export interface Measured {
  /** read request units per call: the average over the calls */
  readUnits: number;
  /** calls made (partitions read) */
  calls: number;
}

const partitionsToRead = (items: readonly Record<string, unknown>[], attribute: string, prefix: string): string[] =>
  [...new Set(items.map((it) => it[attribute]).filter((v): v is string => typeof v === 'string' && v.startsWith(prefix)))].sort().slice(0, MAX_CALLS);

export const measureReads = async (db: Dynamo, plans: readonly PatternPlan[], schema: SchemaFile, items: readonly Record<string, unknown>[]): Promise<Record<string, Measured>> => {
  const { perform } = await import('../aws/perform.js');
  const out: Record<string, Measured> = {};
  for (const plan of plans) {
    const table = schema.tables.find((t) => t.name === plan.table)!;
    let units = 0;
    let calls = 0;
    let reads = 0;
    for (const step of plan.steps) {
      if (step.when || step.api !== 'Query') continue;
      const q = step.input;
      const keys = patternKeys(table, q.IndexName)!;
      const values = partitionsToRead(items, keys.partition, fixedPrefix(queryPartitionValue(q, keys.partition) ?? ''));
      if (!values.length) continue;
      reads++;
      let stepUnits = 0;
      for (const value of values) {
        const input: QueryCommandInput = {
          TableName: q.TableName,
          ...(q.IndexName ? { IndexName: q.IndexName } : {}),
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': keys.partition },
          ExpressionAttributeValues: { ':k': value },
          ...(q.Limit !== undefined ? { Limit: q.Limit } : {}),
          ...(q.ConsistentRead ? { ConsistentRead: true } : {}),
          ReturnConsumedCapacity: 'TOTAL',
        };
        stepUnits += (await perform(db, { api: 'Query', input })).ConsumedCapacity?.CapacityUnits ?? 0;
      }
      units += stepUnits / values.length;
      calls = Math.max(calls, values.length);
    }
    if (reads) out[plan.pattern] = { readUnits: Math.round(units * 1000) / 1000, calls };
  }
  return out;
};
