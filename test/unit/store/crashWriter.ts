// Child process for durability.test.ts: a write storm that prints every write it got an
// acknowledgement for (`<key> <modRevision>`), until the parent SIGKILLs it.
import { openStore } from '../../../src/cluster/store';

async function main(): Promise<void> {
  const s = await openStore(process.argv[2], { snapshotEvery: 300 });
  const deadline = Date.now() + 20_000;
  const writer = async (w: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const key = `/registry/configmaps/default/w${w}-${i}`;
      const o = await s.create(key, { metadata: { name: `w${w}-${i}` }, data: { pad: 'x'.repeat(200 + (i % 50)) } });
      process.stdout.write(`${key} ${o.modRevision}\n`);
      if (i % 3 === 0) {
        const u = await s.update(key, { metadata: { name: `w${w}-${i}` }, data: { updated: String(i) } }, o.modRevision);
        process.stdout.write(`${key} ${u.modRevision}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
}

void main();
