/**
 * ddb patterns … — the access patterns. Most are declared in the schema file (a table's `accessPatterns`): each is a
 * subcommand generated from its declaration — required params positional in declared order, optional ones as
 * `--name value` — that runs the Query src/patterns/declared.ts builds. A pattern that needs code is registered in the
 * same catalogue: a resolver that lets a declared pattern take other words (get-conversation USER OTHER_USER), or a
 * command of its own (CODE_PATTERNS). `ddb patterns` lists them all; `ddb patterns check` checks the declarations.
 * [API: Query]
 *
 * The subcommands come from the schema file, so it is read before they exist: --schema is picked out of the arguments
 * first. cli.ts loads this module only when the command is `patterns`, so no other command (nor `ddb --help`) reads it.
 */
import { isAbsolute, relative } from 'node:path';
import { type Command, Option } from 'commander';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type CommandDefinition, defineCommand, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import type { Io } from '../io.js';
import { DEFAULT_SCHEMA, DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { loadSchemaFile, parseSchemaFile } from '../schema/load.js';
import {
  DEFAULT_LIMIT,
  type DeclaredPattern,
  type ParamSpec,
  type ParamValue,
  buildQuery,
  declaredPatterns,
  inDisplayOrder,
  keyText,
  paramSpecs,
  patternKeys,
  sortOperator,
  templateParams,
} from '../patterns/declared.js';
import { checkPattern, checkPatterns } from '../patterns/check.js';
import { parseParam, resolveParamUsers } from '../patterns/params.js';
import { type ParamResolver, RESOLVERS } from '../patterns/resolvers.js';
import type { PagedItems } from '../render/items.js';
import { type CatalogueEntry, type CheckReport, type Explained, catalogueView, checkView, explainView, patternItemsView } from '../render/patterns.js';
import { requestView } from '../render/requests.js';
import { type Tagged, taggedView } from '../render/view.js';
import { command as createMessageCommand } from './create-message.js';
import { command as createConversationCommand } from './create-conversation.js';

/**
 * Patterns that need code from end to end (writes, say): commands of their own, registered here so that `ddb
 * patterns` lists them and they run as `ddb patterns NAME` next to the declared ones, with their own --help and
 * --dry-run. A declared pattern of the same name is not generated (`patterns check` reports the clash).
 */
const CODE_PATTERNS: readonly CommandDefinition[] = [createMessageCommand, createConversationCommand];

/** The schema file the arguments name with --schema (read before commander parses them). */
export const schemaArgument = (argv: readonly string[]): string | undefined => {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--schema') return argv[i + 1];
    if (arg.startsWith('--schema=')) return arg.slice('--schema='.length);
  }
  return undefined;
};

interface Context {
  /** the schema file, resolved */
  file: string;
  /** as people know it: as given, else relative to the working directory when it is in it */
  shown: string;
  /** --schema as given (repeated in "more:" lines) */
  given: string | undefined;
  declared: DeclaredPattern[];
  code: Command[];
  /** why the file could not be read, if it could not */
  error?: unknown;
}

// ---- ddb patterns: the catalogue

/** A code pattern as the catalogue lists it, from its command: arguments, required options, the --table default. */
export const codeEntry = (cmd: Command): CatalogueEntry => ({
  name: cmd.name(),
  source: 'code',
  table: String(cmd.options.find((o) => o.long === '--table')?.defaultValue ?? DEFAULT_TABLE),
  params: [
    ...cmd.registeredArguments.map((a) => ({ name: a.name(), required: a.required })),
    ...cmd.options.filter((o) => o.mandatory).map((o) => ({ name: o.attributeName(), required: true, option: true })),
  ],
  description: cmd.description(),
});

