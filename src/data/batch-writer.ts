/**
 * Writes items in BatchWriteItem calls of 25, several in flight, resending UnprocessedItems with capped
 * exponential backoff and full jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { mapLimit, sleep } from '../util.js';

export interface WriteStats {
  items: number;
  batches: number;
  retries: number;
  consumedWcu: number;
}

type Request = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export const backoffMs = (attempt: number, baseMs = 50, capMs = 5_000): number => Math.random() * Math.min(capMs, baseMs * 2 ** attempt);

export const writeBatches = async (db: Dynamo, table: string, requests: readonly Request[], concurrency = 8, maxAttempts = 10): Promise<WriteStats> => {
  const stats: WriteStats = { items: 0, batches: 0, retries: 0, consumedWcu: 0 };
  await mapLimit(chunk(requests, 25), concurrency, async (batch) => {
    let pending: Request[] = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= maxAttempts) throw new DdbError('aws.failure', `gave up after ${maxAttempts} attempts: ${pending.length} item(s) of ${table} not written (${stats.items} written)`);
      if (attempt > 0) {
        stats.retries++;
        await sleep(backoffMs(attempt));
      }
      const out = await db.batchWrite({ RequestItems: { [table]: pending as never }, ReturnConsumedCapacity: 'TOTAL' });
      stats.batches++;
      for (const c of out.ConsumedCapacity ?? []) stats.consumedWcu += c.CapacityUnits ?? 0;
      const unprocessed = (out.UnprocessedItems?.[table] ?? []) as Request[];
      stats.items += pending.length - unprocessed.length;
      pending = unprocessed;
    }
  });
  return stats;
};
