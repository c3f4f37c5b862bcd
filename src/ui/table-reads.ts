/**
 * `ddb ui`'s reads of a table: one page at a time (one Query or Scan request, never the whole table), items in
 * DynamoDB JSON so the page shows each value's type. The Query is the one `ddb query` builds (src/requests/range-requests.ts:
 * the sort conditions, the filter grammar, the declared key types); the page token is `ddb query`'s NextToken
 * (src/reading/next-token.ts), so the page's command line (`ddb query … --starting-token`) reads on from where the page is.
 */
import type { ConsumedCapacity, TableDescription } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { plainItem } from '../values/attribute.js';
import type { Dynamo } from '../aws/dynamo.js';
import { queryPage, scanPage } from '../aws/raw-reads.js';
import { parseFilter } from '../requests/expressions.js';
import { capacity } from '../requests/item-requests.js';
import type { RawItem } from '../requests/item-input.js';
import { invalid, keyNamesOf, keyShapeOf } from '../requests/key-shape.js';
import { decodeToken, encodeToken } from '../reading/next-token.js';
import { type SortCondition, queryRequest, scanExtras } from '../requests/range-requests.js';

/** Items one page shows unless the page asks for another size. */
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const SORT_OPS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'] as const;

/** What the table page asks for (query-string values, as text). */
export interface PageQuery {
  index?: string;
  /** partition key value: a Query; absent: a Scan */
  pk?: string;
  op?: string;
  value?: string;
  /** between's upper bound */
  value2?: string;
  desc?: boolean;
  filter?: string;
  limit?: number;
  token?: string;
}

export interface Page {
  api: 'Query' | 'Scan';
  request: QueryCommandInput | ScanCommandInput;
  items: RawItem[];
  /** key attributes first: the table's, then the index's */
  keyNames: string[];
  count: number;
  scannedCount: number;
  consumed?: ConsumedCapacity;
  nextToken?: string;
}

const sortCondition = (q: PageQuery): SortCondition | undefined => {
  if (!q.op || q.value === undefined || q.value === '') return undefined;
  const op = SORT_OPS.find((o) => o === q.op);
  if (!op) throw invalid(`"${q.op}" is not a sort key condition`, `use one of ${SORT_OPS.join(' ')}`);
  if (op === 'between') {
    if (q.value2 === undefined || q.value2 === '') throw invalid('between needs a lower and an upper value');
    return { op, low: q.value, high: q.value2 };
  }
  return { op, value: q.value };
};

/** The one request for this page (pure): a Query when a partition value is given, else a Scan. */
export const pageRequest = (description: TableDescription, q: PageQuery): { api: 'Query' | 'Scan'; request: QueryCommandInput | ScanCommandInput; keyNames: string[] } => {
  const table = keyShapeOf(description);
  const shape = q.index ? keyShapeOf(description, q.index) : table;
  const limit = Math.min(q.limit ?? PAGE_SIZE, MAX_PAGE_SIZE);
  const filter = q.filter?.trim() ? parseFilter(q.filter) : undefined;
  const start = q.token ? decodeToken(q.token, { table: table.table, index: q.index }) : undefined;
  const paging = { Limit: limit, ...(start ? { ExclusiveStartKey: start } : {}) };
  const keyNames = keyNamesOf(table, shape);
  if (q.pk !== undefined && q.pk !== '') {
    return { api: 'Query', keyNames, request: { ...queryRequest({ shape, partition: q.pk, sort: sortCondition(q), desc: q.desc, filter }), ...paging } };
  }
  if (q.op && q.value) throw invalid('a sort key condition needs a partition key value', 'fill in the partition key, or leave the condition out to scan');
  return { api: 'Scan', keyNames, request: { TableName: table.table, ...scanExtras({ index: q.index, filter }), ...capacity, ...paging } };
};

/** Reads one page. */
export const readPage = async (db: Dynamo, description: TableDescription, q: PageQuery): Promise<Page> => {
  const { api, request, keyNames } = pageRequest(description, q);
  const out = api === 'Query' ? await queryPage(db, request) : await scanPage(db, request);
  const where = { table: request.TableName ?? '', index: request.IndexName };
  return {
    api,
    request,
    items: out.Items ?? [],
    keyNames,
    count: out.Count ?? 0,
    scannedCount: out.ScannedCount ?? 0,
    ...(out.ConsumedCapacity ? { consumed: out.ConsumedCapacity } : {}),
    ...(out.LastEvaluatedKey ? { nextToken: encodeToken(plainItem(out.LastEvaluatedKey), where) } : {}),
  };
};
