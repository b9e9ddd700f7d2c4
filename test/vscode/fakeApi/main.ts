// Runs the fake API server as a process (the UI smoke test starts it inside its network
// namespace): prints the URL, writes a kubeconfig to argv[2].
import { writeFileSync } from 'node:fs';
import { FakeApiServer } from './server';

const fake = new FakeApiServer();
void fake.listen(Number(process.argv[3] ?? 0)).then((url) => {
  if (process.argv[2]) writeFileSync(process.argv[2], fake.kubeconfig(url));
  console.log(url);
});
process.on('SIGTERM', () => { void fake.close().then(() => process.exit(0)); });
