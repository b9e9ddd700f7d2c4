// Loads sql.js (SQLite compiled to wasm) once per process, with no network: the wasm file is
// read from beside the bundle (dist/sql-wasm.wasm, copied by webpack) or from node_modules
// when running from source (tests, tsx). Also the kine-shaped schema of a snapshot file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

function wasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(beside)) return beside;
  // Not bundled: resolve through node's own resolver (hidden from webpack, which would try to bundle the wasm).
  const nodeRequire: NodeRequire = eval('require');
  return nodeRequire.resolve('sql.js/dist/sql-wasm.wasm');
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!loading) {
    // The browser build, given the wasm bytes, runs the same in node; the node build assigns
    // `module.exports` inside itself, which breaks once webpack has bundled it. Same wasm file.
    const init = require('sql.js/dist/sql-wasm-browser.js') as (cfg: object) => Promise<SqlJsStatic>;
    const wasmBinary = fs.readFileSync(wasmPath());
    loading = init({ wasmBinary });
  }
  return loading;
}

/** kine's log table: id is the revision; the row with the highest id per name is the current object. */
export const SCHEMA = `
CREATE TABLE kine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;
/** Built after the bulk insert (cheaper than maintaining it row by row). */
export const INDEX = 'CREATE INDEX kine_name_id ON kine (name, id);';
