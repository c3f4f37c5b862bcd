/**
 * ddb patterns NAME … — one access pattern declared in the schema file, as a command generated from its declaration:
 * required params positional in declared order, optional ones as `--name value`, or the words of a resolver
 * (get-conversation USER OTHER_USER). This file turns the words into a call; src/patterns/run-declared.ts plans it
 * (--dry-run prints the plan) and runs it (--explain: with the estimate). The group that lists and checks the
 * patterns is patterns.ts. [API: Query]
 */
import { Option } from 'commander';
import { type CommandDefinition, defineCommand, type Deps } from '../runtime/define.js';
import type { PatternsContext } from '../runtime/patterns-context.js';
import { optionWords, positiveInt } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import type { Io } from '../io.js';
import { DEFAULT_SEED_DIR, projectPath } from '../paths.js';
import {
  DEFAULT_LIMIT,
  type DeclaredPattern,
  type ParamSpec,
  type ParamValue,
  paramSpecs,
  patternKeys,
  sortOperator,
  templateParams,
} from '../patterns/declared.js';
import { checkPattern } from '../patterns/check.js';
import { parseParam } from '../patterns/params.js';
import { resolverFor } from '../patterns/resolvers.js';
import type { PagedItems } from '../render/items.js';
import { type Explained, explainView, patternItemsView } from '../render/patterns.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';
import { arg } from '../text.js';


const TYPE_TEXT: Record<ParamSpec['type'], string> = {
  uuid: 'a uuid',
  string: 'text',
  number: 'a number',
  timestamp: 'an ISO 8601 timestamp (e.g. 2026-11-01 or 2026-11-01T10:00:00Z)',
  user: 'a user: uuid or handle (@ optional; handles are looked up in users.json, see --users)',
};

/** What a param does, from where the pattern uses it. */
const paramHelp = (d: DeclaredPattern, p: ParamSpec): string => {
  const { query } = d.pattern;
  const keys = patternKeys(d.table, query.index);
  const uses: string[] = [];
  let absent = 'no such condition';
  if (templateParams(query.partition).includes(p.name)) uses.push(`${keys?.partition ?? 'partition key'} = ${query.partition}`);
  if (query.sort) {
    const [op, templates] = sortOperator(query.sort);
    const sk = keys?.sort ?? 'sort key';
    templates.forEach((t, i) => {
      if (!templateParams(t).includes(p.name)) return;
      if (op === 'between') {
        uses.push(`${sk} ${i === 0 ? '>=' : '<='} ${t}`);
        absent = i === 0 ? 'no lower bound' : 'no upper bound';
      }
      else uses.push(op === 'beginsWith' ? `${sk} begins with ${t}` : `${sk} ${op} ${t}`);
    });
  }
  return `${TYPE_TEXT[p.type]}${uses.length ? ` — ${uses.join(', ')}` : ''}${p.optional ? ` (left out: ${absent})` : ''}`;
};

interface PatternInput {
  table: string;
  limit: number;
  usersDir: string;
  startingToken?: string;
  dryRun: boolean;
  explain: boolean;
  /** the values of the params given, parsed (users still as written) */
  values: Record<string, ParamValue | undefined>;
  /** the required params as written, for the "more:" line; undefined in a resolver's form */
  positional?: string[];
  /** the words a resolver takes instead of the required params */
  resolverWords?: string[];
  /** the options of this command for the "more:" line (the pattern's optional params, --limit, --table, …) */
  options: (string | number)[];
}

type PatternResult = Tagged<{ items: PagedItems; 'dry-run': DryRun; explain: Explained }>;

