/** Consumed capacity, summed over pages and printed for people. */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

export const addCapacity = (total: ConsumedCapacity | undefined, page: ConsumedCapacity | undefined): ConsumedCapacity | undefined => {
  if (!page) return total;
  if (!total) return { ...page };
  return { ...total, CapacityUnits: (total.CapacityUnits ?? 0) + (page.CapacityUnits ?? 0) };
};

export const capacityText = (c: ConsumedCapacity | undefined, unit: 'RCU' | 'WCU' = 'RCU'): string =>
  c?.CapacityUnits === undefined ? 'consumed capacity: not reported by this engine' : `consumed ${c.CapacityUnits} ${unit} on ${c.TableName ?? 'the table'}`;
