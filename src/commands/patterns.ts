/**
 * ddb patterns … — the access patterns. Most are declared in the schema file (a table's `accessPatterns`): each is a
 * subcommand generated from its declaration (declared-pattern.ts) — required params positional in declared order,
 * optional ones as `--name value` — that runs the Query src/patterns/declared.ts builds. A pattern that needs code is registered in the
 * same catalogue: a resolver that lets a declared pattern take other words (get-conversation USER OTHER_USER), or a
 * command of its own (CODE_PATTERNS). `ddb patterns` lists them all; `ddb patterns check` checks the declarations.
 * [API: Query]
 *
 * The subcommands come from the schema file, so it is read before they exist: --schema is picked out of the arguments
 * first. cli.ts loads this module only when the command is `patterns`, so no other command (nor `ddb --help`) reads it.
 */
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { type CommandDefinition, defineCommand } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, DEFAULT_TABLE, projectPath } from '../paths.js';
import { loadSchemaFile, parseSchemaFile } from '../schema/load.js';
import { type DeclaredPattern, declaredPatterns, keyConditionText, paramSpecs } from '../patterns/declared.js';
import { checkPatterns } from '../patterns/check.js';
import { resolverFor } from '../patterns/resolvers.js';
import { type CatalogueEntry, type CheckReport, catalogueView, checkView } from '../render/patterns.js';
import { command as createMessageCommand } from './create-message.js';
import { command as createConversationCommand } from './create-conversation.js';
import { patternCommand } from './declared-pattern.js';
import type { PatternsContext as Context } from '../runtime/patterns-context.js';
import { policyCommand } from './patterns-policy.js';
import { costCommand } from './patterns-cost.js';
import { codegenCommand } from './patterns-codegen.js';

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
  key: keyConditionText(table, pattern),
  params: paramSpecs(pattern).map((p) => ({ name: p.name, type: p.type, required: !p.optional })),
  description: pattern.description ?? '',
});

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
  group.addCommand(await policyCommand(ctx)(io, argv));
  group.addCommand(await costCommand(ctx)(io, argv));
  group.addCommand(await codegenCommand(ctx)(io, argv));
  return group;
};
