/**
 * The two calls of a TTL sweep, in DynamoDB JSON so the TTL value is compared and written back exactly as stored:
 * a Scan for the items whose TTL attribute is a Number in the sweep's window, and a DeleteItem conditioned on that
 * value being unchanged (an item whose TTL was moved meanwhile is not deleted).
 */
import { type AttributeValue, DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from './dynamo.js';
import { translateAwsError } from './errors.js';

export type WireItem = Record<string, AttributeValue>;

/** Every page of items whose `attribute` holds a Number from `oldest` to `now` (epoch seconds): keys and that attribute. */
export async function* scanExpiring(db: Dynamo, table: string, attribute: string, keyNames: readonly string[], now: number, oldest: number): AsyncGenerator<{ items: WireItem[]; scanned: number }> {
  const names: Record<string, string> = { '#t': attribute };
  keyNames.forEach((k, i) => (names[`#k${i}`] = k));
  let start: WireItem | undefined;
  do {
    const out = await db.call(table, () =>
      db.client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#t BETWEEN :oldest AND :now',
          ProjectionExpression: ['#t', ...keyNames.map((_, i) => `#k${i}`)].join(', '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':oldest': { N: String(oldest) }, ':now': { N: String(now) } },
          ExclusiveStartKey: start,
        }),
      ),
    );
    yield { items: out.Items ?? [], scanned: out.ScannedCount ?? 0 };
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Deletes the item if its TTL attribute still holds `value`; false when it changed (or the item is gone). */
export const deleteIfUnchanged = async (db: Dynamo, table: string, key: WireItem, attribute: string, value: AttributeValue): Promise<boolean> => {
  try {
    await db.client.send(new DeleteItemCommand({ TableName: table, Key: key, ConditionExpression: '#t = :v', ExpressionAttributeNames: { '#t': attribute }, ExpressionAttributeValues: { ':v': value } }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw translateAwsError(error, { target: db.target, region: db.region, table });
  }
};
