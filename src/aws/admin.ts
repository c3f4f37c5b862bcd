/**
 * Table administration calls beyond DescribeTable: TTL, backups (PITR), tags, and the update operations a schema plan
 * sends. An API the engine lacks (DynamoDB Local answers UnknownOperationException for tagging and backups) reads as
 * `undefined`, never as a guessed default. Loaded lazily, like dynamo.ts.
 */
import {
  type CreateTableCommandInput,
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsCommandOutput,
  DescribeTimeToLiveCommand,
  type DescribeTimeToLiveCommandOutput,
  ListTagsOfResourceCommand,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  type UpdateContinuousBackupsCommandInput,
  UpdateTableCommand,
  type UpdateTableCommandInput,
  UpdateTimeToLiveCommand,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import type { Dynamo } from './dynamo.js';

/** One administrative request, as data: a schema plan is a list of these. */
export type AdminOperation =
  | { api: 'CreateTable'; input: CreateTableCommandInput }
  | { api: 'UpdateTable'; input: UpdateTableCommandInput }
  | { api: 'UpdateTimeToLive'; input: UpdateTimeToLiveCommandInput }
  | { api: 'UpdateContinuousBackups'; input: UpdateContinuousBackupsCommandInput }
  | { api: 'TagResource'; input: { TableName: string; Tags: Tag[] } }
  | { api: 'UntagResource'; input: { TableName: string; TagKeys: string[] } };

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

/** Sends one operation. Tag operations need the table's ARN, known only once the table exists. */
export const perform = async (db: Dynamo, op: AdminOperation): Promise<void> => {
  const table = op.input.TableName ?? '';
  switch (op.api) {
    case 'CreateTable':
      await db.createTable(op.input); // false: it exists already (a parallel run made it); apply waits for ACTIVE either way
      return;
    case 'UpdateTable':
      await db.call(table, () => db.client.send(new UpdateTableCommand(op.input)));
      return;
    case 'UpdateTimeToLive':
      await db.call(table, () => db.client.send(new UpdateTimeToLiveCommand(op.input)));
      return;
    case 'UpdateContinuousBackups':
      await db.call(table, () => db.client.send(new UpdateContinuousBackupsCommand(op.input)));
      return;
    case 'TagResource': {
      const arn = (await db.requireTable(table)).TableArn ?? '';
      await db.call(table, () => db.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: op.input.Tags })));
      return;
    }
    case 'UntagResource': {
      const arn = (await db.requireTable(table)).TableArn ?? '';
      await db.call(table, () => db.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: op.input.TagKeys })));
      return;
    }
  }
};
