/**
 * One call of a declared pattern (`ddb patterns NAME …`), from its param values to its items. Its plan: a resolver's
 * reads when the words are a resolver's (get-conversation USER OTHER_USER: the Query that finds their group), then
 * the pattern's one Query (./plan.ts declaredPlan). `--dry-run` prints that plan and sends nothing; a run sends it —
 * and with `--explain` reads the table's description once first, for the estimate.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import type { ItemsResult } from '../reading/query.js';
import type { Step } from '../plan/step.js';
import { type DeclaredPattern, inDisplayOrder, type ParamValue, paramSpecs } from './declared.js';
import type { ReadEstimate } from './explain.js';
import { resolveParamUsers } from './params.js';
import { declaredPlan } from './plan.js';
import { resolverFor } from './resolvers.js';

export interface PatternCall {
  /** the table it reads (the declared one, or --table) */
  table: string;
  limit: number;
  /** the folder of users.json (--users) */
  usersDir: string;
  startingToken?: string;
  /** the params given, parsed (users still as written) */
  values: Readonly<Record<string, ParamValue | undefined>>;
  /** the words a resolver takes instead of the required params */
  resolverWords?: readonly string[];
}

export interface PatternRun {
  /** the Query sent (its first page) */
  request: QueryCommandInput;
  /** the items in the order the pattern displays them, NextToken when more remain */
  reply: ItemsResult;
  /** the params a resolver filled (get-conversation USER OTHER_USER: the group), for the next page's command */
  filled: Record<string, string>;
  /** --explain: what the Query should read, from DescribeTable */
  estimate?: ReadEstimate;
}

const resolverOf = (d: DeclaredPattern) => resolverFor(d.name, paramSpecs(d.pattern).filter((p) => !p.optional));

/** The pattern's Query with these values (users resolved from users.json). */
const patternQuery = async (d: DeclaredPattern, call: PatternCall, values: PatternCall['values']): Promise<Extract<Step, { api: 'Query' }>> => {
  const [step] = declaredPlan(d, await resolveParamUsers(paramSpecs(d.pattern), values, call.usersDir), { limit: call.limit, tableName: call.table }).steps;
  return step as Extract<Step, { api: 'Query' }>;
};

/** The plan of a call: a resolver's reads first (what they find a placeholder), then the Query. Sends nothing. */
export const declaredCallPlan = async (d: DeclaredPattern, call: PatternCall): Promise<Step[]> => {
  const resolver = resolverOf(d);
  if (!resolver || !call.resolverWords) return [await patternQuery(d, call, call.values)];
  const planned = await resolver.plan(call.resolverWords, call);
  return [...planned.reads, await patternQuery(d, call, { ...call.values, ...planned.fills })];
};

/** Runs a call: (--explain: DescribeTable), a resolver's read, then the Query page by page up to the limit. */
export const runDeclared = async (db: Dynamo, d: DeclaredPattern, call: PatternCall, opts: { explain?: boolean } = {}): Promise<PatternRun> => {
  const description = opts.explain ? await db.requireTable(call.table) : undefined;
  const resolver = resolverOf(d);
  const filled = resolver && call.resolverWords ? await resolver.resolve(db, call.resolverWords, call) : {};
  const { input: request } = await patternQuery(d, call, { ...call.values, ...filled });
  const { queryUpTo } = await import('../reading/query.js');
  const reply = await queryUpTo(db, { ...request, Limit: undefined }, { limit: call.limit, startingToken: call.startingToken });
  reply.Items = inDisplayOrder(d.pattern, reply.Items);
  if (!description) return { request, reply, filled };
  const { estimateQueryRcu } = await import('./explain.js');
  return { request, reply, filled, estimate: estimateQueryRcu(description, request.IndexName, call.limit) };
};
