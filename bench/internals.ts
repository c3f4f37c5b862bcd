/**
 * What bench/bench.mjs calls directly: bundled by it (scripts/build.mjs's bundle()) into bench-dist/, next to dist/,
 * since dist/ holds only ddb's own entry points and their chunks.
 */
export { startLocal } from '../src/local/engine.js';
export { Dynamo } from '../src/aws/dynamo.js';
export { writeBatches, DEFAULT_CONCURRENCY } from '../src/writing/batch-writer.js';
export { toAttributeMap } from '../src/values/attribute.js';
export { DEFAULT_SEGMENTS, parallelScan, splitsFor } from '../src/reading/parallel-scan.js';
export { generateItems } from '../src/seed/generate.js';
export { javaArgs, locateDynamoDbLocal, JVM_PROFILES, SQLITE_PRAGMAS } from '../src/local/dynamodb-local.js';
export { findJava } from '../src/local/java.js';
export { isAnswering } from '../src/local/net.js';
export { main } from '../src/cli.js';
export { createMessage } from '../src/patterns/create-message.js';
