/**
 * A Query read to its end or to `limit` items, whichever comes first. DynamoDB stops any page at 1 MB whatever
 * `Limit` says (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html), so one request
 * is not an answer: this keeps asking, with Limit = what is still missing, until it has `limit` items or the key
 * range ends. When it stops with more to read, the result carries NextToken (never a silent partial answer).
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import type { Step } from '../plan/step.js';
import { decodeToken, encodeToken } from './next-token.js';
import { fullPages, keyOf, projectKeys, stripKeys } from './page-keys.js';

export type Item = Record<string, unknown>;

/** DynamoDB's own reply shape, over every page read, with plain values, and NextToken when more remain. */
export interface ItemsResult {
  Items: Item[];
  Count: number;
  ScannedCount: number;
  ConsumedCapacity?: ConsumedCapacity;
  LastEvaluatedKey?: Item;
  NextToken?: string;
}

export const addCapacity = (total: ConsumedCapacity | undefined, page: ConsumedCapacity | undefined): ConsumedCapacity | undefined => {
  if (!page) return total;
  if (!total) return { ...page };
  return { ...total, CapacityUnits: (total.CapacityUnits ?? 0) + (page.CapacityUnits ?? 0) };
};

export interface PageOptions {
  /** items wanted; undefined: every item of the key range */
  limit?: number;
  /** a NextToken printed before */
  startingToken?: string;
  /**
   * the attributes of a LastEvaluatedKey here (the table's key, and the index's): with them a filtered read asks for
   * full pages and resumes after the last item it keeps, instead of shrinking Limit to the items still missing
   */
  keyNames?: readonly string[];
}

/** The request of one page (pure): full pages for a filtered read with a limit, else Limit = the items still missing. */
const pageRequest = (input: QueryCommandInput, start: Item | undefined, remaining: number | undefined, full: boolean): QueryCommandInput => ({
  ...input,
  ...(start ? { ExclusiveStartKey: start } : {}),
  ...(remaining !== undefined && !full ? { Limit: remaining } : {}),
});

/** What queryUpTo sends first, and how it goes on: the Query step of a plan (pure). */
export const queryStep = (input: QueryCommandInput, { limit, startingToken, keyNames }: PageOptions = {}): Extract<Step, { api: 'Query' }> => {
  const where = { table: input.TableName ?? '', index: input.IndexName };
  const start = startingToken ? decodeToken(startingToken, where) : input.ExclusiveStartKey;
  const full = fullPages(input, keyNames);
  const request = full ? projectKeys(input, keyNames).input : input;
  const until = limit === undefined ? 'until the key range ends' : `until ${limit} item(s)`;
  const pages = `then the next page from each LastEvaluatedKey, ${until}${full ? '; full pages, as Limit counts the items before the filter' : limit !== undefined ? '; Limit: the items still missing' : ''}`;
  return { api: 'Query', input: pageRequest(request, start, limit, full), read: true, pages };
};

export const queryUpTo = async (db: Dynamo, input: QueryCommandInput, { limit, startingToken, keyNames }: PageOptions = {}): Promise<ItemsResult> => {
  const where = { table: input.TableName ?? '', index: input.IndexName };
  let start = startingToken ? decodeToken(startingToken, where) : input.ExclusiveStartKey;
  const result: ItemsResult = { Items: [], Count: 0, ScannedCount: 0 };
  const full = fullPages(input, keyNames);
  const { input: request, strip } = full ? projectKeys(input, keyNames) : { input, strip: [] };
  const { perform } = await import('../aws/perform.js'); // the SDK loads with the first read, not with this module
  do {
    const remaining = limit === undefined ? undefined : limit - result.Items.length;
    const page = await perform(db, { api: 'Query', input: pageRequest(request, start, remaining, full) });
    let items = (page.Items ?? []) as Item[];
    let count = page.Count ?? 0; // Select COUNT: no items, only the count
    start = page.LastEvaluatedKey as Item | undefined;
    if (full && remaining !== undefined && items.length > remaining) {
      items = items.slice(0, remaining);
      count = items.length;
      start = keyOf(items[items.length - 1]!, keyNames);
    }
    result.Items.push(...stripKeys(items, strip));
    result.Count += count;
    result.ScannedCount += page.ScannedCount ?? 0;
    result.ConsumedCapacity = addCapacity(result.ConsumedCapacity, page.ConsumedCapacity);
  } while (start && (limit === undefined || result.Items.length < limit));
  if (start) {
    result.LastEvaluatedKey = start;
    result.NextToken = encodeToken(start, where);
  }
  return result;
};
