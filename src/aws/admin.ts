/**
 * Table administration reads beyond DescribeTable: TTL, backups (PITR), tags — what a schema plan compares — sent
 * through ./perform.ts. An API the engine lacks (DynamoDB Local answers
 * UnknownOperationException for tagging and backups) reads as `undefined`, never as a guessed default. Loaded lazily.
 */
import type { DescribeTimeToLiveCommandOutput } from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import type { Request } from '../plan/step.js';
import type { Dynamo } from './dynamo.js';
import { type Output, perform } from './perform.js';

/** The engine has no such API. */
const isUnknownOperation = (error: unknown): boolean =>
  error instanceof DdbError && (error.cause as { name?: string } | undefined)?.name === 'UnknownOperationException';

/** Runs `fn`; undefined when the engine lacks the API. */
const optional = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await fn();
  } catch (error) {
    if (isUnknownOperation(error)) return undefined;
    throw error;
  }
};

/** Sends a read of an API some engines lack: undefined when the engine lacks it. `about`: as perform takes it. */
export const performOptional = <R extends Request>(db: Dynamo, request: R, about: { table?: string } = {}): Promise<Output<R> | undefined> =>
  optional(() => perform(db, request, about));

export const describeTimeToLive = (db: Dynamo, table: string): Promise<DescribeTimeToLiveCommandOutput | undefined> =>
  performOptional(db, { api: 'DescribeTimeToLive', input: { TableName: table } });

/** Which optional APIs the engine has, asked about a table that does not exist ("not found" still means it has it). */
export const probeApis = async (db: Dynamo): Promise<{ pitr: boolean; tags: boolean; ttl: boolean }> => {
  const probe = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (error) {
      return !isUnknownOperation(error);
    }
  };
  const missing = 'ddb-capability-probe';
  const arn = `arn:aws:dynamodb:${db.region ?? 'us-east-1'}:000000000000:table/${missing}`;
  const [pitr, tags, ttl] = await Promise.all([
    probe(() => perform(db, { api: 'DescribeContinuousBackups', input: { TableName: missing } })),
    probe(() => perform(db, { api: 'ListTagsOfResource', input: { ResourceArn: arn } }, { table: missing })),
    probe(() => perform(db, { api: 'DescribeTimeToLive', input: { TableName: missing } })),
  ]);
  return { pitr, tags, ttl };
};
