/**
 * The update grammar of `ddb update`: --set NAME=VALUE, --remove NAME, --add NAME=NUMBER as actions on paths (a.b,
 * a[0]), and the checks before an UpdateItem is built: a key attribute never changes, an index key attribute keeps
 * its declared type. Pure; the request is built in ./item-requests.ts.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { type Path, parsePath } from './expressions.js';
import { parseValue } from './item-input.js';
import { KEY_TYPE_CHECK, type KeyType, TYPE_WORD, invalid, keyNamesOf, keyShapeOf } from './key-shape.js';

export type UpdateAction = { kind: 'set'; path: Path; value: unknown } | { kind: 'remove'; path: Path } | { kind: 'add'; path: Path; value: unknown };

/** `NAME=VALUE` of --set/--add. */
export const parseAssignment = (text: string, flag: '--set' | '--add', typed: boolean): UpdateAction => {
  const eq = text.indexOf('=');
  if (eq <= 0) throw invalid(`${flag} "${text}" is not NAME=VALUE`, flag === '--set' ? `e.g. --set status=shipped --set 'total=12.5' --set 'tags=["a"]'` : 'e.g. --add views=1');
  const path = parsePath(text.slice(0, eq), flag);
  const value = parseValue(text.slice(eq + 1), typed, `${flag} ${text.slice(0, eq)}`);
  if (flag === '--add') {
    if (!KEY_TYPE_CHECK.N(value) && !(value instanceof Set)) throw invalid(`--add ${text.slice(0, eq)}: "${text.slice(eq + 1)}" is not a number`, 'ADD adds a number (or, with --dynamodb-json, a set: {"SS": ["a"]})');
    return { kind: 'add', path, value };
  }
  return { kind: 'set', path, value };
};

export const parseRemove = (text: string): UpdateAction => ({ kind: 'remove', path: parsePath(text, '--remove') });

/** Refuses to change a key attribute; an index key attribute set at the top level must have its declared type. */
export const checkUpdate = (actions: readonly UpdateAction[], t: TableDescription): void => {
  if (!actions.length) throw invalid('nothing to update', 'pass --set NAME=VALUE, --remove NAME or --add NAME=NUMBER');
  const table = keyShapeOf(t);
  const keys = keyNamesOf(table);
  const types = new Map((t.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? '', (a.AttributeType ?? 'S') as KeyType]));
  for (const a of actions) {
    const first = a.path[0] as { name: string };
    if (keys.includes(first.name)) {
      const attr = first.name === table.partition.name ? table.partition : table.sort!;
      throw invalid(`${first.name} is a key attribute of ${t.TableName} (${attr === table.partition ? 'partition' : 'sort'} key, ${attr.type}): an update cannot change it`, 'put the item under its new key and delete the old one');
    }
    const type = types.get(first.name);
    if (type && a.path.length === 1 && a.kind !== 'remove' && !KEY_TYPE_CHECK[type](a.value)) {
      throw invalid(`${first.name} is an index key of ${t.TableName} and must be a non-empty ${TYPE_WORD[type]} (${type}), got ${JSON.stringify(a.value instanceof Set ? [...a.value] : a.value)}`);
    }
  }
};
