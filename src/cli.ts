#!/usr/bin/env node
// Headless playground: `kube-playground <command> [--data DIR] ...`; the commands are in src/cli/.
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { defaultDataDir } from './cluster/dataDir';
import { commands } from './cli/commands';
import { UsageError } from './cli/command';
import { StoreError } from './cluster/store/types';

function help(): string {
  const lines = ['usage: kube-playground <command> [--data DIR] [options]', '', 'commands:'];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage.padEnd(58)} ${c.summary}`);
  lines.push('', `--data DIR defaults to $KUBE_PLAYGROUND_HOME or ~/.kube-playground (now: ${defaultDataDir()})`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name || name === 'help' || name === '--help' || name === '-h') { console.log(help()); return name ? 0 : 2; }
  const command = commands[name];
  if (!command) { console.error(`kube-playground: unknown command "${name}"\n\n${help()}`); return 2; }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), allowPositionals: true, strict: true, options: { data: { type: 'string' }, ...command.options } });
  } catch (e) {
    console.error(`kube-playground ${name}: ${(e as Error).message}\nusage: kube-playground ${command.usage}`);
    return 2;
  }
  const dataDir = parsed.values.data ? path.resolve(String(parsed.values.data)) : defaultDataDir();
  return command.run({
    dataDir,
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Normally nothing is left and node exits now; a forgotten handle must not keep a stopped playground alive.
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (e) => {
    const known = e instanceof UsageError || e instanceof StoreError || (e && /is running|in use by/.test(e.message));
    console.error(`kube-playground: ${known ? e.message : e?.stack ?? e}`);
    process.exitCode = 1;
  },
);
