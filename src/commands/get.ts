/** ddb get TABLE PK [SK] — one item by its key, typed from DescribeTable. [API: GetItem, DescribeTable] */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { type ItemOutcome, itemView } from '../render/item.js';
import { arg } from '../text.js';

interface Input {
  table: string;
  pk: string;
  sk?: string;
  consistentRead: boolean;
  typed: boolean;
}

export const run = async (input: Input, deps: Deps): Promise<ItemOutcome> => {
  const { getRequest, keyFromText, keyNamesOf, keyShapeOf, keyText } = await import('../data/item-requests.js');
  const db = await deps.dynamo();
  const shape = keyShapeOf(await db.requireTable(input.table));
  const key = keyFromText(shape, input.pk, input.sk, 'get');
  const out = await db.getItem(getRequest(shape, key, { consistentRead: input.consistentRead }));
  if (!out.Item) throw new DdbError('item.notFound', `no item ${keyText(key)} in ${input.table}`, { suggestion: `look with \`${deps.commandLine('query', arg(input.table), arg(input.pk))}\`` });
  const { plainItem } = await import('../aws/dynamo.js');
  return { table: input.table, action: 'get', key: keyText(key), keyNames: keyNamesOf(shape), item: plainItem(out.Item), raw: out.Item, ConsumedCapacity: out.ConsumedCapacity };
};

export const command = defineCommand({
  name: 'get',
  description: 'one item by its key; key values as text, converted to the types the table declares (N: a number, B: base64); exit 3 when there is none [API: GetItem]',
  configure: (cmd) =>
    cmd
      .argument('<table>', 'table name')
      .argument('<pk>', 'partition key value')
      .argument('[sk]', 'sort key value (when the table has a sort key)')
      .option('--consistent-read', 'strongly consistent read (twice the RCU)')
      .option('--dynamodb-json', 'print the item in DynamoDB JSON ({"pk": {"S": "x"}}) instead of plain values'),
  input: ([table, pk, sk]: [string, string, string | undefined], opts: { consistentRead?: boolean; dynamodbJson?: boolean }): Input => ({
    table,
    pk,
    sk,
    consistentRead: Boolean(opts.consistentRead),
    typed: Boolean(opts.dynamodbJson),
  }),
  run,
  view: (input: Input) => itemView(input.typed),
});
