// Where a command would be found, as a shell looks it up: a path as given, else each PATH folder
// (with PATHEXT's extensions on Windows). Lets the kubectl commands say "install kubectl" instead
// of leaving a terminal with "command not found" or one that fails to launch.
import * as fs from 'node:fs';
import * as path from 'node:path';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch { return false; }
}

export function which(command: string, envPath = process.env.PATH ?? '', pathExt = process.env.PATHEXT ?? ''): string | undefined {
  const exts = process.platform === 'win32' ? ['', ...pathExt.split(';').filter(Boolean)] : [''];
  if (command.includes('/') || command.includes(path.sep)) return exts.map((e) => command + e).find(executable);
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const found = exts.map((e) => path.join(dir, command + e)).find(executable);
    if (found) return found;
  }
  return undefined;
}
