/**
 * Full pages for a filtered read with --limit, cut after the last item kept (used by reading/query.ts and
 * reading/parallel-scan.ts; no SDK here, so a command's --help that names the pager loads none).
 */
type Item = Record<string, unknown>;

/**
 * Limit counts the items DynamoDB reads, before a filter: a filtered read whose pages ask only for the items still
 * missing reads a few items per request and pays for each request's rounding, many times the cost of reading without
 * --limit (issue 17: 2,500 RCU against 25). So with a filter it asks for full pages, keeps what it needs, and makes
 * the LastEvaluatedKey from the last item kept: the next page starts exactly after it.
 */
export const fullPages = (input: { FilterExpression?: string }, keyNames: readonly string[] | undefined): keyNames is readonly string[] =>
  Boolean(input.FilterExpression) && Boolean(keyNames?.length);

/** The key of an item (its projection holds the key: projectKeys). */
export const keyOf = (item: Item, keyNames: readonly string[]): Item => Object.fromEntries(keyNames.map((k) => [k, item[k]]));

/**
 * A filtered read with a projection that leaves a key attribute out: the key is asked for too (to make the
 * LastEvaluatedKey of a cut page), and `strip` takes it off the items again, so they are what the projection says.
 */
export const projectKeys = <T extends { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }>(input: T, keyNames: readonly string[]): { input: T; strip: string[] } => {
  if (!input.ProjectionExpression) return { input, strip: [] };
  const names = input.ExpressionAttributeNames ?? {};
  const projected = new Set(input.ProjectionExpression.split(',').map((p) => {
    const top = p.trim().split(/[.[]/)[0]!;
    return names[top] ?? top;
  }));
  const strip = keyNames.filter((k) => !projected.has(k));
  if (!strip.length) return { input, strip };
  const added = Object.fromEntries(strip.map((k, i) => [`#ddbkey${i}`, k]));
  return { input: { ...input, ProjectionExpression: [input.ProjectionExpression, ...Object.keys(added)].join(', '), ExpressionAttributeNames: { ...names, ...added } }, strip };
};

export const stripKeys = (items: Item[], strip: readonly string[]): Item[] =>
  strip.length ? items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !strip.includes(k)))) : items;
