/**
 * Runs dynalite in the foreground of its own node process: the background engine behind a detached
 * `ddb local start --engine dynalite`. Started by dynalite.ts as
 *   node dist/dynalite-server.js --port 8000 [--path <LevelDB folder>] [--token <ddb's token>]
 * Listens on 127.0.0.1 only, with browser access closed (see createClosedDynalite). Output goes to the
 * log file the parent opened; SIGTERM/SIGINT close the database cleanly, then the process ends.
 */
import { parseArgs } from 'node:util';
import { createClosedDynalite } from './dynalite.js';
import { LOOPBACK } from './net.js';

const { values } = parseArgs({
  // --token: not read; it tells this engine apart from every other process (src/local/process.ts isOurEngine)
  options: { port: { type: 'string' }, path: { type: 'string' }, token: { type: 'string' } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`ddb: invalid --port ${values.port ?? '(missing)'}`);
  process.exitCode = 2;
} else {
  const server = createClosedDynalite(values.path);
  // No process.exit here: the exit code is set and the process ends once its handles are closed.
  server.once('error', (error) => {
    console.error(`ddb: dynalite could not listen on ${LOOPBACK}:${port}: ${error.message}`);
    process.exitCode = 1;
    server.close();
  });
  server.listen(port, LOOPBACK, () => console.log(`ddb: dynalite listening on ${LOOPBACK}:${port}`));

  let closing = false;
  // dynalite's close() also closes LevelDB; then nothing is left and node exits. Should that hang,
  // `ddb local stop` sends SIGKILL after 5 s.
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeAllConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
