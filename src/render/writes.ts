/**
 * The messaging writes (create-message, create-conversation): the message as a row of the conversation table; for
 * people what happened and what it consumed, for scripts the message item with ConsumedCapacity per request.
 */
import type { CreateConversationResult } from '../patterns/create-conversation.js';
import type { CreateMessageResult } from '../patterns/create-message.js';
import type { WriteCapacity } from '../patterns/transact.js';
import { messageColumns } from './items.js';
import { renderTable } from './table.js';
import type { View } from './view.js';

const units = (n: number | undefined): string => String(Math.round((n ?? 0) * 100) / 100);

export const writeCapacityText = (c: WriteCapacity): string => {
  const written = c.TransactWriteItems?.reduce((sum, t) => sum + (t.CapacityUnits ?? 0), 0);
  if (c.Query?.CapacityUnits === undefined && written === undefined) return 'consumed capacity: not reported by this engine';
  const parts = [
    `Query ${c.Query?.CapacityUnits === undefined ? 'not reported' : `${units(c.Query.CapacityUnits)} RCU`}`,
    ...(c.GetItem ? [`GetItem ${c.GetItem.CapacityUnits === undefined ? 'not reported' : `${units(c.GetItem.CapacityUnits)} RCU`}`] : []),
    `TransactWriteItems ${written === undefined ? 'not reported' : `${units(written)} WCU`}`,
  ];
  return `consumed: ${parts.join(', ')}`;
};

const retried = (attempts: number): string => (attempts > 1 ? ` (attempt ${attempts}: concurrent writes cancelled the first ${attempts - 1})` : '');

export const createdMessageView: View<CreateMessageResult> = {
  table: (r, style) => renderTable([r.item], messageColumns, style),
  footer: (r) => [
    `message ${r.item.message_uuid} added to conversation ${r.group}${retried(r.attempts)}; ${r.overtaken ? 'a newer message came in meanwhile: the group items name that one' : 'both group items name it'}`,
    writeCapacityText(r.capacity),
  ],
  json: (r) => ({ Item: r.item, ConsumedCapacity: r.capacity, Attempts: r.attempts }),
};

export const createdConversationView: View<CreateConversationResult> = {
  table: (r, style) => renderTable([r.item], messageColumns, style),
  footer: (r) => [
    r.existing
      ? `note: @${r.from.handle} and @${r.to.handle} already have a conversation (${r.group}): the message was added to it${retried(r.attempts)}`
      : `new conversation ${r.group} between @${r.from.handle} and @${r.to.handle}${retried(r.attempts)}`,
    writeCapacityText(r.capacity),
  ],
  json: (r) => ({ message_group_uuid: r.group, existing: r.existing, Item: r.item, ConsumedCapacity: r.capacity, Attempts: r.attempts }),
};
