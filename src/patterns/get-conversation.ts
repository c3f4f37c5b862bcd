import type { AccessPattern } from './types.js';

export interface GetConversationInput {
  table: string;
  messageGroupUuid: string;
  limit: number;
  /** canonical UTC timestamps, inclusive */
  since?: string;
  until?: string;
}

/** Newest messages of a group first (ScanIndexForward false) — the caller prints them oldest-first. No year filter. */
export const getConversation: AccessPattern<GetConversationInput> = {
  name: 'get-conversation',
  description: 'the newest messages of a message group',
  toQuery: ({ table, messageGroupUuid, limit, since, until }) => {
    const values: Record<string, string> = { ':pk': `MSG#${messageGroupUuid}` };
    let range = '';
    if (since && until) {
      range = ' AND sk BETWEEN :since AND :until';
      values[':since'] = since;
      values[':until'] = until;
    } else if (since) {
      range = ' AND sk >= :since';
      values[':since'] = since;
    } else if (until) {
      range = ' AND sk <= :until';
      values[':until'] = until;
    }
    return {
      TableName: table,
      KeyConditionExpression: `pk = :pk${range}`,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: limit,
      ReturnConsumedCapacity: 'TOTAL',
    };
  },
};
