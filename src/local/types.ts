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
