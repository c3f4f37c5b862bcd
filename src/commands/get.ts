/** ddb get TABLE PK [SK] — one item by its key, typed from DescribeTable. [API: GetItem, DescribeTable] */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, type PlanOptions, planOptions } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { type ItemOutcome, itemView } from '../render/item.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';
import { arg } from '../text.js';

interface Input {
  table: string;
  pk: string;
  sk?: string;
  consistentRead: boolean;
  typed: boolean;
  plan: PlanOptions;
}

type Result = Tagged<{ item: ItemOutcome; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { planTable } = await import('../schema/plan-keys.js');
  const { getStep, requestKeyText } = await import('../requests/item-requests.js');
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const step = getStep(known.description, input, { consistentRead: input.consistentRead });
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, step], known.sent) };
  const { perform } = await import('../aws/perform.js');
  const { plainItem } = await import('../aws/dynamo.js');
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const out = await perform(await deps.dynamo(), step);
  const key = requestKeyText(step.input.Key);
  if (!out.Item) throw new DdbError('item.notFound', `no item ${key} in ${input.table}`, { suggestion: `look with \`${deps.commandLine('query', arg(input.table), arg(input.pk))}\`` });
  return { kind: 'item', value: { table: input.table, action: 'get', key, keyNames: keyNamesOf(keyShapeOf(known.description)), item: plainItem(out.Item), raw: out.Item, ConsumedCapacity: out.ConsumedCapacity } };
};

export const command = defineCommand({
  name: 'get',
  description: 'one item by its key; key values as text, converted to the types the table declares (N: a number, B: base64); exit 3 when there is none [API: GetItem]',
  configure: (cmd) =>
    addPlanOptions(
      cmd
        .argument('<table>', 'table name')
        .argument('<pk>', 'partition key value')
        .argument('[sk]', 'sort key value (when the table has a sort key)')
        .option('--consistent-read', 'strongly consistent read (twice the RCU)')
        .option('--dynamodb-json', 'print the item in DynamoDB JSON ({"pk": {"S": "x"}}) instead of plain values'),
    ),
  input: ([table, pk, sk]: [string, string, string | undefined], opts: { consistentRead?: boolean; dynamodbJson?: boolean; dryRun?: boolean; schema?: string }, io): Input => ({
    table,
    pk,
    sk,
    consistentRead: Boolean(opts.consistentRead),
    typed: Boolean(opts.dynamodbJson),
    plan: planOptions(opts, io),
  }),
  run,
  view: (input: Input) => taggedView({ item: itemView(input.typed), 'dry-run': dryRunView }),
});
