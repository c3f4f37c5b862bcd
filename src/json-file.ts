/** Reads a JSON file and checks it with a zod schema: each problem is one line with its place in the file. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DdbError } from './errors.js';

/** `hint` says how to point at another file (the option that names it). */
export const readJsonFile = async <T>(file: string, schema: z.ZodType<T>, hint: string): Promise<T> => {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DdbError('input.invalid', `cannot read ${file}: ${(error as Error).message}`, { suggestion: hint });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const { formatPath } = await import('./schema/validate.js');
    throw new DdbError('input.invalid', `${file}: ${formatPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data;
};
