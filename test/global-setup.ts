/** One in-memory DynamoDB Local on a free loopback port for the whole run; it dies with the test process. */
import type { TestProject } from 'vitest/node';
import { startLocal } from '../src/local/engine.js';
import { freePort } from './helpers/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const engine = await startLocal({ port, inMemory: true, engine: 'auto', detached: false });
  project.provide('endpoint', engine.endpoint);
  return async () => engine.stop();
}
