/**
 * Table administration reads beyond DescribeTable: TTL, backups (PITR), tags — what a schema plan compares (the
 * changes it sends go through ./perform.ts). An API the engine lacks (DynamoDB Local answers
 * UnknownOperationException for tagging and backups) reads as `undefined`, never as a guessed default. Loaded lazily.
 */
import {
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsCommandOutput,
  DescribeTimeToLiveCommand,
  type DescribeTimeToLiveCommandOutput,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import type { Dynamo } from './dynamo.js';

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

export const describeTimeToLive = (db: Dynamo, table: string): Promise<DescribeTimeToLiveCommandOutput | undefined> =>
  optional(() => db.call(table, () => db.client.send(new DescribeTimeToLiveCommand({ TableName: table }))));

export const describeContinuousBackups = (db: Dynamo, table: string): Promise<DescribeContinuousBackupsCommandOutput | undefined> =>
  optional(() => db.call(table, () => db.client.send(new DescribeContinuousBackupsCommand({ TableName: table }))));

/** Every tag of a resource (all pages); undefined where the engine has no tagging API. */
export const listTags = (db: Dynamo, arn: string): Promise<Record<string, string> | undefined> =>
  optional(async () => {
    const tags: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await db.call(undefined, () => db.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: token })));
      for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
      token = page.NextToken;
    } while (token);
    return tags;
  });

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
    probe(() => db.call(missing, () => db.client.send(new DescribeContinuousBackupsCommand({ TableName: missing })))),
    probe(() => db.call(missing, () => db.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn })))),
    probe(() => db.call(missing, () => db.client.send(new DescribeTimeToLiveCommand({ TableName: missing })))),
  ]);
  return { pitr, tags, ttl };
};