const declaredEntry = ({ name, table, pattern }: DeclaredPattern): CatalogueEntry => ({
  name,
  ...alternativesOf(name, pattern),
  source: 'schema',
  table: table.name,
  ...(pattern.query.index ? { index: pattern.query.index } : {}),
  key: keyText(table, pattern),
  params: paramSpecs(pattern).map((p) => ({ name: p.name, type: p.type, required: !p.optional })),
  description: pattern.description,
});

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The resolver that serves a declared pattern: registered for its name, filling exactly its required params. */
const resolverFor = (name: string, required: readonly ParamSpec[]): ParamResolver | undefined =>
  RESOLVERS.find((r) => r.pattern === name && sameNames(r.fills, required.map((p) => p.name)) && r.words.length > required.length);

const alternativesOf = (name: string, pattern: DeclaredPattern['pattern']): Pick<CatalogueEntry, 'alternatives'> => {
  const resolver = resolverFor(name, paramSpecs(pattern).filter((p) => !p.optional));
  return resolver ? { alternatives: [`${name} ${resolver.words.map((w) => `<${w.name}>`).join(' ')}`] } : {};
};

const catalogueCommand = (ctx: Context): CommandDefinition =>
  defineCommand({
    name: 'patterns',
    description: 'the access patterns: those declared in the schema file (each a Query, never a Scan) and those that need code. Without a pattern: lists them all',
    configure: (cmd) =>
      cmd
        .argument('[pattern]')
        .usage('[options] [pattern] [args...]')
        .allowExcessArguments()
        .option('--schema <file>', `schema file whose accessPatterns are the patterns (default: ${DEFAULT_SCHEMA})`),
    input: ([pattern]: [string | undefined]): CatalogueEntry[] => {
      if (ctx.error) throw ctx.error;
      if (pattern !== undefined) {
        const names = [...ctx.declared.map((d) => d.name), ...ctx.code.map((c) => c.name())];
        throw new DdbError('usage', `no pattern "${pattern}" in ${ctx.shown}`, { suggestion: `the patterns are: ${names.join(', ') || 'none'} (\`ddb patterns\` lists them)` });
      }
      return [...ctx.declared.filter((d) => !ctx.code.some((c) => c.name() === d.name)).map(declaredEntry), ...ctx.code.map(codeEntry)];
    },
    run: async (entries) => entries,
    view: catalogueView(ctx.shown),
  });

// ---- ddb patterns check

const checkCommand = (ctx: Context): CommandDefinition =>
  defineCommand({
    name: 'check',
    description: 'check every declared pattern against the schema file, sending nothing: its index exists, its templates fill the keys with their types, its params are declared and used, no Scan. One line per problem, exit 2 (for CI)',
    input: (): Context => ctx,
    run: async ({ file, shown, code }): Promise<CheckReport> => {
      const { schema, problems } = await parseSchemaFile(file);
      if (!schema) return { file: shown, patterns: 0, tables: 0, problems };
      const declared = declaredPatterns(schema);
      return { file: shown, patterns: declared.length, tables: new Set(declared.map((d) => d.table.name)).size, problems: checkPatterns(schema, code.map((c) => c.name())) };
    },
    view: checkView,
  });

// ---- ddb patterns NAME …: one declared pattern

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

type PatternResult = Tagged<{ items: PagedItems; 'dry-run': QueryCommandInput; explain: Explained }>;

