/**
 * `ddb patterns get-conversation USER OTHER_USER`: the conversation two users share. The declared pattern
 * get-conversation reads a message group by its uuid; these find the group of two users first — a Query on the first
 * user's group items filtered on the other (./find-group.ts), never a Scan — and the pattern then runs as declared
 * (./resolvers.ts registers them for it).
 */
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import type { Step } from '../plan/step.js';
import { resolveUser } from '../messaging/users.js';

/** The two users of a conversation, from users.json; the same user twice is a usage error (there is no such conversation). */
const twoUsers = async (a: string, b: string, usersDir: string) => {
  const [from, to] = [await resolveUser(a, usersDir, '--users'), await resolveUser(b, usersDir, '--users')];
  if (from.uuid === to.uuid) throw new DdbError('usage', `${a} and ${b} are the same user: a conversation is between two users`, { suggestion: 'name two different users, or pass a message group uuid' });
  return [from, to] as const;
};

/** The message group of users a and b (uuids or handles), read from the table; exit 3 when they have none. */
export const groupOfTwo = async (db: Dynamo, table: string, a: string, b: string, usersDir: string): Promise<string> => {
  const [from, to] = await twoUsers(a, b, usersDir);
  const { findGroupBetween } = await import('./find-group.js'); // the pager, and the SDK with it, only when it reads
  const found = await findGroupBetween(db, table, from.uuid, to.uuid);
  if (!found) throw new DdbError('item.notFound', `${a} and ${b} have no conversation in ${table}`, { suggestion: `start one with \`ddb patterns create-conversation ${a} ${b} "hello"\`` });
  return found.message_group_uuid;
};

/** The read groupOfTwo sends, and a placeholder for the group it finds (sends nothing). */
export const groupOfTwoPlan = async (table: string, a: string, b: string, usersDir: string): Promise<{ read: Step; group: string }> => {
  const [from, to] = await twoUsers(a, b, usersDir);
  const { groupBetweenQuery } = await import('./find-group.js');
  const { queryStep } = await import('../reading/query.js');
  return { read: queryStep(groupBetweenQuery(table, from.uuid, to.uuid)), group: `<message_group_uuid of ${a} and ${b}'s group item, from the Query above>` };
};
