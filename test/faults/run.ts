/** ddb in-process for the fault tests (the fault proxy lives in this process too), with how long the run took. */
import { ddb, type Result } from '../helpers/run.js';

export const ddbAsync = async (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Result & { ms: number }> => {
  const started = Date.now();
  const r = await ddb(args, opts);
  return { ...r, ms: Date.now() - started };
};
