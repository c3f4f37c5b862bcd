/**
 * The two calls of a TTL sweep, in DynamoDB JSON so the TTL value is compared and written back exactly as stored:
 * a Scan for the items whose TTL attribute is a Number in the sweep's window, and a DeleteItem conditioned on that
 * value being unchanged (an item whose TTL was moved meanwhile is not deleted).
 */
import { type AttributeValue, DeleteItemCommand, type DeleteItemCommandInput, ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from './dynamo.js';
import { translateAwsError } from './errors.js';

export type WireItem = Record<string, AttributeValue>;

/** Every page of the expiring Scan (src/ttl/plan.ts expiringScan). */
export async function* scanExpiring(db: Dynamo, input: ScanCommandInput & { TableName: string }): AsyncGenerator<{ items: WireItem[]; scanned: number }> {
  const table = input.TableName;
  let start: WireItem | undefined;
  do {
    const out = await db.call(table, () => db.client.send(new ScanCommand({ ...input, ExclusiveStartKey: start })));
    yield { items: out.Items ?? [], scanned: out.ScannedCount ?? 0 };
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Sends a conditional delete (src/ttl/plan.ts expiringDelete); false when its condition failed (the TTL changed, or the item is gone). */
export const deleteIfUnchanged = async (db: Dynamo, input: DeleteItemCommandInput & { TableName: string }): Promise<boolean> => {
  const table = input.TableName;
  try {
    await db.client.send(new DeleteItemCommand(input));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw translateAwsError(error, { target: db.target, region: db.region, table });
  }
};
