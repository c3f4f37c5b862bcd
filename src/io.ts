/** The streams, environment and folder a command runs with: tiny, so start-up can use it without the Runtime. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** terminal width, when it is a terminal */
  columns?: number;
}
export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
