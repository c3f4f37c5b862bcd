/**
 * `--explain`: what a Query will cost before it runs. DynamoDB charges a Query for the total size of the items it reads,
 * rounded up to 4 KB, one read unit per 4 KB for a strongly consistent read and half of that for an eventually
 * consistent one (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html). The
 * items' size is estimated from DescribeTable: the average item (size / item count, of the index when the query reads
 * one) times the limit. DynamoDB refreshes those figures about every six hours, so this is an estimate; the consumed
 * capacity DynamoDB reports after the query is the answer.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';

export interface ReadEstimate {
  /** where the average comes from */
  source: 'table' | 'index';
  sizeBytes: number;
  itemCount: number;
  /** undefined when DescribeTable reports no items */
  averageItemBytes: number | undefined;
  /** items the query reads at most (its limit) */
  items: number;
  /** 4 KB units read */
  units: number;
  consistentRead: boolean;
  /** read capacity units: `units`, halved for an eventually consistent read */
  rcu: number;
}

const UNIT = 4096;

export const estimateQueryRcu = (description: TableDescription, index: string | undefined, limit: number, consistentRead = false): ReadEstimate => {
  const ix = index ? [...(description.GlobalSecondaryIndexes ?? []), ...(description.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === index) : undefined;
  const [source, sizeBytes, itemCount] = ix && ix.ItemCount ? (['index', ix.IndexSizeBytes ?? 0, ix.ItemCount] as const) : (['table', description.TableSizeBytes ?? 0, description.ItemCount ?? 0] as const);
  const averageItemBytes = itemCount > 0 ? sizeBytes / itemCount : undefined;
  // A Query reads at least one unit, even when it finds nothing.
  const units = Math.max(1, Math.ceil(((averageItemBytes ?? 0) * limit) / UNIT));
  return { source, sizeBytes, itemCount, averageItemBytes, items: limit, units, consistentRead, rcu: consistentRead ? units : units / 2 };
};
