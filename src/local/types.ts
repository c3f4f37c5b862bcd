import type { EngineName } from './state.js';

/** What engine.ts hands an engine module once it has settled the port, directories and engine. */
export interface LaunchSpec {
  port: number;
  endpoint: string;
  /** null: in memory */
  dataDir: string | null;
  stateDir: string;
  detached: boolean;
  /** give up (and kill the engine) when it has not answered after this long */
  startTimeoutMs: number;
  /** detached engines: the token ddb passes on the engine's command line, so it can tell its engine from any other */
  token?: string;
  /** detached engines: called as soon as the engine is spawned, before it answers (the state file says "starting") */
  onSpawn?: (spawned: Spawned) => void;
}

/** What an engine module hands back once its engine answers. */
export interface Launched {
  engine: EngineName;
  version: string;
  pid: number;
  /** Where the data actually lives (dynalite uses a subfolder), null in memory. */
  dataDir: string | null;
  /** Detached engines write their output here. */
  logFile?: string;
  /** Stops this engine (not used for detached engines: those are stopped through the state file). */
  stop(): Promise<void>;
}

/** A detached engine just spawned, not yet answering. */
export interface Spawned {
  pid: number;
  engine: EngineName;
  version: string;
  /** where the data lives (dynalite: its subfolder), null in memory */
  dataDir: string | null;
}
