/**
 * ddb delete TABLE PK [SK] — delete one item and print it as it was; --if-exists: exit 3 when there was none.
 * Against AWS it asks on a terminal first (or --yes). [API: DeleteItem, DescribeTable]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, type PlanOptions, planOptions } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { type ItemOutcome, itemView } from '../render/item.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

interface Input {
  table: string;
  pk: string;
  sk?: string;
  ifExists: boolean;
  yes: boolean;
  typed: boolean;
  plan: PlanOptions;
}

type Result = Tagged<{ item: ItemOutcome; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { deleteStep, requestKeyText } = await import('../requests/item-requests.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const ask = !input.plan.dryRun && deps.target.kind === 'aws' && !input.yes;
  if (ask && !deps.prompt.available) {
    // before any request: a script against AWS says --yes
    throw new DdbError('safety.refused', `refusing to delete an item from ${input.table} in AWS without confirmation (not a terminal)`, { suggestion: 'pass --yes to delete it from a script' });
  }
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const step = deleteStep(known.description, input, { ifExists: input.ifExists });
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, step], known.sent) };
  const key = requestKeyText(step.input.Key);
  const db = await deps.dynamo();
  if (ask) {
    const answer = await deps.prompt.ask(`Delete ${key} from ${input.table} in AWS ${db.region}? Type "yes" to continue: `);
    if (answer !== 'yes') throw new DdbError('safety.refused', 'nothing deleted: the answer was not "yes"');
  }
  const { perform } = await import('../aws/perform.js');
  let out;
  try {
    out = await perform(db, step);
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('item.notFound', `no item ${key} in ${input.table}: nothing deleted (--if-exists)`);
    }
    throw error;
  }
  const { plainItem } = await import('../aws/dynamo.js');
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  const old = out.Attributes && Object.keys(out.Attributes).length ? out.Attributes : undefined;
  return { kind: 'item', value: { table: input.table, action: 'delete', key, keyNames: keyNamesOf(keyShapeOf(known.description)), ...(old ? { item: plainItem(old), raw: old } : {}), ConsumedCapacity: out.ConsumedCapacity } };
};

export const command = defineCommand({
  name: 'delete',
  description: 'delete one item by its key and print it as it was; against AWS asks first (--yes for scripts) [API: DeleteItem]',
  configure: (cmd) =>
    addPlanOptions(
      cmd
        .argument('<table>', 'table name')
        .argument('<pk>', 'partition key value')
        .argument('[sk]', 'sort key value (when the table has a sort key)')
        .option('--if-exists', 'exit 3 when there is no such item (default: nothing to delete is fine)')
        .option('-y, --yes', 'do not ask (AWS): delete without typed confirmation')
        .option('--dynamodb-json', 'print the deleted item in DynamoDB JSON'),
    ),
  input: ([table, pk, sk]: [string, string, string | undefined], opts: { ifExists?: boolean; yes?: boolean; dynamodbJson?: boolean; dryRun?: boolean; schema?: string }, io): Input => ({
    table,
    pk,
    sk,
    ifExists: Boolean(opts.ifExists),
    yes: Boolean(opts.yes),
    typed: Boolean(opts.dynamodbJson),
    plan: planOptions(opts, io),
  }),
  run,
  view: (input: Input) => taggedView({ item: itemView(input.typed), 'dry-run': dryRunView }),
});
