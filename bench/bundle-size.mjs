#!/usr/bin/env node
// The size of the playground's bundle: every file under a directory (dist/), raw and compressed
// with `gzip -9 -n` (zlib's level 9 when there is no gzip command: a few % larger).
//
//   node bundle-size.mjs [dir=dist] [--max-bytes N]
//
// Prints one line per file and the total; with --max-bytes, exits 1 when the compressed total
// is over N bytes (`make bench-check`: 350 KB = 350,000 bytes).

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

let haveGzip = true;

function gzipSize(path) {
  if (haveGzip) {
    try {
      return execFileSync('gzip', ['-9', '-n', '-c', path], { maxBuffer: 1 << 30 }).length;
    } catch (err) {
      if (err?.code !== 'ENOENT') throw err;
      haveGzip = false;
    }
  }
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** [{file, bytes, gzipBytes}] for every file under `dir`, sorted by name, and the totals. */
export function measure(dir) {
  const rows = files(dir)
    .sort()
    .map((path) => ({ file: relative(dir, path), bytes: statSync(path).size, gzipBytes: gzipSize(path) }));
  const total = {
    bytes: rows.reduce((a, r) => a + r.bytes, 0),
    gzipBytes: rows.reduce((a, r) => a + r.gzipBytes, 0)
  };
  return { rows, total, compressor: haveGzip ? 'gzip -9 -n' : 'zlib level 9' };
}

function main() {
  const args = process.argv.slice(2);
  let dir = 'dist';
  let max = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--max-bytes') max = Number(args[++i]);
    else dir = args[i];
  }
  if (max !== null && !Number.isFinite(max)) throw new Error('--max-bytes needs a number');
  const { rows, total, compressor } = measure(dir);
  if (rows.length === 0) {
    process.stderr.write(`bundle-size: no files in ${dir}\n`);
    process.exit(1);
  }
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  const line = (name, raw, gz) =>
    `${name.padEnd(width)}  ${String(raw).padStart(10)}  ${String(gz).padStart(10)}\n`;
  let text = line('file', 'bytes', compressor.split(' -n')[0]);
  for (const r of rows) text += line(r.file, r.bytes, r.gzipBytes);
  text += line('total', total.bytes, total.gzipBytes);
  process.stdout.write(text);
  if (max !== null) {
    if (total.gzipBytes > max) {
      process.stderr.write(`bundle-size: ${dir} is ${total.gzipBytes} bytes gzipped, over the budget of ${max}\n`);
      process.exit(1);
    }
    process.stdout.write(`within the budget: ${total.gzipBytes} of ${max} bytes gzipped (${((100 * total.gzipBytes) / max).toFixed(1)} %)\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