export const patternCommand = (d: DeclaredPattern, ctx: PatternsContext): CommandDefinition => {
  const specs = paramSpecs(d.pattern);
  const required = specs.filter((p) => !p.optional);
  const optional = specs.filter((p) => p.optional);
  const resolver = resolverFor(d.name, required);
  const needsUsers = Boolean(resolver) || specs.some((p) => p.type === 'user');
  const limit = d.pattern.query.limit ?? DEFAULT_LIMIT;
  const keys = patternKeys(d.table, d.pattern.query.index);
  const keyNames = [...new Set([d.table.keys.partition, d.table.keys.sort, keys?.partition, keys?.sort].filter((k): k is string => Boolean(k)))];
  const items = patternItemsView(d.pattern.columns, keyNames);

  const run = async (input: PatternInput, deps: Deps): Promise<PatternResult> => {
    const { declaredCallPlan, runDeclared } = await import('../patterns/run-declared.js');
    if (input.dryRun) return { kind: 'dry-run', value: dryRun(await declaredCallPlan(d, input)) };
    const r = await runDeclared(await deps.dynamo(), d, input, { explain: input.explain });
    const positional = input.positional ?? required.map((p) => r.filled[p.name]!);
    const paged: PagedItems = { ...r.reply, ...(r.reply.NextToken ? { next: deps.commandLine('patterns', d.name, ...positional.map(arg), ...input.options, '--starting-token', r.reply.NextToken) } : {}) };
    if (r.estimate) return { kind: 'explain', value: { request: r.request, keys: keys ?? d.table.keys, estimate: r.estimate, reply: paged } };
    return { kind: 'items', value: paged };
  };

  return defineCommand({
    name: d.name,
    description: `${d.pattern.description ?? `the ${d.name} access pattern`} [API: Query${d.pattern.query.index ? ` on ${d.pattern.query.index}` : ''}; declared in ${ctx.shown}]`,
    configure: (cmd) => {
      // a required param is a word in declared order, or an option like every other one (`--status open`)
      required.forEach((p, i) => cmd.argument(`[${p.name}]`, `${paramHelp(d, p)}${resolver?.words[i] ? `; or ${resolver.words[i]!.description}` : ''} (or --${p.name})`));
      for (const w of resolver?.words.slice(required.length) ?? []) cmd.argument(`[${w.name}]`, w.description);
      for (const p of required) cmd.option(`--${p.name} <${p.type}>`, `the ${p.name} word, as an option`);
      cmd.usage(['[options]', ...required.map((p) => `<${p.name}>`), ...(resolver?.words.slice(required.length) ?? []).map((w) => `[${w.name}]`)].join(' '));
      for (const p of optional) cmd.option(`--${p.name} <${p.type}>`, paramHelp(d, p));
      cmd
        .option('--limit <n>', 'items to read (every page up to this many)', positiveInt, limit)
        .option('--starting-token <token>', 'continue from the NextToken (or the "more:" line) of an earlier run');
      if (needsUsers) cmd.option('--users <dir>', `folder whose users.json resolves handles (default: ${DEFAULT_SEED_DIR}/)`);
      return cmd
        .option('--table <name>', 'read another table with the same keys', d.table.name)
        .option('--dry-run', 'print the exact Query (and a read it needs first) and send nothing (no credentials needed)')
        .addOption(new Option('--explain', 'print the exact Query, its index and the read capacity it should consume, then run it and report what it consumed').conflicts('dryRun'))
        .configureHelp({ showGlobalOptions: true });
    },
    input: (args: (string | undefined)[], opts: Record<string, string | number | boolean | undefined>, io: Io): PatternInput => {
      const [problem] = checkPattern(d);
      if (problem) throw new DdbError('schema.invalid', `${ctx.shown}: ${problem.path}: ${problem.message}`, { suggestion: '`ddb patterns check` lists every problem' });
      const given = args.filter((a): a is string => a !== undefined);
      const asOption = required.filter((p) => opts[p.name] !== undefined);
      const resolverForm = resolver !== undefined && !asOption.length && given.length > required.length;
      // the words fill the required params not given as options, in declared order
      const byWord = required.filter((p) => opts[p.name] === undefined);
      if (!resolverForm && given.length > byWord.length) throw new DdbError('usage', `too many words: ${d.name} takes ${required.map((p) => `<${p.name}>`).join(' ')}${asOption.length ? ` (${asOption.map((p) => `--${p.name}`).join(', ')} given as an option)` : ''}`);
      const missing = resolverForm ? undefined : byWord[given.length];
      if (missing) throw new DdbError('usage', `missing required argument '${missing.name}'`, { suggestion: `give it as a word or as --${missing.name} VALUE` });
      const text = (p: ParamSpec): string => (opts[p.name] !== undefined ? String(opts[p.name]) : given[byWord.indexOf(p)]!);
      const words = resolverForm ? given : required.map(text);
      const values: Record<string, ParamValue | undefined> = {};
      if (!resolverForm) {
        try {
          required.forEach((p, i) => (values[p.name] = parseParam(p.type, words[i]!, opts[p.name] !== undefined ? `--${p.name}` : p.name)));
        } catch (error) {
          // a word that fits the other form (a handle where a group goes): say that form
          if (!(error instanceof DdbError) || !resolver) throw error;
          throw new DdbError(error.code, error.message, { suggestion: `${error.suggestion}, or ${resolver.words.map((w) => w.name.toUpperCase()).join(' ')}: \`ddb patterns ${d.name} ${resolver.words.map((w) => `<${w.name}>`).join(' ')}\`` });
        }
      }
      const options: (string | number)[] = [];
      for (const p of optional) {
        const text = opts[p.name];
        if (text === undefined) continue;
        values[p.name] = parseParam(p.type, String(text), `--${p.name}`);
        options.push(`--${p.name}`, String(values[p.name]!));
      }
      const table = String(opts.table);
      options.push(...optionWords({ limit: Number(opts.limit), table: table !== d.table.name ? table : undefined, users: opts.users || undefined, schema: ctx.given }, ['limit', 'table', 'users', 'schema']));
      return {
        table,
        limit: Number(opts.limit),
        usersDir: projectPath(io.cwd, typeof opts.users === 'string' ? opts.users : DEFAULT_SEED_DIR),
        ...(typeof opts.startingToken === 'string' ? { startingToken: opts.startingToken } : {}),
        dryRun: Boolean(opts.dryRun),
        explain: Boolean(opts.explain),
        values,
        ...(resolverForm ? { resolverWords: words } : { positional: words.slice(0, required.length) }),
        options,
      };
    },
    run,
    view: taggedView({ items, 'dry-run': dryRunView, explain: explainView(items) }),
  });
};

