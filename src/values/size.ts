/**
 * DynamoDB's size of a value, as it charges capacity and checks the 400 KB limit. No SDK import: the batch writer,
 * which --help loads, uses it.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { decompose } from './number.js';
import type { AttributeMap } from './attribute.js';

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');
export const numberBytes = (text: string): number => Math.ceil(Math.max(1, decompose(text).digits.length) / 2) + 1;

/**
 * DynamoDB's size of a value, as it charges capacity and checks the 400 KB limit: strings in UTF-8, numbers ~1 byte
 * per 2 significant digits + 1, binary by length, BOOL/NULL 1, lists and maps 3 + 1 per element, sets their members.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export const attributeSize = (av: AttributeValue): number => {
  if (av.S !== undefined) return utf8(av.S);
  if (av.N !== undefined) return numberBytes(av.N);
  if (av.B !== undefined) return av.B.byteLength;
  if (av.BOOL !== undefined || av.NULL !== undefined) return 1;
  if (av.SS !== undefined) return av.SS.reduce((n, s) => n + utf8(s), 0);
  if (av.NS !== undefined) return av.NS.reduce((n, s) => n + numberBytes(s), 0);
  if (av.BS !== undefined) return av.BS.reduce((n, b) => n + b.byteLength, 0);
  if (av.L !== undefined) return av.L.reduce((n, v) => n + 1 + attributeSize(v), 3);
  if (av.M !== undefined) return 3 + Object.keys(av.M).reduce((n, k) => n + 1 + utf8(k) + attributeSize(av.M![k] as AttributeValue), 0);
  return 0;
};

export const itemBytes = (item: AttributeMap): number => Object.keys(item).reduce((n, k) => n + utf8(k) + attributeSize(item[k] as AttributeValue), 0);

