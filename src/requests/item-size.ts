/**
 * DynamoDB's size of an item, as it charges capacity and checks the 400 KB limit (attribute names plus values; the
 * rules: src/values/attribute.ts attributeSize).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export const MAX_ITEM_BYTES = 400 * 1024;

/** Write capacity units for one put: 1 per started KB. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
