// The shape of one CLI command. Each command lives in its own file and is listed in
// commands.ts; cli.ts parses `--data` and the command's own options with node:util parseArgs.
import type { ParseArgsConfig } from 'node:util';

export interface CommandContext {
  /** Resolved data dir (--data, KUBE_PLAYGROUND_HOME, or ~/.kube-playground). */
  dataDir: string;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  usage: string;
  summary: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code (a long-running command resolves when it has stopped). */
  run(ctx: CommandContext): Promise<number>;
}

/** An error whose message is for the user as is (no stack trace). */
export class UsageError extends Error {}
