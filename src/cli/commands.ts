// The table of CLI commands. Add a command: a file exporting a Command, and a line here.
import type { Command } from './command';
import { start } from './start';
import { stop } from './stop';
import { status } from './status';
import { kubeconfig } from './kubeconfig';
import { snapshot } from './snapshot';
import { node } from './node';
import { service } from './service';

export const commands: Record<string, Command> = { start, stop, status, kubeconfig, snapshot, node, service };
