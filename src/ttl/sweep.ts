/**
 * One TTL sweep, as DynamoDB's background process would make it at the clock `now`: for each table whose TTL is
 * enabled, every item whose TTL attribute is expired (./expiry.ts) is deleted — a conditional delete, so an item whose
 * TTL changed since it was read stays — and written down in the sweep log first, so the stream readers can mark its
 * REMOVE record as DynamoDB marks a TTL deletion. `ddb ttl sweep` runs one; the sweeper of a local engine runs one
 * every interval (src/local/ttl-sweeper-main.ts).
 */
import { describeTimeToLive } from '../aws/admin.js';
import type { Dynamo } from '../aws/dynamo.js';
import { deleteIfUnchanged, scanExpiring } from '../aws/expiring.js';
import { FIVE_YEARS_SECONDS, isExpired } from './expiry.js';
import { appendSweep, canonicalKey } from './sweep-log.js';
import { expiringDelete, expiringScan } from './plan.js';

export interface SweepOptions {
  /** default: every table of the engine */
  tables?: readonly string[];
  now: Date;
  /** the sweep log (./sweep-log.ts); none: the deletions are not written down */
  logPath?: string;
}

export interface TableSweep {
  table: string;
  /** the TTL attribute; undefined: TTL is not enabled on the table (nothing swept) */
  attribute?: string;
  /** items the Scan read */
  scanned: number;
  /** items deleted as expired */
  deleted: number;
  /** expired when read, but changed or gone before the delete (DynamoDB Local's own TTL job may be first) */
  skipped: number;
}

export const sweep = async (db: Dynamo, opts: SweepOptions): Promise<TableSweep[]> => {
  const tables = opts.tables ?? (await db.listTableNames());
  const results: TableSweep[] = [];
  for (const table of tables) results.push(await sweepTable(db, table, opts));
  return results;
};

const sweepTable = async (db: Dynamo, table: string, opts: SweepOptions): Promise<TableSweep> => {
  const ttl = (await describeTimeToLive(db, table))?.TimeToLiveDescription;
  const attribute = ttl?.TimeToLiveStatus === 'ENABLED' ? ttl.AttributeName : undefined;
  const result: TableSweep = { table, attribute, scanned: 0, deleted: 0, skipped: 0 };
  if (!attribute) return result;
  const description = await db.requireTable(table);
  const keyNames = (description.KeySchema ?? []).map((k) => k.AttributeName!);
  const now = Math.floor(opts.now.getTime() / 1000);
  for await (const page of scanExpiring(db, expiringScan(table, attribute, keyNames, now, now - FIVE_YEARS_SECONDS))) {
    result.scanned += page.scanned;
    for (const item of page.items) {
      const value = item[attribute];
      if (!isExpired(value, now)) continue; // the engine's filter and the rule agree; this keeps the rule in one place
      const key = Object.fromEntries(keyNames.map((k) => [k, item[k]!]));
      const entry = { table, key: canonicalKey(key), at: new Date().toISOString() };
      if (opts.logPath) appendSweep(opts.logPath, entry);
      if (await deleteIfUnchanged(db, expiringDelete(table, key, attribute, value!))) result.deleted++;
      else {
        result.skipped++;
        if (opts.logPath) appendSweep(opts.logPath, { ...entry, undo: true });
      }
    }
  }
  return result;
};
