// Registers the command table, choosing each command's enabled or disabled body from the current
// state, and re-registers it whenever that state changes.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { createCommands, type CommandSpec, type Handler } from './table';

function met(spec: CommandSpec, ctx: Ctx): boolean {
  if (spec.needs === 'target') return !!ctx.target;
  if (spec.needs === 'playground') return ctx.lifecycle.isUp;
  return true;
}

function notReady(spec: CommandSpec, ctx: Ctx): Handler {
  return () => {
    const why = spec.needs === 'playground'
      ? `The playground cluster is ${ctx.lifecycle.state}.`
      : 'No cluster selected: start the playground or switch context.';
    void vscode.window.showWarningMessage(why, 'Start Playground', 'Switch Context').then((pick) => {
      if (pick === 'Start Playground') void vscode.commands.executeCommand('kubePlayground.start');
      if (pick === 'Switch Context') void vscode.commands.executeCommand('kubePlayground.switchContext');
    });
  };
}

/** Wraps a body so an exception becomes an error message instead of an unhandled rejection. */
function guarded(id: string, h: Handler, ctx: Ctx): Handler {
  return async (...args: any[]) => {
    try { return await h(...args); } catch (e) {
      const msg = (e as Error).message ?? String(e);
      ctx.out.appendLine(`${id}: ${msg}`);
      void vscode.window.showErrorMessage(msg);
      return undefined;
    }
  };
}

export function registerCommands(ctx: Ctx): vscode.Disposable {
  const table = createCommands();
  let registered: vscode.Disposable[] = [];
  let lastKey = '';
  const register = () => {
    const key = `${ctx.lifecycle.isUp}/${!!ctx.target}`;
    if (key === lastKey) return;
    lastKey = key;
    for (const d of registered) d.dispose();
    registered = Object.entries(table).map(([id, spec]) => {
      const body = met(spec, ctx) ? spec.enabled(ctx) : spec.disabled?.(ctx) ?? notReady(spec, ctx);
      return vscode.commands.registerCommand(id, guarded(id, body, ctx));
    });
  };
  register();
  const subs = [ctx.lifecycle.onDidChange(register), ctx.onDidChangeTarget(register)];
  return { dispose: () => { for (const d of [...registered, ...subs]) d.dispose(); } };
}
