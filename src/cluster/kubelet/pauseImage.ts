// The pod sandbox image, `kube-playground/pause:1`. No registry is reachable, so the image is
// made locally: a ~200-byte static ELF emitted from bytes below whose only job is to wait
// forever (x86_64: the pause() syscall in a loop; arm64, which has no pause(): ppoll with no
// fds and no timeout), tarred in memory and `docker import`ed. It needs no busybox, no libc
// and no network, so a fresh engine can run pods at once. Like Kubernetes' pause it holds the
// pod's network namespace; unlike it, it does not reap zombies (app containers have their own
// PID namespaces here).
import type Docker from 'dockerode';
import { Readable } from 'node:stream';

export const PAUSE_IMAGE = 'kube-playground/pause:1';

const CODE: Record<string, { machine: number; code: number[] }> = {
  // loop: mov eax, 34 (pause); syscall; jmp loop
  x64: { machine: 0x3e, code: [0xb8, 0x22, 0, 0, 0, 0x0f, 0x05, 0xeb, 0xf7] },
  // loop: mov x0..x4, #0; mov x8, #73 (ppoll); svc #0; b loop
  arm64: {
    machine: 0xb7,
    code: [0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800004, 0xd2800928, 0xd4000001, 0x17fffff9]
      .flatMap((w) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255]),
  },
};

/** A minimal ELF64 executable: header, one PT_LOAD segment, the code. */
export function pauseElf(arch: string): Buffer {
  const spec = CODE[arch];
  if (!spec) throw new Error(`no pause binary for architecture ${arch}`);
  const base = 0x400000;
  const hdr = 64;
  const ph = 56;
  const code = Buffer.from(spec.code);
  const b = Buffer.alloc(hdr + ph + code.length);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // ELF, 64-bit, little-endian, v1, SysV
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(spec.machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(BigInt(base + hdr + ph), 24); // entry
  b.writeBigUInt64LE(BigInt(hdr), 32); // program headers offset
  b.writeUInt16LE(hdr, 52);
  b.writeUInt16LE(ph, 54);
  b.writeUInt16LE(1, 56);
  b.writeUInt16LE(64, 58); // shentsize (no sections)
  b.writeUInt32LE(1, hdr); // PT_LOAD
  b.writeUInt32LE(5, hdr + 4); // R+X
  b.writeBigUInt64LE(BigInt(base), hdr + 16);
  b.writeBigUInt64LE(BigInt(base), hdr + 24);
  b.writeBigUInt64LE(BigInt(b.length), hdr + 32);
  b.writeBigUInt64LE(BigInt(b.length), hdr + 40);
  b.writeBigUInt64LE(0x1000n, hdr + 48);
  code.copy(b, hdr + ph);
  return b;
}

/** One ustar archive in memory: enough for a handful of files. */
export function tarArchive(files: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 100, 'utf8');
    h.write(f.mode.toString(8).padStart(7, '0') + '\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(f.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const x of h) sum += x;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    parts.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Imports the pause image unless the engine has it already. */
export async function ensurePauseImage(docker: Docker, engineArch: string): Promise<void> {
  try {
    await docker.getImage(PAUSE_IMAGE).inspect();
    return;
  } catch { /* build it */ }
  const arch = /arm64|aarch64/.test(engineArch) ? 'arm64' : 'x64';
  const tar = tarArchive([{ name: 'pause', data: pauseElf(arch), mode: 0o755 }]);
  const [repo, tag] = PAUSE_IMAGE.split(':');
  const stream: any = await docker.importImage(Readable.from([tar]) as any, { repo, tag, changes: ['CMD ["/pause"]'] } as any);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}
