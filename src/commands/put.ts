/**
 * ddb put TABLE ITEM_JSON|- — write one item (plain JSON, or DynamoDB JSON with --dynamodb-json), checked against the
 * table's key and index key types first; --if-not-exists never replaces one. [API: PutItem, DescribeTable]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import type { InStream } from '../io.js';
import { type ItemOutcome, itemView } from '../render/item.js';

interface Input {
  table: string;
  /** parsed from the argument; undefined: read from stdin */
  item?: Record<string, unknown>;
  ifNotExists: boolean;
  typed: boolean;
}

const readAll = async (stream: InStream): Promise<string> => {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
};

export const run = async (input: Input, deps: Deps): Promise<ItemOutcome> => {
  const { checkPutItem, keyNamesOf, keyShapeOf, keyText, parseItemJson, putRequest } = await import('../data/item-requests.js');
  const item = input.item ?? parseItemJson(await readAll(deps.io.stdin), input.typed, 'the item on stdin');
  const db = await deps.dynamo();
  const description = await db.requireTable(input.table);
  checkPutItem(item, description);
  const shape = keyShapeOf(description);
  const key = Object.fromEntries(keyNamesOf(shape).map((k) => [k, item[k]]));
  const request = putRequest(shape, item, { ifNotExists: input.ifNotExists });
  let out;
  try {
    out = await db.putItem(request);
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') {
      throw new DdbError('item.exists', `an item ${keyText(key)} already exists in ${input.table}: nothing written (--if-not-exists)`, { suggestion: 'leave out --if-not-exists to replace it, or change it with `ddb update`' });
    }
    throw error;
  }
  const { plainItem } = await import('../aws/dynamo.js');
  return { table: input.table, action: 'put', key: keyText(key), keyNames: keyNamesOf(shape), item: plainItem(request.Item!), raw: request.Item, ConsumedCapacity: out.ConsumedCapacity };
};

export const command = defineCommand({
  name: 'put',
  description: 'write one item given as JSON (or - for stdin), checked against the table first; replaces an item with the same key unless --if-not-exists [API: PutItem]',
  configure: (cmd) =>
    cmd
      .argument('<table>', 'table name')
      .argument('<item_json>', `the item as a JSON object, e.g. '{"pk": "A", "sk": "B", "total": 12.5}', or - to read it from stdin`)
      .option('--if-not-exists', 'write only when no item has this key (otherwise exit 5, nothing written)')
      .option('--dynamodb-json', 'the item (and the output) in DynamoDB JSON: {"pk": {"S": "A"}, "tags": {"SS": ["x"]}}'),
  input: async ([table, json]: [string, string], opts: { ifNotExists?: boolean; dynamodbJson?: boolean }): Promise<Input> => {
    const { parseItemJson } = await import('../data/item-requests.js');
    const typed = Boolean(opts.dynamodbJson);
    return { table, item: json === '-' ? undefined : parseItemJson(json, typed), ifNotExists: Boolean(opts.ifNotExists), typed };
  },
  run,
  view: (input: Input) => itemView(input.typed),
});
