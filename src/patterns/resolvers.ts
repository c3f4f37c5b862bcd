/**
 * Resolvers: a little code that lets a declared pattern take other words on the command line and then run the declared
 * query as it is. `ddb patterns get-conversation USER OTHER_USER` finds the message group the two users share (a Query
 * on the first user's group items, never a Scan) and runs get-conversation on it. Registered by pattern name; used
 * only when the declared pattern takes exactly the params the resolver fills.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import type { ParamSpec } from './declared.js';
import { resolveUser } from '../messaging/users.js';

export interface ResolveContext {
  db(): Promise<Dynamo>;
  /** the table the pattern reads (the declared one, or --table) */
  table: string;
  /** the folder of users.json (--users) */
  usersDir: string;
}

/** A request as --dry-run prints it. */
export interface PlannedRequest {
  api: string;
  input: unknown;
}

export interface ParamResolver {
  /** the declared pattern it serves */
  pattern: string;
  /** the required params it fills (the pattern must take exactly these) */
  fills: readonly string[];
  /** the words it takes instead, more of them than `fills`; the first ones share the places of `fills` on the line */
  words: readonly { name: string; description: string }[];
  resolve(words: readonly string[], ctx: ResolveContext): Promise<Record<string, string>>;
  /** --dry-run: the reads resolve() would send, and placeholders for what they would find — nothing is sent */
  plan(words: readonly string[], ctx: Omit<ResolveContext, 'db'>): Promise<{ reads: PlannedRequest[]; fills: Record<string, string> }>;
}

/** The two users of a conversation, from users.json; the same user twice is a usage error (there is no such conversation). */
const twoUsers = async (a: string, b: string, usersDir: string) => {
  const [from, to] = [await resolveUser(a, usersDir, '--users'), await resolveUser(b, usersDir, '--users')];
  if (from.uuid === to.uuid) throw new DdbError('usage', `${a} and ${b} are the same user: a conversation is between two users`, { suggestion: 'name two different users, or pass a message group uuid' });
  return [from, to] as const;
};

export const conversationBetween: ParamResolver = {
  pattern: 'get-conversation',
  fills: ['group'],
  words: [
    { name: 'user', description: 'a user (uuid or handle)' },
    { name: 'other_user', description: 'with a user in place of the group: the other user; the conversation the two share is shown' },
  ],
  resolve: async ([a, b], { db, table, usersDir }) => {
    const [from, to] = await twoUsers(a!, b!, usersDir);
    const dynamo = await db();
    await dynamo.requireTable(table);
    const { findGroupBetween } = await import('./find-group.js');
    const found = await findGroupBetween(dynamo, table, from.uuid, to.uuid);
    if (!found) throw new DdbError('item.notFound', `${a} and ${b} have no conversation in ${table}`, { suggestion: `start one with \`ddb patterns create-conversation ${a} ${b} "hello"\`` });
    return { group: found.message_group_uuid };
  },
  plan: async ([a, b], { table, usersDir }) => {
    const [from, to] = await twoUsers(a!, b!, usersDir);
    const { groupBetweenQuery } = await import('./find-group.js');
    return { reads: [{ api: 'Query', input: groupBetweenQuery(table, from.uuid, to.uuid) }], fills: { group: `<message_group_uuid of ${a} and ${b}'s group item, from the Query above>` } };
  },
};

export const RESOLVERS: readonly ParamResolver[] = [conversationBetween];

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The resolver that serves a declared pattern: registered for its name, filling exactly its required params. */
export const resolverFor = (name: string, required: readonly ParamSpec[]): ParamResolver | undefined =>
  RESOLVERS.find((r) => r.pattern === name && sameNames(r.fills, required.map((p) => p.name)) && r.words.length > required.length);

