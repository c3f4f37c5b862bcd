/**
 * The oracle for values: DynamoDB's own reply over HTTP, read with JSON.parse — neither ddb's code nor the SDK's reader
 * (which loses a top-level attribute named __proto__). Binary comes as base64 text, numbers as DynamoDB's canonical
 * text, sets in DynamoDB's order (canonical() sorts them).
 */
export type Json = Record<string, Record<string, unknown>>;

export const engineCall = async (endpoint: string, target: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${target}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=fake/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${target}: ${JSON.stringify(out)}`);
  return out;
};

/** An item comparable whatever order DynamoDB sent it in: attributes by name, set members sorted. */
export const canonical = (item: Json): unknown => Object.fromEntries(Object.keys(item).sort().map((k) => [k, canonicalValue(item[k]!)]));
const canonicalValue = (v: Record<string, unknown>): unknown => {
  const [type] = Object.keys(v);
  if (type === 'SS' || type === 'NS' || type === 'BS') return { [type]: [...(v[type] as string[])].sort() };
  if (type === 'M') return { M: canonical(v.M as Json) };
  if (type === 'L') return { L: (v.L as Record<string, unknown>[]).map(canonicalValue) };
  return v;
};

/** Every item of a table as DynamoDB holds it, canonical and sorted. */
export const engineScan = async (endpoint: string, table: string): Promise<unknown[]> => {
  const items: Json[] = [];
  let start: unknown;
  do {
    const page = await engineCall(endpoint, 'Scan', { TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) });
    items.push(...((page.Items ?? []) as Json[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
};
