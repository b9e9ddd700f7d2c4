// Test images without a registry: `playground/busybox:1` is made with `docker import` from the
// host's static busybox (Debian's busybox-static, /usr/bin/busybox; CI installs it): a rootfs
// with bin/busybox, one symlink per applet, /etc/passwd and /tmp.
// Note: that busybox's `wget -T` segfaults inside containers; tests use `timeout N wget`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUSYBOX_IMAGE = 'playground/busybox:1';

let done = false;

export function ensureTestImages(): void {
  if (done) return;
  try {
    execFileSync('docker', ['image', 'inspect', BUSYBOX_IMAGE], { stdio: 'pipe' });
    done = true;
    return;
  } catch { /* build it */ }
  const busybox = process.env.BUSYBOX ?? '/usr/bin/busybox';
  const root = mkdtempSync(join(tmpdir(), 'busybox-rootfs-'));
  try {
    for (const d of ['bin', 'etc', 'tmp', 'root', 'var/www', 'usr/bin', 'sbin']) mkdirSync(join(root, d), { recursive: true });
    chmodSync(join(root, 'tmp'), 0o1777);
    copyFileSync(busybox, join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
    for (const a of applets) symlinkSync('busybox', join(root, 'bin', a));
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    const tar = join(root, '..', `${root.split('/').pop()}.tar`);
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    execFileSync('docker', ['import', '--change', 'CMD ["sh"]', '--change', 'ENV PATH=/bin:/usr/bin:/sbin', tar, BUSYBOX_IMAGE], { stdio: 'pipe' });
    rmSync(tar, { force: true });
    done = true;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
