// One bundle per entry point: the extension (vscode external) and the headless CLI.
// sql.js' wasm is copied beside the bundles so both run with no network and no node_modules.
const path = require('path');
const fs = require('fs');

class CopyWasmPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyWasm', () => {
      const src = require.resolve('sql.js/dist/sql-wasm.wasm');
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
      fs.copyFileSync(src, path.join(__dirname, 'dist', 'sql-wasm.wasm'));
    });
  }
}

module.exports = (_env, argv) => ({
  target: 'node',
  mode: argv.mode || 'production',
  entry: {
    extension: './src/extension.ts',
    cli: './src/cli.ts',
    // The store's snapshot writer runs in a worker thread (no event-loop stall at 50k objects).
    storeWorker: './src/cluster/store/snapshotWorker.ts',
  },
  output: {
    path: path.join(__dirname, 'dist'),
    filename: '[name].js',
    libraryTarget: 'commonjs2',
    clean: false,
  },
  devtool: argv.mode === 'development' ? 'source-map' : false,
  externals: {
    vscode: 'commonjs vscode',
    // optional native helpers pulled in by ssh2/docker-modem; not needed on a local socket
    'cpu-features': 'commonjs cpu-features',
    './crypto/build/Release/sshcrypto.node': 'commonjs ./crypto/build/Release/sshcrypto.node',
    bufferutil: 'commonjs bufferutil',
    'utf-8-validate': 'commonjs utf-8-validate',
  },
  resolve: { extensions: ['.ts', '.js', '.json'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, loader: 'esbuild-loader', options: { target: 'node20' } }],
  },
  node: { __dirname: false, __filename: false },
  performance: { hints: false },
  // Re-builds (npm test builds first) reuse the parsed modules: seconds instead of minutes.
  cache: { type: 'filesystem', buildDependencies: { config: [__filename] } },
  plugins: [new CopyWasmPlugin()],
  ignoreWarnings: [/Critical dependency/, /Can't resolve '(bufferutil|utf-8-validate|cpu-features)'/],
});
