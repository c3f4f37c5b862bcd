/**
 * ddb sql "STATEMENT" — PartiQL through ExecuteStatement with plain values (--parameters for ? placeholders), paged
 * with the engine's own NextToken. A statement ddb cannot prove keyed (src/requests/partiql.ts whyNotKeyed) may be a full
 * Scan: refused (exit 5) unless --allow-scan. INSERT, UPDATE and DELETE pass through; a DELETE of nothing is exit 5.
 * [API: ExecuteStatement]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, DEFAULT_QUERY_LIMIT, optionWords, type PlanOptions, planOptions, positiveInt } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { capacityText } from '../render/items.js';
import { type KeyedItems, keyedItemsView } from '../render/query.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView, type View } from '../render/view.js';
import { describeStep, type Step } from '../plan/step.js';
import { arg } from '../text.js';
import { parseJson } from '../values/json.js';

interface Input {
  statement: string;
  parameters?: unknown[];
  limit: number;
  startingToken?: string;
  allowScan: boolean;
  consistentRead: boolean;
  plan: PlanOptions;
  words: (string | number)[];
}

type Written = KeyedItems & { verb: string; table?: string };
type Result = Tagged<{ items: KeyedItems; write: Written; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { executeUpTo, hasFilter, readStatement, statementStep, whyNotKeyed } = await import('../requests/partiql.js');
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const statement = readStatement(input.statement);
  const refuse = (why: string, of = 'the table', key = 'pk') =>
    new DdbError('safety.refused', `refusing to run a statement that may read all of ${of}: ${why}`, {
      suggestion: `fix the partition key with = or IN (WHERE "${key}" = '…' AND …), or pass --allow-scan to run it as it is`,
    });
  if (statement.unreadable !== undefined && !input.allowScan) throw refuse(`ddb cannot read it (${statement.unreadable})`, statement.table);
  const select = statement.kind === 'select';
  let keyNames: string[] = [];
  let filtered = true; // unless the WHERE is read and holds only key conditions
  // A run checks that the table exists (exit 3 otherwise): DescribeTable. A SELECT needs its key (or the index's) for
  // the scan guard and to know whether the WHERE filters (then full pages): --dry-run takes it from the schema file
  // where declared; an INSERT, UPDATE or DELETE needs nothing of it, so its dry run reads nothing.
  const read: Step[] = statement.table !== undefined ? [describeStep(statement.table)] : [];
  let sent = 0;
  if (statement.table !== undefined && (select || !input.plan.dryRun)) {
    const known = await planTable(statement.table, { ...input.plan, db: () => deps.dynamo() });
    sent = known.sent;
    const table = keyShapeOf(known.description);
    const shape = statement.index !== undefined ? keyShapeOf(known.description, statement.index) : table;
    keyNames = keyNamesOf(shape, table);
    filtered = hasFilter(statement.where, shape.partition.name, shape.sort?.name);
    const why = select && !input.allowScan ? whyNotKeyed(statement.where, shape.partition.name, shape.sort?.name) : undefined;
    if (why !== undefined) throw refuse(why, statement.index !== undefined ? `${statement.table}.${statement.index}` : statement.table, shape.partition.name);
  }
  // A DELETE whose key matches no item succeeds in PartiQL: the old item, asked for, says whether one was there.
  const checkDeleted = statement.kind === 'delete' && !statement.returning;
  const request = { Statement: checkDeleted ? `${input.statement}\nRETURNING ALL OLD *` : input.statement, ...(input.parameters ? { Parameters: input.parameters } : {}), ...(input.consistentRead ? { ConsistentRead: true } : {}) };
  const paging = { limit: input.limit, startingToken: input.startingToken, table: statement.table, filtered };
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...read, statementStep(request, select, paging)], sent) };
  const r = await executeUpTo(await deps.dynamo(), request, select, paging).catch((error: unknown) => {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('condition.failed', `${statement.kind.toUpperCase()} changed nothing${statement.table ? ` in ${statement.table}` : ''}: no item matches its WHERE (or a condition in it does not hold)`, { cause: error });
    }
    throw error;
  });
  if (checkDeleted) {
    if (!r.Items.length) throw new DdbError('condition.failed', `DELETE changed nothing${statement.table ? ` in ${statement.table}` : ''}: no item has that key`);
    r.Items = [];
    r.Count = r.ScannedCount = 0;
  }
  const next = r.NextToken ? { next: deps.commandLine('sql', arg(input.statement), ...input.words, '--starting-token', r.NextToken) } : {};
  const value = { ...r, ...next, keyNames };
  return select || statement.kind === 'other' ? { kind: 'items', value } : { kind: 'write', value: { ...value, verb: statement.kind.toUpperCase(), table: statement.table } };
};

/** INSERT/UPDATE/DELETE: what was done; the items when the statement has RETURNING. */
const writeView = (): View<Written> => {
  const items = keyedItemsView();
  return {
    ...items,
    footer: (w) => [`${w.verb} done${w.table ? ` on ${w.table}` : ''}${w.Items.length ? `, ${w.Items.length} item(s) returned` : ''}; ${capacityText(w.ConsumedCapacity, 'WCU')}`],
    json: ({ verb: _verb, table: _table, ...rest }) => items.json!(rest),
  };
};

interface Options {
  parameters?: string;
  limit?: number;
  startingToken?: string;
  allowScan?: boolean;
  consistentRead?: boolean;
  dryRun?: boolean;
  schema?: string;
}

export const command = defineCommand({
  name: 'sql',
  description: 'run a PartiQL statement (SELECT, INSERT, UPDATE, DELETE) with plain JSON values; a SELECT that would scan the table is refused without --allow-scan [API: ExecuteStatement]',
  configure: (cmd) =>
    addPlanOptions(cmd)
      .argument('<statement>', `PartiQL, e.g. "SELECT * FROM \\"orders\\" WHERE pk = 'CUST#1'"`)
      .option('--parameters <json>', 'a JSON array of values for the ? placeholders, e.g. \'["CUST#1", 10]\'')
      .option('--limit <n>', `SELECT: items to read (default ${DEFAULT_QUERY_LIMIT}; then the command for the next page)`, positiveInt)
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier call')
      .option('--allow-scan', 'run a SELECT even when it reads the whole table or index')
      .option('--consistent-read', 'strongly consistent read'),
  input: ([statement]: [string], opts: Options, io): Input => {
    let parameters: unknown[] | undefined;
    if (opts.parameters !== undefined) {
      try {
        parameters = parseJson(opts.parameters) as unknown[]; // numbers with every digit
      } catch (error) {
        throw new DdbError('usage', `--parameters is not JSON: ${(error as Error).message}`, { suggestion: 'pass a JSON array, e.g. --parameters \'["CUST#1", 10]\'' });
      }
      if (!Array.isArray(parameters) || !parameters.length) throw new DdbError('usage', '--parameters must be a non-empty JSON array, e.g. \'["CUST#1", 10]\'');
    }
    const words = optionWords(opts, ['parameters', 'allowScan', 'consistentRead', 'limit']);
    return { statement, parameters, limit: opts.limit ?? DEFAULT_QUERY_LIMIT, startingToken: opts.startingToken, allowScan: Boolean(opts.allowScan), consistentRead: Boolean(opts.consistentRead), plan: planOptions(opts, io), words };
  },
  run,
  view: taggedView({ items: keyedItemsView(), write: writeView(), 'dry-run': dryRunView }),
});
