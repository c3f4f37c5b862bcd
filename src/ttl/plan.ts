/**
 * What a TTL sweep (./sweep.ts) sends, as data (src/plan/step.ts): per table the DescribeTimeToLive that says whether
 * TTL is on and on which attribute, the DescribeTable that gives the key names, the Scan for the items expired in the
 * sweep's window, and a DeleteItem for each — known only once the Scan has read them, so a placeholder step. Pure:
 * `ddb ttl sweep --dry-run` prints it. The Scan and the DeleteItem carry DynamoDB JSON (the sweep compares and writes
 * the TTL value back exactly as stored).
 */
import type { AttributeValue, DeleteItemCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { describeStep, type Step } from '../plan/step.js';
import { FIVE_YEARS_SECONDS } from './expiry.js';

/** The Scan of the items whose `attribute` holds a Number from `oldest` to `now` (epoch seconds): keys and that attribute. */
export const expiringScan = (table: string, attribute: string, keyNames: readonly string[], now: number, oldest: number): ScanCommandInput & { TableName: string } => ({
  TableName: table,
  FilterExpression: '#t BETWEEN :oldest AND :now',
  ProjectionExpression: ['#t', ...keyNames.map((_, i) => `#k${i}`)].join(', '),
  ExpressionAttributeNames: { '#t': attribute, ...Object.fromEntries(keyNames.map((k, i) => [`#k${i}`, k])) },
  ExpressionAttributeValues: { ':oldest': { N: String(oldest) }, ':now': { N: String(now) } },
});

/** The delete of one expired item, only while its TTL attribute still holds the value the Scan read. */
export const expiringDelete = (table: string, key: Record<string, AttributeValue>, attribute: string, value: AttributeValue): DeleteItemCommandInput & { TableName: string } => ({
  TableName: table,
  Key: key,
  ConditionExpression: '#t = :v',
  ExpressionAttributeNames: { '#t': attribute },
  ExpressionAttributeValues: { ':v': value },
});

/** A table as the plan knows it: from the schema file when it declares the table, else placeholders for what the reads tell. */
export interface SweepTable {
  name: string;
  /** the TTL attribute (undefined: only DescribeTimeToLive tells) */
  attribute?: string;
  /** the key attribute names (undefined: only DescribeTable tells) */
  keyNames?: readonly string[];
}

/** The steps that sweep one table at `now` (epoch seconds). */
export const sweepTableSteps = (t: SweepTable, now: number, when?: string): Step[] => {
  const attribute = t.attribute ?? '<the TTL attribute DescribeTimeToLive names>';
  const keyNames = t.keyNames ?? ['<each key attribute DescribeTable names>'];
  const placeholder = (what: string) => ({ S: what }) as AttributeValue;
  const on = when ? `${when}, and TTL is on` : 'TTL is on';
  return [
    { api: 'DescribeTimeToLive', input: { TableName: t.name }, read: true, ...(when ? { when } : {}) },
    { ...describeStep(t.name), when: on },
    { api: 'Scan', input: expiringScan(t.name, attribute, keyNames, now, now - FIVE_YEARS_SECONDS), read: true, when: on, pages: 'then the next page from each LastEvaluatedKey, until the table ends' },
    {
      api: 'DeleteItem',
      input: expiringDelete(t.name, Object.fromEntries(keyNames.map((k) => [k, placeholder(`<its ${k}, as read>`)])), attribute, placeholder(`<its ${attribute}, as read>`)),
      read: false,
      when: 'for each item the Scan finds expired (one DeleteItem each)',
    },
  ];
};

/**
 * A sweep's plan: of `table`, or (none named) of every table ListTables names — those the schema file declares with
 * TTL in full, and one placeholder DescribeTimeToLive for each other table.
 */
export const sweepSteps = (table: SweepTable | undefined, declared: readonly SweepTable[], now: number): Step[] => {
  if (table) return sweepTableSteps(table, now);
  return [
    { api: 'ListTables', input: {}, read: true, pages: 'then the next page from each LastEvaluatedTableName, until the last table' },
    ...declared.flatMap((t) => sweepTableSteps(t, now, `ListTables names ${t.name}`)),
    { api: 'DescribeTimeToLive', input: { TableName: '<each other table ListTables names>' }, read: true, when: 'there are other tables (each with TTL on is swept as above)' },
  ];
};
