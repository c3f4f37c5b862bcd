import type { AccessPattern } from './types.js';

export interface ListConversationsInput {
  table: string;
  userUuid: string;
  limit: number;
}

/** A user's message groups, newest first (sk is the time of the group's last message). */
export const listConversations: AccessPattern<ListConversationsInput> = {
  name: 'list-conversations',
  description: "a user's message groups, newest first",
  toQuery: ({ table, userUuid, limit }) => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `GRP#${userUuid}` },
    ScanIndexForward: false,
    Limit: limit,
    ReturnConsumedCapacity: 'TOTAL',
  }),
};
