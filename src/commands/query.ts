/**
 * ddb query TABLE PK [--sk COND] [--index NAME] … — the items of one partition of any table (or of an index), key
 * names and types from DescribeTable, every page up to --limit, and the command for the next page. [API: Query]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, checkCount, DEFAULT_QUERY_LIMIT, optionWords, type PlanOptions, planOptions, positiveInt } from '../runtime/options.js';
import type { Condition, Path } from '../requests/expressions.js';
import type { SortCondition } from '../requests/range-requests.js';
import { type Counted, countView } from '../render/item.js';
import { type KeyedItems, keyedItemsView } from '../render/query.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';
import { arg } from '../text.js';

interface Input {
  table: string;
  pk: string;
  sort?: SortCondition;
  index?: string;
  desc: boolean;
  limit: number;
  startingToken?: string;
  filter?: Condition[];
  projection?: Path[];
  count: boolean;
  consistentRead: boolean;
  plan: PlanOptions;
  /** the options as given, for the next-page command */
  words: (string | number)[];
}

type Result = Tagged<{ items: KeyedItems; count: Counted; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const { queryRequest } = await import('../requests/range-requests.js');
  const { queryStep, queryUpTo } = await import('../reading/query.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const table = keyShapeOf(known.description);
  const shape = input.index !== undefined ? keyShapeOf(known.description, input.index) : table;
  const keyNames = keyNamesOf(shape, table);
  const request = queryRequest({ shape, partition: input.pk, sort: input.sort, desc: input.desc, filter: input.filter, projection: input.projection, count: input.count, consistentRead: input.consistentRead });
  const paging = input.count ? {} : { limit: input.limit, startingToken: input.startingToken, keyNames };
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, queryStep(request, paging)], known.sent) };
  const r = await queryUpTo(await deps.dynamo(), request, paging);
  if (input.count) return { kind: 'count', value: { Count: r.Count, ScannedCount: r.ScannedCount, ConsumedCapacity: r.ConsumedCapacity } };
  const next = r.NextToken ? { next: deps.commandLine('query', arg(input.table), arg(input.pk), ...input.words, '--starting-token', r.NextToken) } : {};
  return { kind: 'items', value: { ...r, ...next, keyNames } };
};

interface Options {
  sk?: string;
  index?: string;
  desc?: boolean;
  limit?: number;
  startingToken?: string;
  filter?: string;
  projection?: string;
  count?: boolean;
  consistentRead?: boolean;
  dryRun?: boolean;
  schema?: string;
}

export const command = defineCommand({
  name: 'query',
  description: 'the items of one partition key (of the table or of an index), with an optional sort key condition, filter and projection [API: Query]',
  configure: (cmd) =>
    addPlanOptions(cmd)
      .argument('<table>', 'table name')
      .argument('<pk>', "partition key value (of the index's key with --index)")
      .option('--sk <condition>', 'sort key condition: "= X", "< X", "<= X", "> X", ">= X", "begins_with X", "between A and B"')
      .option('--index <name>', 'query a secondary index (its key names and types come from DescribeTable)')
      .option('--desc', 'sort key descending (newest first for timestamps)')
      .option('--limit <n>', `items to read (default ${DEFAULT_QUERY_LIMIT}; then the command for the next page)`, positiveInt)
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier query')
      .option('--filter <expression>', 'keep only items that match, e.g. \'status = shipped and total >= 100\' (README "Filters")')
      .option('--projection <names>', 'only these attributes, e.g. pk,sk,total (a.b for a member of a map)')
      .option('--count', 'print how many items match (Select COUNT), not the items')
      .option('--consistent-read', 'strongly consistent read (not on a global secondary index)'),
  input: async ([table, pk]: [string, string], opts: Options, io): Promise<Input> => {
    const { parseFilter, parseProjection } = await import('../requests/expressions.js');
    const { parseSortCondition } = await import('../requests/range-requests.js');
    checkCount(opts);
    return {
      table,
      pk,
      sort: opts.sk !== undefined ? parseSortCondition(opts.sk) : undefined,
      index: opts.index,
      desc: Boolean(opts.desc),
      limit: opts.limit ?? DEFAULT_QUERY_LIMIT,
      startingToken: opts.startingToken,
      filter: opts.filter !== undefined ? parseFilter(opts.filter) : undefined,
      projection: opts.projection !== undefined ? parseProjection(opts.projection) : undefined,
      count: Boolean(opts.count),
      consistentRead: Boolean(opts.consistentRead),
      plan: planOptions(opts, io),
      words: optionWords(opts, ['index', 'sk', 'desc', 'filter', 'projection', 'consistentRead', 'limit']),
    };
  },
  run,
  view: taggedView({ items: keyedItemsView('item'), count: countView, 'dry-run': dryRunView }),
});
