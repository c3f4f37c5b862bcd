/**
 * ddb scan [TABLE] — the items of a table, page by page (LastEvaluatedKey followed), optionally as a parallel scan of
 * N segments (the machinery of `ddb export`). The read is lazy: the output step reads what it shows — for people the
 * first --max-rows items and the command for the next page, for scripts every item (up to --limit), streamed.
 * --index scans a secondary index, --filter and --projection narrow what comes back (placeholders generated),
 * --count counts (Select COUNT). [API: Scan]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, checkCount, optionWords, type PlanOptions, planOptions, positiveInt, upTo } from '../runtime/options.js';
import { DEFAULT_TABLE } from '../paths.js';
import type { Condition, Path } from '../requests/expressions.js';
import { MAX_SEGMENTS, parallelScan, scanSteps, splitsFor } from '../reading/parallel-scan.js';
import { decodeToken } from '../reading/next-token.js';
import { type Counted, countView } from '../render/item.js';
import { scanView, type ScanResult } from '../render/scan.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';
import { arg } from '../text.js';

interface Input {
  table: string;
  limit?: number;
  maxRows: number;
  segments: number;
  startingToken?: string;
  index?: string;
  filter?: Condition[];
  projection?: Path[];
  count: boolean;
  plan: PlanOptions;
  /** --index, --filter, --projection as given, for the next-page command */
  words: (string | number)[];
}

type Result = Tagged<{ items: ScanResult; count: Counted; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const { scanExtras } = await import('../requests/range-requests.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const table = keyShapeOf(known.description);
  const shape = input.index !== undefined ? keyShapeOf(known.description, input.index) : table; // unknown index: exit 2
  const keyNames = keyNamesOf(shape, table);
  const startKey = input.startingToken ? decodeToken(input.startingToken, { table: input.table, index: input.index }) : undefined;
  // One segment keeps the table's order and an exact LastEvaluatedKey; several also cut the table into ~2,500-item segments.
  const totalSegments = input.segments > 1 ? splitsFor(input.segments, known.description.ItemCount) : 1;
  const scan = { table: input.table, segments: input.segments, totalSegments, input: scanExtras(input), ...(input.count ? {} : { startKey, keyNames }) };
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, ...scanSteps({ ...scan, limit: input.limit })], known.sent) };
  const db = await deps.dynamo();
  if (input.count) {
    const counting = parallelScan(db, scan);
    for await (const _ of counting); // with Select COUNT no page carries items: this reads them all and counts
    const { counted, scanned, consumedRcu } = counting.stats;
    return { kind: 'count', value: { Count: counted, ScannedCount: scanned, ...(consumedRcu !== undefined ? { ConsumedCapacity: { TableName: input.table, CapacityUnits: consumedRcu } } : {}) } };
  }
  return {
    kind: 'items',
    value: {
      table: input.table,
      index: input.index,
      keyNames,
      shown: parallelScan(db, { ...scan, limit: Math.min(input.maxRows, input.limit ?? Infinity) }),
      all: parallelScan(db, { ...scan, limit: input.limit }),
      limit: input.limit,
      maxRows: input.maxRows,
      nextCommand: (token) => deps.commandLine('scan', arg(input.table), ...input.words, ...(input.maxRows !== 50 ? ['--max-rows', input.maxRows] : []), '--starting-token', token),
    },
  };
};

interface Options {
  limit?: number;
  maxRows: number;
  segments: number;
  startingToken?: string;
  index?: string;
  filter?: string;
  projection?: string;
  count?: boolean;
  dryRun?: boolean;
  schema?: string;
}

export const command = defineCommand({
  name: 'scan',
  description: 'read the items of a table or index, following LastEvaluatedKey (table output: the first rows and the command for more) [API: Scan]',
  configure: (cmd) =>
    addPlanOptions(cmd)
      .argument('[table]', 'table name', DEFAULT_TABLE)
      .option('--limit <n>', 'stop after N items', positiveInt)
      .option('--max-rows <n>', 'rows shown in table output (then the command for the next page)', positiveInt, 50)
      .option('--segments <n>', 'parallel scan with N requests in flight (items then arrive in no particular order)', upTo(MAX_SEGMENTS), 1)
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier scan')
      .option('--index <name>', 'scan a secondary index instead of the table')
      .option('--filter <expression>', 'keep only items that match, e.g. \'status = shipped and total >= 100\' (README "Filters"); every item is still read')
      .option('--projection <names>', 'only these attributes, e.g. pk,sk,total')
      .option('--count', 'print how many items there are (match --filter), not the items (Select COUNT)'),
  input: async ([table]: [string], opts: Options, io): Promise<Input> => {
    const { parseFilter, parseProjection } = await import('../requests/expressions.js');
    checkCount(opts);
    return {
      table,
      limit: opts.limit,
      maxRows: opts.maxRows,
      segments: opts.segments,
      startingToken: opts.startingToken,
      index: opts.index,
      filter: opts.filter !== undefined ? parseFilter(opts.filter) : undefined,
      projection: opts.projection !== undefined ? parseProjection(opts.projection) : undefined,
      count: Boolean(opts.count),
      plan: planOptions(opts, io),
      words: optionWords(opts, ['index', 'filter', 'projection']),
    };
  },
  run,
  view: taggedView({ items: scanView, count: countView, 'dry-run': dryRunView }),
});
