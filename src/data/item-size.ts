/**
 * DynamoDB's size of an item, as it charges capacity and checks the 400 KB limit (attribute names plus values; the
 * rules: src/values/attribute.ts attributeSize).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
import { itemBytes, numberBytes, toAttributeMap } from '../values/attribute.js';

export const MAX_ITEM_BYTES = 400 * 1024;

/** Bytes of a number: ~1 per 2 significant digits, + 1. */
export const numberSize = numberBytes;

/** The size of an item given in plain values. */
export const itemSize = (item: Record<string, unknown>): number => itemBytes(toAttributeMap(item));

/** Write capacity units for one put: 1 per started KB. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
