// The CPU architectures a Mach-O file (thin or universal) holds, read from its header, the way
// `lipo -archs` reports them. Plain JavaScript, so the check runs the same here and on macOS.
import { closeSync, openSync, readSync } from 'node:fs';

const CPU = { 0x01000007: 'x86_64', 0x0100000c: 'arm64', 7: 'i386', 12: 'arm' };
const cpuName = (type) => CPU[type >>> 0] ?? `cpu-0x${(type >>> 0).toString(16)}`;

/** Architectures in a Mach-O image, or null when the bytes are not Mach-O. */
export function machOArchs(bytes) {
  if (bytes.length < 8) return null;
  const be = bytes.readUInt32BE(0);
  const le = bytes.readUInt32LE(0);
  // Thin images: the magic is in the file's own byte order (little-endian on Intel and Apple Silicon).
  if (le === 0xfeedfacf || le === 0xfeedface) return [cpuName(bytes.readInt32LE(4))];
  if (be === 0xfeedfacf || be === 0xfeedface) return [cpuName(bytes.readInt32BE(4))];
  // Universal ("fat") files: a big-endian table of the slices; 0xcafebabf uses 64-bit offsets.
  if (be === 0xcafebabe || be === 0xcafebabf) {
    const count = bytes.readUInt32BE(4);
    const size = be === 0xcafebabe ? 20 : 32;
    if (count === 0 || count > 16 || bytes.length < 8 + count * size) return null;
    return Array.from({ length: count }, (_, i) => cpuName(bytes.readInt32BE(8 + i * size)));
  }
  return null;
}

/** The same for a file on disk: only its first 4 KiB are read. */
export function machOArchsOfFile(path) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return machOArchs(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** electron-builder's arch names (arm64, x64, universal) as Mach-O's. */
export function machOArchsFor(builderArch) {
  if (builderArch === 'x64') return ['x86_64'];
  if (builderArch === 'universal') return ['x86_64', 'arm64'];
  return [builderArch];
}
