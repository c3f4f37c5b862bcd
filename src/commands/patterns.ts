/** ddb patterns … — the messaging app's access patterns, each a Query built by src/patterns/. [API: Query] */
import { Command } from 'commander';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type App, positiveInt } from '../app.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { getConversation } from '../patterns/get-conversation.js';
import { listConversations } from '../patterns/list-conversations.js';
import { canonicalTimestamp, displayTimestamp, parseTimestamp } from '../time.js';
import { printItems, type ItemsResult } from '../render/output.js';
import { capacityText } from '../render/capacity.js';
import { toJson } from '../render/plain.js';
import type { Column } from '../render/table.js';
import type { Runtime } from '../runtime.js';

/** How a conversation's messages look in a table (also used by `ddb up`). */
export const messageColumns: Column<Record<string, unknown>>[] = [
  { header: 'When', value: (i) => displayTimestamp(i.sk), max: 20 },
  { header: 'From', value: (i) => `@${i.user_handle}`, max: 20 },
  { header: 'Message', value: (i) => i.message, max: 70 },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const timestampOption = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const d = parseTimestamp(value);
  if (!d) throw new DdbError('input.invalid', `${name} "${value}" is not an ISO 8601 timestamp`, { suggestion: 'use e.g. 2026-11-01 or 2026-11-01T10:00:00Z' });
  return canonicalTimestamp(d);
};

/** Sends the query (or prints it with --dry-run) and returns DynamoDB's reply shape. */
const run = async (rt: Runtime, input: QueryCommandInput, dryRun: boolean | undefined): Promise<ItemsResult | undefined> => {
  if (dryRun) {
    rt.io.stdout.write(`${toJson(input)}\n`);
    return undefined;
  }
  const db = await rt.dynamo();
  await db.requireTable(input.TableName ?? '');
  const out = await db.query(input);
  return {
    Items: (out.Items ?? []) as Record<string, unknown>[],
    Count: out.Count ?? 0,
    ScannedCount: out.ScannedCount,
    ConsumedCapacity: out.ConsumedCapacity,
    LastEvaluatedKey: out.LastEvaluatedKey,
  };
};

interface ConversationOptions { limit: number; since?: string; until?: string; table: string; dryRun?: boolean }
interface ListOptions { limit: number; table: string; users?: string; dryRun?: boolean }

export const resolveUser = async (cwd: string, user: string, usersFile?: string): Promise<string> => {
  if (UUID.test(user)) return user.toLowerCase();
  const handle = user.replace(/^@/, '');
  if (!/^[A-Za-z0-9_.-]+$/.test(handle)) throw new DdbError('input.invalid', `"${user}" is neither a uuid nor a handle`, { suggestion: 'pass a user uuid or a handle such as andrewbrown' });
  const dir = usersFile ?? projectPath(cwd, DEFAULT_SEED_DIR);
  // zod (with the seed reader) is loaded only when a handle needs resolving: it would cost every start-up ~50 ms.
  const { loadUsers } = await import('../seed/files.js');
  const found = (await loadUsers(dir)).find((u) => u.handle === handle);
  if (!found) throw new DdbError('user.notFound', `no user @${handle} in ${dir}/users.json`, { suggestion: 'pass the user uuid, or add the user to users.json' });
  return found.uuid;
};

export const patternsCommand = (app: App): Command => {
  const patterns = new Command('patterns').description("the messaging app's access patterns (Query, never Scan)");
  patterns.addCommand(
    new Command('get-conversation')
      .description('the newest messages of a message group, printed oldest-first [API: Query]')
      .argument('<message_group_uuid>', 'message group uuid')
      .option('--limit <n>', 'messages', positiveInt, 20)
      .option('--since <iso>', 'only messages at or after this time')
      .option('--until <iso>', 'only messages at or before this time')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--dry-run', 'print the Query input as JSON and send nothing')
      .action(
        app.action<ConversationOptions>(async (rt, opts, [group = '']) => {
          if (!UUID.test(group)) throw new DdbError('input.invalid', `"${group}" is not a message group uuid`, { suggestion: 'find one with `ddb patterns list-conversations andrewbrown`' });
          const input = getConversation.toQuery({
            table: opts.table,
            messageGroupUuid: group.toLowerCase(),
            limit: opts.limit,
            since: timestampOption('--since', opts.since),
            until: timestampOption('--until', opts.until),
          });
          const result = await run(rt, input, opts.dryRun);
          if (!result) return;
          // Newest first from DynamoDB; people read a conversation oldest-first (sorted by time, whatever the format).
          result.Items.sort((a, b) => (parseTimestamp(String(a.sk))?.getTime() ?? 0) - (parseTimestamp(String(b.sk))?.getTime() ?? 0));
          printItems(rt, result, messageColumns);
          rt.info(`${result.Count} message(s); ${capacityText(result.ConsumedCapacity as never)}`);
        }),
      ),
  );
  patterns.addCommand(
    new Command('list-conversations')
      .description("a user's message groups, newest first [API: Query]")
      .argument('<user>', 'user uuid or handle (with or without @)')
      .option('--limit <n>', 'message groups', positiveInt, 20)
      .option('--users <dir>', 'folder whose users.json resolves handles (default: seed/)')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--dry-run', 'print the Query input as JSON and send nothing')
      .action(
        app.action<ListOptions>(async (rt, opts, [user = '']) => {
          const userUuid = await resolveUser(rt.io.cwd, user, opts.users);
          const result = await run(rt, listConversations.toQuery({ table: opts.table, userUuid, limit: opts.limit }), opts.dryRun);
          if (!result) return;
          printItems(rt, result, [
            { header: 'Last message', value: (i) => displayTimestamp(i.sk), max: 20 },
            { header: 'With', value: (i) => `${i.user_display_name} @${i.user_handle}`, max: 30 },
            { header: 'Message', value: (i) => i.message, max: 50 },
            { header: 'Group', value: (i) => i.message_group_uuid, max: 36 },
          ]);
          rt.info(`${result.Count} conversation(s); ${capacityText(result.ConsumedCapacity as never)}`);
        }),
      ),
  );
  return patterns;
};
