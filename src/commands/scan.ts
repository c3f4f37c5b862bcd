/**
 * ddb scan [TABLE] — the items of a table, page by page (LastEvaluatedKey followed), optionally as a parallel scan of
 * N segments (the machinery of `ddb export`). The read is lazy: the output step reads what it shows — for people the
 * first --max-rows items and the command for the next page, for scripts every item (up to --limit), streamed. [API: Scan]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { positiveInt, upTo } from '../runtime/options.js';
import { DEFAULT_TABLE } from '../paths.js';
import { MAX_SEGMENTS, parallelScan, splitsFor } from '../data/parallel-scan.js';
import { decodeToken } from '../data/next-token.js';
import { scanView, type ScanResult } from '../render/scan.js';

interface Input {
  table: string;
  limit?: number;
  maxRows: number;
  segments: number;
  startingToken?: string;
}

export const run = async (input: Input, deps: Deps): Promise<ScanResult> => {
  const db = await deps.dynamo();
  const description = await db.requireTable(input.table);
  const startKey = input.startingToken ? decodeToken(input.startingToken, { table: input.table }) : undefined;
  // One segment keeps the table's order and an exact LastEvaluatedKey; several also cut the table into ~2,500-item segments.
  const totalSegments = input.segments > 1 ? splitsFor(input.segments, description.ItemCount) : 1;
  return {
    table: input.table,
    keyNames: (description.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
    read: (limit) => parallelScan(db, { table: input.table, segments: input.segments, totalSegments, limit, startKey }),
    limit: input.limit,
    nextCommand: (token) => deps.commandLine('scan', input.table, ...(input.maxRows !== 50 ? ['--max-rows', input.maxRows] : []), '--starting-token', token),
  };
};

export const command = defineCommand({
  name: 'scan',
  description: 'read the items of a table, following LastEvaluatedKey (table output: the first rows and the command for more) [API: Scan]',
  configure: (cmd) =>
    cmd
      .argument('[table]', 'table name', DEFAULT_TABLE)
      .option('--limit <n>', 'stop after N items', positiveInt)
      .option('--max-rows <n>', 'rows shown in table output (then the command for the next page)', positiveInt, 50)
      .option('--segments <n>', 'parallel scan with N requests in flight (items then arrive in no particular order)', upTo(MAX_SEGMENTS), 1)
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier scan'),
  input: ([table]: [string], opts: { limit?: number; maxRows: number; segments: number; startingToken?: string }): Input => ({ table, ...opts }),
  run,
  view: (input: Input) => scanView(input.maxRows),
});
