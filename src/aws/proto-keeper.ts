/**
 * Keeps an attribute named `__proto__` in the items the client reads. The SDK's JSON deserializer (@smithy/core
 * 3.x, JsonShapeDeserializer, map schemas) redefines the key `__proto__` of a top-level item before it reads its
 * value, so `Item.__proto__` comes back undefined (nested maps are fine). Where a reply's body holds that name —
 * rarely — the item fields are read again from the body itself (JSON.parse keeps `__proto__` as an own property).
 * Costs nothing otherwise: one byte search of a body the SDK buffers anyway.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AttributeMap, fromTypedMap } from '../values/attribute.js';

const READS = new Set(['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'QueryCommand', 'ScanCommand', 'ExecuteStatementCommand']);
const MARK = Buffer.from('"__proto__"');
const BODY = Symbol('ddb raw body');

type Context = { commandName?: string; [BODY]?: string };

const reread = (value: unknown): AttributeMap | undefined => (value && typeof value === 'object' ? fromTypedMap(value as Record<string, unknown>) : undefined);

export const keepProtoAttributes = (client: DynamoDBClient): void => {
  client.middlewareStack.add(
    (next, context: Context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (!READS.has(context.commandName ?? '') || response.statusCode !== 200 || !response.body) return result;
      const chunks: Buffer[] = [];
      for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      response.body = body; // the SDK's deserializer takes a Uint8Array body as it is
      if (body.includes(MARK)) context[BODY] = body.toString('utf8');
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'ddbRawBody' },
  );
  client.middlewareStack.add(
    (next, context: Context) => async (args) => {
      const result = await next(args);
      const text = context[BODY];
      if (text === undefined) return result;
      const raw = JSON.parse(text) as Record<string, unknown>;
      const output = result.output as unknown as Record<string, unknown>;
      for (const field of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) if (raw[field]) output[field] = reread(raw[field]);
      if (Array.isArray(raw.Items)) output.Items = raw.Items.map(reread);
      return result;
    },
    { step: 'initialize', priority: 'high', name: 'ddbProtoKeeper' },
  );
};
