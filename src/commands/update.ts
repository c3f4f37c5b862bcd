/**
 * ddb update TABLE PK [SK] --set NAME=VALUE … --remove NAME … --add NAME=NUMBER … — change attributes of one item
 * with a generated UpdateExpression (#n0/:v0 placeholders: reserved words just work; a.b is a nested path) and print
 * the item as it is now. Key attributes cannot change; without --if-exists a missing item is created. [API: UpdateItem]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, type PlanOptions, planOptions } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import type { UpdateAction } from '../requests/update-grammar.js';
import { type ItemOutcome, itemView } from '../render/item.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

interface Input {
  table: string;
  pk: string;
  sk?: string;
  actions: UpdateAction[];
  ifExists: boolean;
  typed: boolean;
  plan: PlanOptions;
}

type Result = Tagged<{ item: ItemOutcome; 'dry-run': DryRun }>;

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { requestKeyText, updateStep } = await import('../requests/item-requests.js');
  const { planTable } = await import('../schema/plan-keys.js');
  const known = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const step = updateStep(known.description, input, input.actions, { ifExists: input.ifExists });
  if (input.plan.dryRun) return { kind: 'dry-run', value: dryRun([...known.steps, step], known.sent) };
  const key = requestKeyText(step.input.Key);
  const { perform } = await import('../aws/perform.js');
  let out;
  try {
    out = await perform(await deps.dynamo(), step);
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('item.notFound', `no item ${key} in ${input.table}: nothing updated (--if-exists)`, { suggestion: 'leave out --if-exists to create it' });
    }
    if (error instanceof DdbError && error.code === 'input.invalid' && /overlap/i.test(error.message)) {
      throw new DdbError('input.invalid', error.message, { suggestion: 'one update changes an attribute (or a path inside it) once: keep one of the --set, --remove or --add that name it', cause: error });
    }
    if (error instanceof DdbError && error.code === 'input.invalid' && /document path/i.test(error.message)) {
      throw new DdbError('input.invalid', error.message, { suggestion: "a.b changes a member of the map a, which must exist: set the whole map first, e.g. --set 'a={\"b\": 1}'", cause: error });
    }
    throw error;
  }
  const { plainItem } = await import('../aws/dynamo.js');
  const { keyNamesOf, keyShapeOf } = await import('../requests/key-shape.js');
  return { kind: 'item', value: { table: input.table, action: 'update', key, keyNames: keyNamesOf(keyShapeOf(known.description)), item: plainItem(out.Attributes ?? {}), raw: out.Attributes ?? {}, ConsumedCapacity: out.ConsumedCapacity } };
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface Options {
  set?: string[];
  remove?: string[];
  add?: string[];
  ifExists?: boolean;
  dynamodbJson?: boolean;
  dryRun?: boolean;
  schema?: string;
}

export const command = defineCommand({
  name: 'update',
  description: 'change attributes of one item (SET, REMOVE, ADD with generated placeholders) and print it as it is now [API: UpdateItem]',
  configure: (cmd) =>
    addPlanOptions(
      cmd
        .argument('<table>', 'table name')
        .argument('<pk>', 'partition key value')
        .argument('[sk]', 'sort key value (when the table has a sort key)')
        .option('--set <name=value>', 'set an attribute: the value is JSON (a bare word is a string); a.b sets a member of the map a; repeatable', collect)
        .option('--remove <name>', 'remove an attribute (a.b: a member of a map); repeatable', collect)
        .option('--add <name=number>', 'add a number to an attribute (0 when missing); repeatable', collect)
        .option('--if-exists', 'only change an item that exists (otherwise exit 3, nothing written); default: create it')
        .option('--dynamodb-json', 'values (and the output) in DynamoDB JSON: --set \'tags={"SS": ["a"]}\''),
    ),
  input: async ([table, pk, sk]: [string, string, string | undefined], opts: Options, io): Promise<Input> => {
    const { parseAssignment, parseRemove } = await import('../requests/update-grammar.js');
    const typed = Boolean(opts.dynamodbJson);
    const actions = [...(opts.set ?? []).map((s) => parseAssignment(s, '--set', typed)), ...(opts.remove ?? []).map(parseRemove), ...(opts.add ?? []).map((s) => parseAssignment(s, '--add', typed))];
    if (!actions.length) throw new DdbError('usage', 'nothing to update', { suggestion: 'pass --set NAME=VALUE, --remove NAME or --add NAME=NUMBER' });
    return { table, pk, sk, actions, ifExists: Boolean(opts.ifExists), typed, plan: planOptions(opts, io) };
  },
  run,
  view: (input: Input) => taggedView({ item: itemView(input.typed), 'dry-run': dryRunView }),
});
