/**
 * The DynamoDB client and its item, table and PartiQL calls (admin.ts, raw-reads.ts and expiring.ts send through the
 * same client; streams.ts holds the DynamoDB Streams client). Loaded lazily (`await import`) so `ddb --help` never loads the
 * SDK. Every call goes through `call()`, which translates SDK errors into DdbErrors in one place.
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  ExecuteStatementCommand as RawStatementCommand,
  GetItemCommand,
  QueryCommand as RawQueryCommand,
  type QueryCommandInput as RawQueryInput,
  type QueryCommandOutput as RawQueryOutput,
  ScanCommand as RawScanCommand,
  type ScanCommandInput as RawScanInput,
  type ScanCommandOutput as RawScanOutput,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
  paginateListTables,
  type CreateTableCommandInput,
  type TableDescription,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
  type ScanCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  type TransactWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { DdbError } from '../errors.js';
import { type Target, DEFAULT_LOCAL_REGION } from '../target.js';
import { translateAwsError } from './errors.js';
import { DdbRetryStrategy } from './retry.js';
import { maxDelayFromEnv } from '../backoff.js';
import type { Streams } from './streams.js';

export interface ConnectOptions {
  /** the command's environment (DDB_RETRY_MAX_DELAY_MS lowers the backoff cap) */
  env?: NodeJS.ProcessEnv;
  /** --cli-connect-timeout / --cli-read-timeout (default 60 s each) */
  timeouts?: Timeouts;
}

/** Why a transaction was cancelled, one code per item in request order ('None' for the items that were fine). */
export type TransactWriteOutcome = { ok: true; output: TransactWriteCommandOutput } | { ok: false; reasons: string[]; message: string };

import { clientOptions, DEFAULT_TIMEOUTS, type Timeouts, wrapNumber } from './client-options.js';
import { argWords } from '../text.js';
import { keepProtoAttributes } from './proto-keeper.js';
import { type AttributeMap, type PlainItem, ValueProblem, plainItem, toAttributeMap, toAttributeValue } from '../values/attribute.js';

/**
 * Reads and writes of items go through the low-level client with ddb's own conversions (src/values/): the document
 * client's marshall rounds or refuses numbers past 2^53, decides a number set's type by its first member and loses an
 * attribute named `__proto__`. A value DynamoDB cannot hold is the user's mistake (exit 2), named, before any request.
 */
const attributes = (values: PlainItem | undefined, what: string): AttributeMap | undefined => {
  if (!values) return undefined;
  try {
    return toAttributeMap(values);
  } catch (error) {
    throw valueError(error, what);
  }
};

const valueError = (error: unknown, what: string): unknown => {
  if (!(error instanceof ValueProblem)) return error;
  const number = /overflows|underflows|significant digits|not a number/.test(error.reason);
  return new DdbError('input.invalid', `${what}: ${error.message}`, number ? { suggestion: 'DynamoDB numbers have at most 38 significant digits, magnitude 1E-130 to under 1E+126' } : {});
};

