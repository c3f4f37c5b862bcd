/**
 * What `ddb seed` sends, as a plan (src/plan/step.ts), built from the seed files (or the generator) and the table's
 * key schema — nothing is sent: `ddb seed --dry-run` prints it. The seed files' run reads first, one Query per group
 * item (is there an older or a newer group item of that conversation? the newest wins: src/seed/load.ts), so what it
 * writes depends on what those find: the deletes of older group items are a placeholder step, and the batches that
 * hold a group item say that it is left out when a newer one is found. The batches are the bulk writer's own
 * (src/writing/batch-plan.ts), exact on a table that holds none of the conversations yet.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Step } from '../plan/step.js';
import { groupItemsQuery } from '../patterns/find-group.js';
import { queryStep } from '../reading/query.js';
import { estimatePutWcu, keyAttributes, tableShape } from '../requests/table-shape.js';
import { type BatchPlanOptions, batchWriteInput, batchWriteSteps, type WriteRequest } from '../writing/batch-plan.js';
import { generatedRequests } from './generate-load.js';
import { putRequests, seedItems } from './load.js';

export interface SeedPlanInput {
  table: string;
  dir: string;
  /** --generate N messages instead of the seed conversations */
  generate?: number;
  conversations?: number;
  randomSeed?: number;
  maxWcu?: number;
  /** ReturnConsumedCapacity on each batch (the writer asks for it against AWS) */
  returnCapacity: boolean;
}

/** The steps after the DescribeTable that gives `description` (the table's key schema and indexes). */
export const seedSteps = async (input: SeedPlanInput, description: TableDescription): Promise<Step[]> => {
  const shape = tableShape(description);
  const batching: BatchPlanOptions = {
    keyNames: keyAttributes(shape).map((k) => k.name),
    returnCapacity: input.returnCapacity,
    maxWcu: input.maxWcu,
    units: (r: WriteRequest) => ('PutRequest' in r ? estimatePutWcu(r.PutRequest.Item, shape) : 1),
  };
  if (input.generate) {
    const { requests } = await generatedRequests({ dir: input.dir, messages: input.generate, conversations: input.conversations, randomSeed: input.randomSeed });
    return batchWriteSteps(input.table, requests, batching);
  }
  const { messages, groups } = await seedItems(input.dir);
  const checks = groups.map((g) => queryStep(groupItemsQuery(input.table, g.pk, g.message_group_uuid)));
  const staleDelete: Step = {
    api: 'BatchWriteItem',
    read: false,
    when: 'a Query finds an older group item of its conversation (the newest wins): one DeleteRequest for each, in the first batches before the puts',
    input: batchWriteInput(input.table, [{ DeleteRequest: { Key: { pk: { S: '<pk of the group item found>' }, sk: { S: '<its older sk>' } } } }], input.returnCapacity),
  };
  // A message item has no message_group_uuid (the index is sparse): the batches that hold one hold a group item.
  const holdsGroup = (s: Step): boolean => s.api === 'BatchWriteItem' && Object.values(s.input.RequestItems ?? {}).some((rs) => rs.some((r) => r.PutRequest?.Item?.message_group_uuid !== undefined));
  const writes = batchWriteSteps(input.table, putRequests([...groups, ...messages]), batching).map((s) =>
    holdsGroup(s) ? { ...s, when: 'the Queries find no newer group item of these conversations (one that has a newer one is left out of this batch)' } : s,
  );
  return [...checks, staleDelete, ...writes];
};
