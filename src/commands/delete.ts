/**
 * ddb delete TABLE PK [SK] — delete one item and print it as it was; --if-exists: exit 3 when there was none.
 * Against AWS it asks on a terminal first (or --yes). [API: DeleteItem, DescribeTable]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { type ItemOutcome, itemView } from '../render/item.js';

interface Input {
  table: string;
  pk: string;
  sk?: string;
  ifExists: boolean;
  yes: boolean;
  typed: boolean;
}

export const run = async (input: Input, deps: Deps): Promise<ItemOutcome> => {
  const { deleteRequest, keyFromText, keyNamesOf, keyShapeOf, keyText } = await import('../data/item-requests.js');
  const ask = deps.target.kind === 'aws' && !input.yes;
  if (ask && !deps.prompt.available) {
    // before any request: a script against AWS says --yes
    throw new DdbError('safety.refused', `refusing to delete an item from ${input.table} in AWS without confirmation (not a terminal)`, { suggestion: 'pass --yes to delete it from a script' });
  }
  const db = await deps.dynamo();
  const shape = keyShapeOf(await db.requireTable(input.table));
  const key = keyFromText(shape, input.pk, input.sk, 'delete');
  if (ask) {
    const answer = await deps.prompt.ask(`Delete ${keyText(key)} from ${input.table} in AWS ${db.region}? Type "yes" to continue: `);
    if (answer !== 'yes') throw new DdbError('safety.refused', 'nothing deleted: the answer was not "yes"');
  }
  let out;
  try {
    out = await db.deleteItem(deleteRequest(shape, key, { ifExists: input.ifExists }));
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('item.notFound', `no item ${keyText(key)} in ${input.table}: nothing deleted (--if-exists)`);
    }
    throw error;
  }
  const { plainItem } = await import('../aws/dynamo.js');
  const old = out.Attributes && Object.keys(out.Attributes).length ? out.Attributes : undefined;
  return { table: input.table, action: 'delete', key: keyText(key), keyNames: keyNamesOf(shape), ...(old ? { item: plainItem(old), raw: old } : {}), ConsumedCapacity: out.ConsumedCapacity };
};

export const command = defineCommand({
  name: 'delete',
  description: 'delete one item by its key and print it as it was; against AWS asks first (--yes for scripts) [API: DeleteItem]',
  configure: (cmd) =>
    cmd
      .argument('<table>', 'table name')
      .argument('<pk>', 'partition key value')
      .argument('[sk]', 'sort key value (when the table has a sort key)')
      .option('--if-exists', 'exit 3 when there is no such item (default: nothing to delete is fine)')
      .option('-y, --yes', 'do not ask (AWS): delete without typed confirmation')
      .option('--dynamodb-json', 'print the deleted item in DynamoDB JSON'),
  input: ([table, pk, sk]: [string, string, string | undefined], opts: { ifExists?: boolean; yes?: boolean; dynamodbJson?: boolean }): Input => ({
    table,
    pk,
    sk,
    ifExists: Boolean(opts.ifExists),
    yes: Boolean(opts.yes),
    typed: Boolean(opts.dynamodbJson),
  }),
  run,
  view: (input: Input) => itemView(input.typed),
});
