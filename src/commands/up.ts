/** ddb up — the quick start: engine (if nothing answers), schema-load, seed, one conversation, what to try next. */
import { Command } from 'commander';
import type { App } from '../app.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { runSchemaLoad } from './schema-load.js';
import { runSeed } from './seed.js';
import { getConversation } from '../patterns/get-conversation.js';
import { messageColumns } from './patterns.js';
import { renderTable } from '../render/table.js';

export const upCommand = (app: App): Command =>
  new Command('up')
    .description('start the local engine if needed, load the schema and seed data, and show a conversation')
    .action(
      app.action(async (rt) => {
        const target = rt.target;
        if (target.kind !== 'local') throw new DdbError('usage', '`ddb up` is the local quick start', { suggestion: 'against AWS use `ddb --prod schema-load` and `ddb --prod seed`' });
        const { defaultDataDir, defaultStateDir, isAnswering, startLocal } = await import('../local/engine.js');
        if (!(await isAnswering(target.endpoint))) {
          const url = new URL(target.endpoint);
          if (!['localhost', '127.0.0.1'].includes(url.hostname)) throw new DdbError('endpoint.unreachable', `nothing answers at ${target.endpoint}`);
          const engine = await startLocal({
            port: Number(url.port || 80),
            inMemory: false,
            engine: 'auto',
            detached: true,
            stateDir: defaultStateDir(rt.io.env),
            dataDir: defaultDataDir(rt.io.cwd),
            log: (line) => rt.io.stderr.write(`${line}\n`),
          });
          rt.io.stderr.write(`${engine.alreadyRunning ? `${engine.engine} is already running` : `started ${engine.engine} ${engine.version}`} at ${engine.endpoint} (pid ${engine.pid})\n`);
        }
        await runSchemaLoad(rt, {});
        const seeded = await runSeed(rt, { table: DEFAULT_TABLE, concurrency: 8 });
        rt.info(`seeded ${seeded.messages} messages in ${seeded.conversations} conversation(s)`);
        const { loadConversations } = await import('../seed/files.js');
        const [first] = await loadConversations(projectPath(rt.io.cwd, DEFAULT_SEED_DIR));
        if (first) {
          const db = await rt.dynamo();
          const out = await db.query(getConversation.toQuery({ table: DEFAULT_TABLE, messageGroupUuid: first.conversation.message_group_uuid, limit: 10 }));
          const items = ((out.Items ?? []) as Record<string, unknown>[]).reverse();
          rt.out(
            renderTable(items, messageColumns, rt.chalk),
          );
          rt.info(`\nnext:\n  ddb patterns list-conversations andrewbrown\n  ddb patterns get-conversation ${first.conversation.message_group_uuid} --limit 50\n  ddb list-tables\n  ddb scan --output json`);
        }
      }),
    );
