/** The message group two users share, found from the first user's groups (a Query on GRP#<a>, never a Scan). */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { queryUpTo } from '../reading/query.js';
import type { GroupItem } from '../messaging/items.js';
import { groupPk } from '../messaging/keys.js';

/**
 * user a's group item naming user b, or undefined when they have no conversation. No Limit: it would apply before the
 * filter (one group per request); the filter runs over a's groups page by page instead.
 */
export const findGroupBetween = async (db: Dynamo, table: string, a: string, b: string): Promise<GroupItem | undefined> => {
  const out = await queryUpTo(db, groupBetweenQuery(table, a, b));
  return out.Items[0] as GroupItem | undefined;
};

/** The Query findGroupBetween sends (first page; it follows LastEvaluatedKey). */
export const groupBetweenQuery = (table: string, a: string, b: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk',
  FilterExpression: 'user_uuid = :other',
  ExpressionAttributeValues: { ':pk': groupPk(a), ':other': b },
  ScanIndexForward: false,
  ReturnConsumedCapacity: 'TOTAL',
});

/** The Query groupItemsOf sends (first page; it follows LastEvaluatedKey): the seed's check for an older or newer group item. */
export const groupItemsQuery = (table: string, pk: string, group: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk',
  // (DynamoDB allows no filter on a key attribute, so only the group is filtered here.)
  FilterExpression: 'message_group_uuid = :g',
  ExpressionAttributeValues: { ':pk': pk, ':g': group },
});

/** The group items of one conversation in one user's list (`pk` = GRP#<user>): normally one. */
export const groupItemsOf = async (db: Dynamo, table: string, pk: string, group: string): Promise<GroupItem[]> => (await queryUpTo(db, groupItemsQuery(table, pk, group))).Items as unknown as GroupItem[];
