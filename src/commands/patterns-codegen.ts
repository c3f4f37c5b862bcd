/**
 * ddb patterns codegen --out FILE [--check] — a TypeScript module with one typed async function per access pattern
 * (src/patterns/codegen.ts); --check compares instead of writing and exits 6 when FILE is out of date (for CI).
 * Sends nothing.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CommandDefinition, defineCommand } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { projectPath } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import type { View } from '../render/view.js';
import type { PatternsContext } from '../runtime/patterns-context.js';

interface Input {
  out: string;
  shown: string;
  check: boolean;
}

interface Result {
  file: string;
  functions: string[];
  /** written, unchanged (already up to date), or checked and current */
  outcome: 'written' | 'unchanged' | 'current';
}

const codegenView: View<Result> = {
  table: () => '',
  footer: (r) => [r.outcome === 'current' ? `${r.file} is up to date (${r.functions.length} functions: ${r.functions.join(', ')})` : `${r.outcome === 'written' ? 'wrote' : 'unchanged:'} ${r.file}: ${r.functions.join(', ')}`],
};

const readIfThere = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DdbError('input.invalid', `cannot read ${file}: ${(error as Error).message}`);
  }
};

export const codegenCommand = (ctx: PatternsContext): CommandDefinition =>
  defineCommand({
    name: 'codegen',
    description: `a TypeScript module with one typed async function per access pattern in ${ctx.shown} (only @aws-sdk/lib-dynamodb; NextToken paging; the writes as their transactions); --check exits 6 when the file is out of date. Sends nothing`,
    configure: (cmd) => cmd.requiredOption('--out <file>', 'the module to write, e.g. src/db/patterns.ts').option('--check', 'write nothing; exit 6 when the file differs from what would be generated (for CI)'),
    input: (_args: unknown, opts: { out: string; check?: boolean }, io): Input => ({ out: projectPath(io.cwd, opts.out), shown: opts.out, check: Boolean(opts.check) }),
    run: async ({ out, shown, check }): Promise<Result> => {
      const schema = await loadSchemaFile(ctx.file);
      const { generateClient } = await import('../patterns/codegen.js');
      const text = generateClient(schema, ctx.shown);
      const functions = [...text.matchAll(/^export async function (\w+)/gm)].map((m) => m[1]!);
      const existing = await readIfThere(out);
      if (check) {
        if (existing === text) return { file: shown, functions, outcome: 'current' };
        throw new DdbError('schema.drift', `${shown} is ${existing === undefined ? 'missing' : `out of date with ${ctx.shown}`}`, { suggestion: `generate it again: \`ddb patterns codegen --out ${shown}\`` });
      }
      if (existing === text) return { file: shown, functions, outcome: 'unchanged' };
      try {
        await writeFile(`${out}.${process.pid}.tmp`, text);
        await rename(`${out}.${process.pid}.tmp`, out);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DdbError('input.invalid', `cannot write ${shown}: the folder ${dirname(shown)} does not exist`, { suggestion: 'create it, or give --out a path in a folder that exists' });
        throw new DdbError('input.invalid', `cannot write ${shown}: ${(error as Error).message}`);
      }
      return { file: shown, functions, outcome: 'written' };
    },
    view: codegenView,
  });