const plainPage = <T extends { Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>(out: T) => ({
  ...out,
  Items: out.Items?.map(plainItem),
  LastEvaluatedKey: out.LastEvaluatedKey ? plainItem(out.LastEvaluatedKey) : undefined,
});

const rawRead = <T extends { ExpressionAttributeValues?: PlainItem; ExclusiveStartKey?: PlainItem }>(input: T) => ({
  ...input,
  ExpressionAttributeValues: attributes(input.ExpressionAttributeValues, 'a value in the expression'),
  ExclusiveStartKey: attributes(input.ExclusiveStartKey, 'the start key'),
});

export { MAX_SOCKETS, plainItem } from './client-options.js';

export interface WaitOptions {
  /** hears what is still busy, and since how many seconds */
  onWait?: (status: string, seconds: number) => void;
  timeoutSeconds?: number;
  /** false: the table's own status only (indexes may still be building) */
  indexes?: boolean;
}

const stillBusy = (table: string, timeoutSeconds: number, status: string): DdbError =>
  new DdbError('aws.failure', `${table} is still busy after ${timeoutSeconds} s: ${status}`, {
    suggestion: `look with \`ddb describe ${argWords(table)}\`, then run the command again (or give it longer: --wait-timeout SECONDS)`,
  });

export class Dynamo {
  readonly target: Target;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Retries granted so far, by kind (the batch writer reports throttles from it). */
  readonly retry: DdbRetryStrategy;
  region: string | undefined;
  /** the backoff cap for SDK retries and the batch writer's resends */
  readonly maxDelayMs: number;
  private streamsClient: Promise<Streams> | undefined;
  private readonly timeouts: Timeouts;

  private constructor(target: Target, opts: ConnectOptions) {
    this.target = target;
    // Why this retry strategy (standard mode's rules, 8 attempts, capped full-jitter backoff, no quota): see ./retry.ts.
    this.maxDelayMs = maxDelayFromEnv(opts.env);
    this.retry = new DdbRetryStrategy({ local: target.kind === 'local', maxDelayMs: this.maxDelayMs });
    // An AWS endpoint given (--endpoint-url) points this client; the streams client decides its own (./streams.ts).
    this.timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
    this.client = new DynamoDBClient({ ...clientOptions(target, this.retry, this.timeouts), ...(target.kind === 'aws' && target.endpoint ? { endpoint: target.endpoint } : {}) });
    this.doc = DynamoDBDocumentClient.from(this.client, {
      marshallOptions: { removeUndefinedValues: true },
      unmarshallOptions: { wrapNumbers: wrapNumber },
    });
    keepProtoAttributes(this.client);
  }

  /** Creates the client; against AWS, checks region and credentials before any request is sent. */
  static async connect(target: Target, opts: ConnectOptions = {}): Promise<Dynamo> {
    const dynamo = new Dynamo(target, opts);
    if (target.kind === 'local') {
      dynamo.region = target.region ?? DEFAULT_LOCAL_REGION;
      return dynamo;
    }
    try {
      dynamo.region = await dynamo.client.config.region();
    } catch {
      dynamo.region = undefined;
    }
    if (!dynamo.region) {
      throw new DdbError('aws.region', 'no AWS region is set for --prod', {
        suggestion: 'pass --region eu-west-1, set AWS_REGION, or set a region in your AWS profile',
      });
    }
    try {
      await dynamo.client.config.credentials();
    } catch (error) {
      throw new DdbError('aws.credentials', 'no AWS credentials found for --prod', {
        suggestion: 'pass --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run `aws sso login`',
        cause: error,
      });
    }
    return dynamo;
  }

  async call<T>(table: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw translateAwsError(error, { target: this.target, region: this.region, table });
    }
  }

  /** `signal` abandons the listing (its request too, which the retries would otherwise resend to a silent endpoint). */
  async listTableNames(opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    const names: string[] = [];
    const sendOptions = opts.signal ? [{ abortSignal: opts.signal }] : [];
    await this.call(undefined, async () => {
      for await (const page of paginateListTables({ client: this.client }, {}, ...sendOptions)) names.push(...(page.TableNames ?? []));
    });
    return names;
  }

  /** The table's description, or undefined when it does not exist. */
  async describeTable(table: string): Promise<TableDescription | undefined> {
    try {
      const out = await this.call(table, () => this.client.send(new DescribeTableCommand({ TableName: table })));
      return out.Table;
    } catch (error) {
      if (error instanceof DdbError && error.code === 'table.notFound') return undefined;
      throw error;
    }
  }

  /** Like describeTable, but a missing table is the user's "not found" error. */
  async requireTable(table: string, abortSignal?: AbortSignal): Promise<TableDescription> {
    const description = await this.call(table, () => this.client.send(new DescribeTableCommand({ TableName: table }), { abortSignal }));
    if (!description.Table) throw this.tableNotFound(table);
    return description.Table;
  }

  /** The user's one-line "table T not found at …" error (exit 3). */
  tableNotFound(table: string): unknown {
    return translateAwsError({ name: 'ResourceNotFoundException' }, { target: this.target, region: this.region, table });
  }

  /**
   * Creates a table; false when it already exists (ResourceInUse: another ddb, say a parallel `ddb up`, created it
   * a moment ago). Either way the caller waits for ACTIVE next, so a race for the same table is not an error.
   */
  async createTable(input: CreateTableCommandInput): Promise<boolean> {
    return this.call(input.TableName, async () => {
      try {
        await this.client.send(new CreateTableCommand(input));
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ResourceInUseException') return false;
        throw error;
      }
    });
  }

  async deleteTable(table: string): Promise<void> {
    await this.call(table, () => this.client.send(new DeleteTableCommand({ TableName: table })));
  }

  /**
   * Polls until the table and every index are ACTIVE (a removed index gone); `onWait` hears what is still busy and for
   * how long — first after 2 s, then about every 10 s. A table just created may not be visible at once: "not found"
   * counts as still creating. A table being deleted will not become ACTIVE: that is an error at once. Gives up after
   * `timeoutSeconds` (schema-load's --wait-timeout).
   */
  async waitActive(table: string, { indexes = true, ...waiting }: WaitOptions = {}): Promise<TableDescription> {
    return this.poll<TableDescription>(table, waiting, async (seconds) => {
      const t = await this.describeTable(table);
      const busy = indexes ? (t?.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus !== 'ACTIVE') : [];
      if (t && t.TableStatus === 'ACTIVE' && busy.length === 0) return { done: t };
      if (t?.TableStatus === 'DELETING') {
        throw new DdbError('aws.failure', `${table} is being deleted (DELETING)`, { suggestion: 'wait until it is gone, then run the command again' });
      }
      if (!t && seconds > 60) await this.requireTable(table); // gone for good: the usual "not found" error
      return { status: [`table ${t?.TableStatus ?? 'not visible yet'}`, ...busy.map((i) => `index ${i.IndexName} ${i.IndexStatus}${i.Backfilling ? ' (backfilling)' : ''}`)].join(', ') };
    });
  }

  /** Polls until a table that is being deleted is gone, reporting like waitActive; bounded by `timeoutSeconds`. */
  async waitDeleted(table: string, { timeoutSeconds = 600, ...waiting }: WaitOptions = {}): Promise<void> {
    await this.poll<undefined>(table, { timeoutSeconds, ...waiting }, async () => {
      const t = await this.describeTable(table);
      return t ? { status: `table ${t.TableStatus}` } : { done: undefined };
    });
  }

  /** Asks `check` (seconds waited so far) with a backoff from 250 ms to 5 s until it is done; reports and gives up as above. */
  private async poll<T>(table: string, { onWait, timeoutSeconds = 3_600 }: WaitOptions, check: (seconds: number) => Promise<{ done: T } | { status: string }>): Promise<T> {
    const started = Date.now();
    let nextReport = started + 2_000;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
      const seconds = (Date.now() - started) / 1000;
      const state = await check(seconds);
      if ('done' in state) return state.done;
      if (seconds > timeoutSeconds) throw stillBusy(table, timeoutSeconds, state.status);
      if (onWait && Date.now() >= nextReport) {
        nextReport = Date.now() + 10_000;
        onWait(state.status, seconds);
      }
      await sleep(Math.min(delay, Math.max(50, started + timeoutSeconds * 1000 - Date.now() + 50)));
    }
  }

  async waitGone(table: string, maxWaitSeconds = 600): Promise<void> {
    await this.call(table, () => waitUntilTableNotExists({ client: this.client, maxWaitTime: maxWaitSeconds, minDelay: 1, maxDelay: 5 }, { TableName: table }));
  }

  async query(input: QueryCommandInput): Promise<QueryCommandOutput> {
    return plainPage(await this.queryRaw(rawRead(input) as RawQueryInput)) as QueryCommandOutput;
  }

  /** A Query in DynamoDB JSON both ways (`ddb ui`, which shows each value's type). */
  async queryRaw(input: RawQueryInput): Promise<RawQueryOutput> {
    return this.call(input.TableName, () => this.client.send(new RawQueryCommand(input)));
  }

  async scan(input: ScanCommandInput): Promise<ScanCommandOutput> {
    return plainPage(await this.scanRaw(rawRead(input) as RawScanInput)) as ScanCommandOutput;
  }

  /** A Scan in DynamoDB JSON both ways (the lossless export): items, keys and values as DynamoDB holds them. */
  async scanRaw(input: RawScanInput): Promise<RawScanOutput> {
    return this.call(input.TableName, () => this.client.send(new RawScanCommand(input)));
  }

  // One item, with the low-level client: DynamoDB JSON in and out, so --dynamodb-json keeps exact types.
  async getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput> {
    return this.call(input.TableName, () => this.client.send(new GetItemCommand(input)));
  }

  async putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput> {
    return this.call(input.TableName, () => this.client.send(new PutItemCommand(input)));
  }

  async deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput> {
    return this.call(input.TableName, () => this.client.send(new DeleteItemCommand(input)));
  }

  async updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput> {
    return this.call(input.TableName, () => this.client.send(new UpdateItemCommand(input)));
  }

  /** PartiQL, plain values in (Parameters) and out (Items). */
  async executeStatement(input: ExecuteStatementCommandInput, table?: string): Promise<ExecuteStatementCommandOutput> {
    const Parameters = input.Parameters?.map((p, i) => {
      try {
        return toAttributeValue(p, `parameter ${i + 1}`);
      } catch (error) {
        throw valueError(error, '--parameters');
      }
    });
    const out = await this.call(table, () => this.client.send(new RawStatementCommand({ ...input, Parameters })));
    return plainPage(out) as ExecuteStatementCommandOutput;
  }

  /** One BatchWriteItem, items in DynamoDB JSON (the batch writer sends them as they are). */
  async batchWrite(input: BatchWriteItemCommandInput): Promise<BatchWriteItemCommandOutput> {
    const table = Object.keys(input.RequestItems ?? {})[0];
    return this.call(table, () => this.client.send(new BatchWriteItemCommand(input)));
  }

  /**
   * One TransactWriteItems. A cancellation (a condition failed, a concurrent transaction) is an outcome the caller
   * decides about — retry or report — with DynamoDB's reason per item; every other error is translated as usual.
   */
  async transactWrite(input: TransactWriteCommandInput): Promise<TransactWriteOutcome> {
    const table = input.TransactItems?.map((t) => t.Put?.TableName ?? t.Delete?.TableName ?? t.Update?.TableName ?? t.ConditionCheck?.TableName)[0];
    try {
      return { ok: true, output: await this.doc.send(new TransactWriteCommand(input)) };
    } catch (error) {
      const e = error as { name?: string; message?: string; CancellationReasons?: { Code?: string }[] };
      if (e.name === 'TransactionCanceledException') return { ok: false, reasons: (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None'), message: e.message ?? '' };
      throw translateAwsError(error, { target: this.target, region: this.region, table });
    }
  }

  /** The DynamoDB Streams client with this client's endpoint, credentials and retries (loaded on first use). */
  async streams(): Promise<Streams> {
    this.streamsClient ??= import('./streams.js').then(({ Streams }) => new Streams(this.target, this.retry, this.timeouts, (error, table) => translateAwsError(error, { target: this.target, region: this.region, table })));
    return this.streamsClient;
  }

  destroy(): void {
    this.client.destroy();
    void this.streamsClient?.then((s) => s.destroy());
  }
}
