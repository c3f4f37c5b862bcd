/**
 * Pagination tokens, the AWS CLI's way: `NextToken` is opaque to users — base64url of the LastEvaluatedKey in
 * DynamoDB JSON (so binary and large numbers survive), with the table and index it belongs to, so a token from another
 * table or index is refused instead of silently starting somewhere else. `--starting-token` takes it back.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import { fromTypedMap, plainItem, toAttributeMap } from '../values/attribute.js';
import { toJson } from '../values/json-writer.js';

type Key = Record<string, unknown>;

interface TokenBody {
  v: 1;
  table: string;
  index?: string;
  key: Record<string, AttributeValue>;
}

export const encodeToken = (key: Key, where: { table: string; index?: string }): string => {
  const body: TokenBody = { v: 1, table: where.table, ...(where.index ? { index: where.index } : {}), key: toAttributeMap(key) };
  return Buffer.from(toJson(body)).toString('base64url'); // binary as base64, numbers as DynamoDB wrote them
};

const bad = (why: string): DdbError =>
  new DdbError('input.invalid', `--starting-token is ${why}`, { suggestion: 'pass the NextToken (or the --starting-token of the "more:" line) that ddb printed for this same query' });

export const decodeToken = (token: string, where: { table: string; index?: string }): Key => {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw bad('not a token ddb printed (it does not decode)');
  }
  if (body?.v !== 1 || typeof body.table !== 'string' || !body.key || typeof body.key !== 'object') throw bad('not a token ddb printed');
  if (body.table !== where.table || (body.index ?? undefined) !== (where.index ?? undefined)) {
    const of = (t: string, i?: string) => (i ? `${t} (index ${i})` : t);
    throw bad(`for ${of(body.table, body.index)}, not ${of(where.table, where.index)}`);
  }
  try {
    return plainItem(fromTypedMap(body.key as Record<string, unknown>));
  } catch {
    throw bad('damaged');
  }
};
