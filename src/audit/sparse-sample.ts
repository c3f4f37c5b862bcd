/**
 * Reads a sample of each index the schema file declares sparse, for the `sparse-index` audit check: one Scan page of
 * the index (at most SAMPLE_ITEMS evaluated, keys only), filtered to the items that do not belong there.
 * Cost: about SAMPLE_ITEMS × key size / 4 KB / 2 RCU — a few RCU at most.
 */
import type { Dynamo } from '../aws/dynamo.js';
import type { TableSchema } from '../schema/format.js';
import type { SparseSample } from './checks.js';

export const SAMPLE_ITEMS = 1_000;
const EXAMPLES = 3;

export const sampleSparseIndexes = async (db: Dynamo, table: TableSchema, liveIndexes: readonly string[]): Promise<SparseSample[]> => {
  const { perform } = await import('../aws/perform.js');
  const samples: SparseSample[] = [];
  for (const index of table.globalSecondaryIndexes) {
    if (!index.sparse || !liveIndexes.includes(index.name)) continue;
    const keys = [table.keys.partition, table.keys.sort].filter((k): k is string => Boolean(k));
    // #a0 is the sparse attribute (the filter's subject), then the table's keys (to name the offenders).
    const names = [...new Set([index.sparse.attribute, ...keys])];
    const out = await perform(db, { api: 'Scan', input: {
      TableName: table.name,
      IndexName: index.name,
      Limit: SAMPLE_ITEMS,
      FilterExpression: 'NOT begins_with(#a0, :prefix)',
      ProjectionExpression: names.map((_, i) => `#a${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
      ExpressionAttributeValues: { ':prefix': index.sparse.beginsWith },
    } });
    samples.push({
      index: index.name,
      rule: index.sparse,
      scanned: out.ScannedCount ?? 0,
      offending: out.Count ?? 0,
      examples: (out.Items ?? []).slice(0, EXAMPLES).map((item) => keys.map((k) => String(item[k])).join(' / ')),
    });
  }
  return samples;
};
