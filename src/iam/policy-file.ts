/** An IAM policy document read from a file (`ddb audit --policy FILE`): its shape checked, one line per problem. */
import { z } from 'zod';
import { readJsonFile } from '../json-file.js';
import type { PolicyDocument, PolicyStatement } from './evaluate.js';

const strings = z.union([z.string(), z.array(z.string())]);
const statement = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny'], { error: 'must be "Allow" or "Deny"' }),
  Action: strings.optional(),
  NotAction: strings.optional(),
  Resource: strings.optional(),
  NotResource: strings.optional(),
  Condition: z.record(z.string(), z.record(z.string(), strings)).optional(),
});
const policyFile = z.looseObject({ Version: z.string().optional(), Statement: z.union([statement, z.array(statement)]) });

export const readPolicyFile = async (file: string): Promise<PolicyDocument> => {
  const doc = await readJsonFile(file, policyFile, 'pass an IAM policy document: {"Version": "2012-10-17", "Statement": [...]}');
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as PolicyStatement[];
  return { Version: doc.Version ?? '2012-10-17', Statement: statements };
};