const patternCommand = (d: DeclaredPattern, ctx: Context): CommandDefinition => {
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
    let values = input.values;
    let positional = input.positional ?? [];
    if (resolver && input.resolverWords) {
      const filled = await resolver.resolve(input.resolverWords, { db: () => deps.dynamo(), table: input.table, usersDir: input.usersDir });
      values = { ...values, ...filled };
      positional = required.map((p) => String(filled[p.name]));
    }
    values = await resolveParamUsers(specs, values, input.usersDir);
    const request = buildQuery(d.table, d.pattern, values, { limit: input.limit, tableName: input.table });
    if (input.dryRun) return { kind: 'dry-run', value: request };
    const db = await deps.dynamo();
    const description = await db.requireTable(input.table);
    const { estimateQueryRcu } = await import('../patterns/explain.js');
    const estimate = estimateQueryRcu(description, request.IndexName, input.limit);
    const { queryUpTo } = await import('../data/query.js');
    const reply = await queryUpTo(db, { ...request, Limit: undefined }, { limit: input.limit, startingToken: input.startingToken });
    reply.Items = inDisplayOrder(d.pattern, reply.Items);
    const paged: PagedItems = { ...reply, ...(reply.NextToken ? { next: deps.commandLine('patterns', d.name, ...positional, ...input.options, '--starting-token', reply.NextToken) } : {}) };
    if (input.explain) return { kind: 'explain', value: { request, keys: keys ?? d.table.keys, estimate, reply: paged } };
    return { kind: 'items', value: paged };
  };

  return defineCommand({
    name: d.name,
    description: `${d.pattern.description} [API: Query${d.pattern.query.index ? ` on ${d.pattern.query.index}` : ''}; declared in ${ctx.shown}]`,
    configure: (cmd) => {
      required.forEach((p, i) => cmd.argument(`<${p.name}>`, `${paramHelp(d, p)}${resolver?.words[i] ? `; or ${resolver.words[i]!.description}` : ''}`));
      for (const w of resolver?.words.slice(required.length) ?? []) cmd.argument(`[${w.name}]`, w.description);
      for (const p of optional) cmd.option(`--${p.name} <${p.type}>`, paramHelp(d, p));
      cmd
        .option('--limit <n>', 'items to read (every page up to this many)', positiveInt, limit)
        .option('--starting-token <token>', 'continue from the NextToken (or the "more:" line) of an earlier run');
      if (needsUsers) cmd.option('--users <dir>', `folder whose users.json resolves handles (default: ${DEFAULT_SEED_DIR}/)`);
      return cmd
        .option('--table <name>', 'read another table with the same keys', d.table.name)
        .option('--dry-run', 'print the exact Query as JSON and send nothing (no credentials needed)')
        .addOption(new Option('--explain', 'print the exact Query, its index and the read capacity it should consume, then run it and report what it consumed').conflicts('dryRun'))
        .configureHelp({ showGlobalOptions: true });
    },
    input: (args: (string | undefined)[], opts: Record<string, string | number | boolean | undefined>, io: Io): PatternInput => {
      const [problem] = checkPattern(d);
      if (problem) throw new DdbError('schema.invalid', `${ctx.shown}: ${problem.path}: ${problem.message}`, { suggestion: '`ddb patterns check` lists every problem' });
      const words = args.filter((a): a is string => a !== undefined);
      const resolverForm = resolver !== undefined && words.length > required.length;
      const values: Record<string, ParamValue | undefined> = {};
      if (!resolverForm) {
        try {
          required.forEach((p, i) => (values[p.name] = parseParam(p.type, words[i]!, p.name)));
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
        options.push(`--${p.name}`, values[p.name]!);
      }
      const table = String(opts.table);
      options.push('--limit', Number(opts.limit), ...(table !== d.table.name ? ['--table', table] : []), ...(opts.users ? ['--users', String(opts.users)] : []), ...(ctx.given ? ['--schema', ctx.given] : []));
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
    view: taggedView({ items, 'dry-run': requestView, explain: explainView(items) }),
  });
};

// ---- the group

const shownPath = (cwd: string, file: string): string => {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
};

export const command: CommandDefinition = async (io, argv = []) => {
  const given = schemaArgument(argv);
  const file = projectPath(io.cwd, given ?? DEFAULT_SCHEMA);
  const code = await Promise.all(CODE_PATTERNS.map((definition) => definition(io, argv)));
  const ctx: Context = { file, shown: given ?? shownPath(io.cwd, file), given, declared: [], code };
  try {
    ctx.declared = declaredPatterns(await loadSchemaFile(file));
  } catch (error) {
    ctx.error = error; // said when a declared pattern is asked for; `patterns check` reports the file's problems itself
  }
  const group = await catalogueCommand(ctx)(io, argv);
  for (const d of ctx.declared) if (!code.some((c) => c.name() === d.name)) group.addCommand(await patternCommand(d, ctx)(io, argv));
  for (const cmd of code) group.addCommand(cmd);
  group.addCommand(await checkCommand(ctx)(io, argv));
  return group;
};
