/**
 * Where `ddb streams run` stands on each shard, so a restart resumes after the last batch that succeeded (or was
 * reported to --on-failure), as an event source mapping keeps its place. One file per engine endpoint, stream and
 * handler in `<state dir>/streams-run/`, replaced atomically after every batch. A stream turned off and on again is
 * another stream (another ARN): it starts afresh.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShardPosition } from './read-shards.js';

interface CheckpointFile {
  streamArn: string;
  handler: string;
  endpoint: string;
  updatedAt: string;
  shards: Record<string, ShardPosition>;
}

export class Checkpoint {
  readonly path: string;
  readonly positions: Map<string, ShardPosition>;
  /** a checkpoint was found: reading resumes from it */
  readonly resumed: boolean;

  constructor(
    stateDir: string,
    private readonly id: { endpoint: string; streamArn: string; handler: string },
  ) {
    const hash = createHash('sha256').update(`${id.endpoint}\n${id.streamArn}\n${id.handler}`).digest('hex').slice(0, 16);
    this.path = join(stateDir, 'streams-run', `${hash}.json`);
    let saved: CheckpointFile | undefined;
    try {
      saved = JSON.parse(readFileSync(this.path, 'utf8')) as CheckpointFile;
    } catch {
      saved = undefined;
    }
    const valid = saved?.streamArn === id.streamArn && typeof saved.shards === 'object' && saved.shards !== null;
    this.positions = new Map(valid ? Object.entries(saved!.shards) : []);
    this.resumed = valid;
  }

  set(shardId: string, position: ShardPosition): void {
    this.positions.set(shardId, position);
  }

  save(): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    const file: CheckpointFile = { ...this.id, updatedAt: new Date().toISOString(), shards: Object.fromEntries(this.positions) };
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(temp, this.path);
  }
}
