/**
 * Resolvers: a little code that lets a declared pattern take other words on the command line and then run the declared
 * query as it is. `ddb patterns get-conversation USER OTHER_USER` finds the message group the two users share (a Query
 * on the first user's group items, never a Scan) and runs get-conversation on it. Registered by pattern name; used
 * only when the declared pattern takes exactly the params the resolver fills.
 */
import type { Dynamo } from '../aws/dynamo.js';
import type { Step } from '../plan/step.js';
import type { ParamSpec } from './declared.js';
import { groupOfTwo, groupOfTwoPlan } from './get-conversation.js';

export interface ResolveContext {
  /** the table the pattern reads (the declared one, or --table) */
  table: string;
  /** the folder of users.json (--users) */
  usersDir: string;
}

export interface ParamResolver {
  /** the declared pattern it serves */
  pattern: string;
  /** the required params it fills (the pattern must take exactly these) */
  fills: readonly string[];
  /** the words it takes instead, more of them than `fills`; the first ones share the places of `fills` on the line */
  words: readonly { name: string; description: string }[];
  resolve(db: Dynamo, words: readonly string[], ctx: ResolveContext): Promise<Record<string, string>>;
  /** --dry-run: the reads resolve() would send, and placeholders for what they would find — nothing is sent */
  plan(words: readonly string[], ctx: ResolveContext): Promise<{ reads: Step[]; fills: Record<string, string> }>;
}

/** get-conversation USER OTHER_USER (./get-conversation.ts). */
export const conversationBetween: ParamResolver = {
  pattern: 'get-conversation',
  fills: ['group'],
  words: [
    { name: 'user', description: 'a user (uuid or handle)' },
    { name: 'other_user', description: 'with a user in place of the group: the other user; the conversation the two share is shown' },
  ],
  resolve: async (db, [a, b], { table, usersDir }) => ({ group: await groupOfTwo(db, table, a!, b!, usersDir) }),
  plan: async ([a, b], { table, usersDir }) => {
    const { read, group } = await groupOfTwoPlan(table, a!, b!, usersDir);
    return { reads: [read], fills: { group } };
  },
};

export const RESOLVERS: readonly ParamResolver[] = [conversationBetween];

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The resolver that serves a declared pattern: registered for its name, filling exactly its required params. */
export const resolverFor = (name: string, required: readonly ParamSpec[]): ParamResolver | undefined =>
  RESOLVERS.find((r) => r.pattern === name && sameNames(r.fills, required.map((p) => p.name)) && r.words.length > required.length);

