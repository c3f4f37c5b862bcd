/**
 * A plan: the requests a command sends, `{api, input}` each, in order — data, not code. Every command that talks to
 * DynamoDB builds one with pure functions (from its typed input and what it has read), `--dry-run` prints it, one
 * perform (src/aws/perform.ts) sends a step, and the policy and the cost of the access patterns are readings of the
 * same steps (src/patterns/policy.ts, src/patterns/cost.ts). Its types and small pure helpers import only the SDK's
 * types: nothing here loads the SDK.
 *
 * A read the plan needs in order to be built (DescribeTable for a table's key types, the Query that finds the group
 * of two users) is a step of the plan too, marked `read`. A step that only some runs send says when (`when`); a read
 * that pages says how it goes on (`pages`).
 */
import type {
  BatchWriteItemCommandInput,
  CreateTableCommandInput,
  DeleteItemCommandInput,
  GetItemCommandInput,
  PutItemCommandInput,
  Tag,
  UpdateContinuousBackupsCommandInput,
  UpdateItemCommandInput,
  UpdateTableCommandInput,
  UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { ExecuteStatementCommandInput, GetCommandInput, QueryCommandInput, ScanCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** One administrative request (a schema plan is a list of these). */
export type AdminRequest =
  | { api: 'CreateTable'; input: CreateTableCommandInput }
  | { api: 'DeleteTable'; input: { TableName: string } }
  | { api: 'UpdateTable'; input: UpdateTableCommandInput }
  | { api: 'UpdateTimeToLive'; input: UpdateTimeToLiveCommandInput }
  | { api: 'UpdateContinuousBackups'; input: UpdateContinuousBackupsCommandInput }
  | { api: 'TagResource'; input: { TableName: string; Tags: Tag[] } }
  | { api: 'UntagResource'; input: { TableName: string; TagKeys: string[] } };

/**
 * One request, as data. Item requests carry DynamoDB JSON (the low-level client: exact types both ways); Query, Scan,
 * ExecuteStatement, TransactWriteItems and a pattern's GetItem plain values, as src/aws/dynamo.ts takes them.
 */
export type Request =
  | { api: 'DescribeTable'; input: { TableName: string } }
  | { api: 'DescribeTimeToLive'; input: { TableName: string } }
  | { api: 'DescribeContinuousBackups'; input: { TableName: string } }
  /** every page of a resource's tags (perform follows NextToken) */
  | { api: 'ListTagsOfResource'; input: { ResourceArn: string } }
  | { api: 'ListTables'; input: { ExclusiveStartTableName?: string } }
  | { api: 'GetItem'; input: GetItemCommandInput | GetCommandInput }
  | { api: 'PutItem'; input: PutItemCommandInput }
  | { api: 'UpdateItem'; input: UpdateItemCommandInput }
  | { api: 'DeleteItem'; input: DeleteItemCommandInput }
  | { api: 'Query'; input: QueryCommandInput }
  | { api: 'Scan'; input: ScanCommandInput }
  | { api: 'ExecuteStatement'; input: ExecuteStatementCommandInput }
  | { api: 'TransactWriteItems'; input: TransactWriteCommandInput }
  /** the bulk writer's (seed, import): DynamoDB JSON, up to 25 puts and deletes */
  | { api: 'BatchWriteItem'; input: BatchWriteItemCommandInput }
  /** a stream consumer's reads (`ddb streams tail`) */
  | { api: 'DescribeStream' | 'GetShardIterator' | 'GetRecords'; input: { TableName: string; StreamArn?: string; ShardIterator?: string } }
  | AdminRequest;

export type Api = Request['api'];

/**
 * What a step adds to its request: whether it only reads, when only some runs send it, how a paged read goes on, and
 * how many more requests like it a bulk write sends (a large load is its first request in full and a count of the rest).
 */
export interface StepNotes {
  read: boolean;
  when?: string;
  pages?: string;
  more?: string;
}

export type Step = Request & StepNotes;

export interface Plan {
  steps: Step[];
}

/** The table a request addresses (a transaction: its first action's; a batch: its first table). */
export const tableOf = (r: Request): string | undefined => {
  if (r.api === 'BatchWriteItem') return Object.keys(r.input.RequestItems ?? {})[0];
  if (r.api === 'TransactWriteItems') {
    const first = r.input.TransactItems?.[0];
    return first && (first.Put ?? first.Delete ?? first.Update ?? first.ConditionCheck)?.TableName;
  }
  if (r.api === 'ListTagsOfResource') return /:table\/([^/]+)$/.exec(r.input.ResourceArn)?.[1];
  if (r.api === 'ExecuteStatement' || r.api === 'ListTables') return undefined;
  return r.input.TableName;
};

/** The read step that tells a plan a table's key schema (and its indexes). */
export const describeStep = (table: string): Extract<Step, { api: 'DescribeTable' }> => ({ api: 'DescribeTable', input: { TableName: table }, read: true });
