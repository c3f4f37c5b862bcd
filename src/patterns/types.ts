/** An access pattern is data: a name, its parameters, and a pure function that builds the Query. */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface AccessPattern<Input> {
  name: string;
  description: string;
  toQuery(input: Input): QueryCommandInput;
}
