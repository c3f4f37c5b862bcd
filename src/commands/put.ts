/**
 * ddb put TABLE ITEM_JSON|- — write one item (plain JSON, or DynamoDB JSON with --dynamodb-json), checked against the
 * table's key and index key types first; --if-not-exists never replaces one. [API: PutItem, DescribeTable]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, type PlanOptions, planOptions } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import type { InStream } from '../io.js';
import { type ItemOutcome, itemView } from '../render/item.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

interface Input {
  table: string;
  /** parsed from the argument; undefined: read from stdin */
  item?: Record<string, unknown>;
  ifNotExists: boolean;
  typed: boolean;
  plan: PlanOptions;
}

const readAll = async (stream: InStream): Promise<string> => {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
};

type Result = Tagged<{ item: ItemOutcome; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { parseItemJson } = await import('../requests/item-input.js');
  const { putStep, requestKeyText } = await import('../requests/item-requests.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const item = input.item ?? parseItemJson(await readAll(deps.io.stdin), input.typed, 'the item on stdin');
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const step = putStep(known.description, item, { ifNotExists: input.ifNotExists });
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, step], known.sent) };
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const keyNames = keyNamesOf(keyShapeOf(known.description));
  const key = requestKeyText(Object.fromEntries(keyNames.map((k) => [k, step.input.Item![k]!])));
  const { perform } = await import('../aws/perform.js');
  let out;
  try {
    out = await perform(await deps.dynamo(), step);
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('item.exists', `an item ${key} already exists in ${input.table}: nothing written (--if-not-exists)`, { suggestion: 'leave out --if-not-exists to replace it, or change it with `ddb update`' });
    }
    throw error;
  }
  const { plainItem } = await import('../aws/dynamo.js');
  return { kind: 'item', value: { table: input.table, action: 'put', key, keyNames, item: plainItem(step.input.Item!), raw: step.input.Item, ConsumedCapacity: out.ConsumedCapacity } };
};

export const command = defineCommand({
  name: 'put',
  description: 'write one item given as JSON (or - for stdin), checked against the table first; replaces an item with the same key unless --if-not-exists [API: PutItem]',
  configure: (cmd) =>
    addPlanOptions(
      cmd
        .argument('<table>', 'table name')
        .argument('<item_json>', `the item as a JSON object, e.g. '{"pk": "A", "sk": "B", "total": 12.5}', or - to read it from stdin`)
        .option('--if-not-exists', 'write only when no item has this key (otherwise exit 5, nothing written)')
        .option('--dynamodb-json', 'the item (and the output) in DynamoDB JSON: {"pk": {"S": "A"}, "tags": {"SS": ["x"]}}'),
    ),
  input: async ([table, json]: [string, string], opts: { ifNotExists?: boolean; dynamodbJson?: boolean; dryRun?: boolean; schema?: string }, io): Promise<Input> => {
    const { parseItemJson } = await import('../requests/item-input.js');
    const typed = Boolean(opts.dynamodbJson);
    return { table, item: json === '-' ? undefined : parseItemJson(json, typed), ifNotExists: Boolean(opts.ifNotExists), typed, plan: planOptions(opts, io) };
  },
  run,
  view: (input: Input) => taggedView({ item: itemView(input.typed), 'dry-run': dryRunView }),
});
