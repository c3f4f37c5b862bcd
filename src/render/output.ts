/**
 * The renderer chosen by --output, in one place: commands hand over data, never format it themselves.
 * Data goes to stdout; everything for people alone (banners, progress, summaries) goes to stderr via rt.info.
 */
import type { Runtime } from '../runtime.js';
import { type Column, renderTable } from './table.js';
import { toJson } from './plain.js';

/** Records (tables, outcomes): a table for people, a JSON array, or one JSON object per line. */
export const printRecords = <R>(rt: Runtime, records: readonly R[], columns: readonly Column<R>[], json: (r: R) => unknown = (r) => r): void => {
  if (rt.output === 'json') rt.out(toJson(records.map(json)));
  else if (rt.output === 'ndjson') for (const r of records) rt.out(toJson(json(r), 0));
  else if (records.length) rt.out(renderTable(records, columns, rt.chalk));
};

/** DynamoDB's own reply shape, with plain attribute values. */
export interface ItemsResult {
  Items: Record<string, unknown>[];
  Count: number;
  ScannedCount?: number;
  ConsumedCapacity?: unknown;
  LastEvaluatedKey?: Record<string, unknown>;
}

export const printItems = (rt: Runtime, result: ItemsResult, columns: readonly Column<Record<string, unknown>>[]): void => {
  if (rt.output === 'json') rt.out(toJson(result));
  else if (rt.output === 'ndjson') for (const item of result.Items) rt.out(toJson(item, 0));
  else if (result.Items.length) rt.out(renderTable(result.Items, columns, rt.chalk));
};
