/**
 * The one perform: sends one step of a plan (src/plan/step.ts) through the Dynamo client — its retries, its
 * consumed capacity, its error translation. A plan's builders decide what is sent; this only sends it. A paged read
 * (Query, Scan, ExecuteStatement) is one page here: the pagers in src/reading/ (and src/requests/partiql.ts) send the step's request page by page.
 */
import {
  type DeleteItemCommandOutput,
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsCommandOutput,
  type DescribeTableCommandOutput,
  DescribeTimeToLiveCommand,
  type DescribeTimeToLiveCommandOutput,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  ListTagsOfResourceCommand,
  type QueryCommandInput as RawQueryInput,
  type QueryCommandOutput as RawQueryOutput,
  type ScanCommandInput as RawScanInput,
  type ScanCommandOutput as RawScanOutput,
  type Tag,
  type PutItemCommandOutput,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { ExecuteStatementCommandOutput, QueryCommandOutput, ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { type Request, tableOf } from '../plan/step.js';
import type { Dynamo, TransactWriteOutcome } from './dynamo.js';

/** What each API answers (a transaction: sent, or cancelled with DynamoDB's reasons). */
interface Outputs {
  DescribeTable: DescribeTableCommandOutput;
  DescribeTimeToLive: DescribeTimeToLiveCommandOutput;
  DescribeContinuousBackups: DescribeContinuousBackupsCommandOutput;
  ListTagsOfResource: { Tags: Tag[] };
  ListTables: { TableNames: string[] };
  GetItem: GetItemCommandOutput;
  PutItem: PutItemCommandOutput;
  UpdateItem: UpdateItemCommandOutput;
  DeleteItem: DeleteItemCommandOutput;
  Query: QueryCommandOutput;
  Scan: ScanCommandOutput;
  ExecuteStatement: ExecuteStatementCommandOutput;
  TransactWriteItems: TransactWriteOutcome;
}

export type Output<R extends Request> = R['api'] extends keyof Outputs ? Outputs[R['api']] : void;

/** A Query or a Scan in DynamoDB JSON both ways (`about.raw`). */
type RawRead = Extract<Request, { api: 'Query' | 'Scan' }>;
interface RawOutputs {
  Query: RawQueryOutput;
  Scan: RawScanOutput;
}

/**
 * Sends one request. Tag operations need the table's ARN, known only once the table exists. `about.table`: the table a
 * PartiQL statement reads (or whose tags are listed), for its error messages (the request names it only in its text
 * or ARN). `about.raw`: a Query or Scan in DynamoDB JSON both ways — its values and start key as DynamoDB holds them,
 * and its items (the lossless export; `ddb ui`, which shows each value's type).
 */
export async function perform<R extends RawRead>(db: Dynamo, request: R, about: { table?: string; raw: true }): Promise<RawOutputs[R['api']]>;
export async function perform<R extends Request>(db: Dynamo, request: R, about?: { table?: string; raw?: false }): Promise<Output<R>>;
export async function perform(db: Dynamo, r: Request, about: { table?: string; raw?: boolean } = {}): Promise<unknown> {
  const table = about.table ?? tableOf(r);
  switch (r.api) {
    case 'DescribeTable':
      return { Table: await db.requireTable(r.input.TableName) };
    case 'DescribeTimeToLive':
      return db.call(table, () => db.client.send(new DescribeTimeToLiveCommand(r.input)));
    case 'DescribeContinuousBackups':
      return db.call(table, () => db.client.send(new DescribeContinuousBackupsCommand(r.input)));
    case 'ListTagsOfResource': {
      const Tags: Tag[] = []; // every page
      let token: string | undefined;
      do {
        const page = await db.call(table, () => db.client.send(new ListTagsOfResourceCommand({ ...r.input, NextToken: token })));
        Tags.push(...(page.Tags ?? []));
        token = page.NextToken;
      } while (token);
      return { Tags };
    }
    case 'ListTables':
      return { TableNames: await db.listTableNames() }; // every page
    case 'GetItem':
      return db.getItem(r.input as GetItemCommandInput);
    case 'PutItem':
      return db.putItem(r.input);
    case 'UpdateItem':
      return db.updateItem(r.input);
    case 'DeleteItem':
      return db.deleteItem(r.input);
    case 'Query':
      return about.raw ? db.queryRaw(r.input as RawQueryInput) : db.query(r.input);
    case 'Scan':
      return about.raw ? db.scanRaw(r.input as RawScanInput) : db.scan(r.input);
    case 'ExecuteStatement':
      return db.executeStatement(r.input, table);
    case 'TransactWriteItems':
      return db.transactWrite(r.input);
    case 'CreateTable':
      return void (await db.createTable(r.input)); // false: it exists already (a parallel run made it); apply waits for ACTIVE either way
    case 'DeleteTable':
      return void (await db.deleteTable(r.input.TableName));
    case 'UpdateTable':
      return void (await db.call(table, () => db.client.send(new UpdateTableCommand(r.input))));
    case 'UpdateTimeToLive':
      return void (await db.call(table, () => db.client.send(new UpdateTimeToLiveCommand(r.input))));
    case 'UpdateContinuousBackups':
      return void (await db.call(table, () => db.client.send(new UpdateContinuousBackupsCommand(r.input))));
    case 'TagResource': {
      const arn = (await db.requireTable(r.input.TableName)).TableArn ?? '';
      return void (await db.call(table, () => db.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: r.input.Tags }))));
    }
    case 'UntagResource': {
      const arn = (await db.requireTable(r.input.TableName)).TableArn ?? '';
      return void (await db.call(table, () => db.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: r.input.TagKeys }))));
    }
    case 'DescribeStream':
    case 'GetShardIterator':
    case 'GetRecords':
      throw new Error(`${r.api} is sent by the stream reader (src/aws/streams.ts), not by perform`);
    case 'BatchWriteItem':
      throw new Error('BatchWriteItem is sent by the bulk writer (src/writing/batch-writer.ts), not by perform: it resends what DynamoDB hands back');
  }
}
