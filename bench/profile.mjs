#!/usr/bin/env node
// Where the native engine spends its time, for docs/benchmarks.md: runs the native bench binary
// in its `--profile` mode under `perf record` (DWARF call graphs) and keeps, for each workload,
// the engine functions with the largest inclusive share and the symbols with the largest self
// share.
//
//   node profile.mjs [--out out/profile.json] [--seconds 6] [simulate typical target …]
//
// Without perf (or when the kernel refuses it) it writes {"available": false, "reason": …} and
// exits 0: the profile is a help for reading the figures, not a requirement.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const ALLOCATOR = /^(_int_malloc|_int_free|_int_realloc|malloc|free|cfree|realloc|malloc_consolidate|unlink_chunk.*|__libc_(malloc|free|realloc).*|alloc::raw_vec::.*|<alloc::raw_vec::.*|__rust_(alloc|dealloc|realloc)|__rdl_.*)$/;

function nativeBinary() {
  const out = execFileSync(
    'cargo',
    ['bench', '-q', '-p', 'rolecall-engine', '--bench', 'native', '--no-run', '--message-format=json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.reason === 'compiler-artifact' && msg.target?.name === 'native' && msg.executable) return msg.executable;
  }
  throw new Error('cargo did not name the native bench binary');
}

/** Rows of `perf report --children --sort symbol -g none --stdio`: {children, self, symbol}. */
function parseReport(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^\s+([\d.]+)%\s+([\d.]+)%\s+\[[.k]\]\s+(.+?)\s*$/.exec(line);
    // Symbols end with perf's empty columns (`-      -`) for samples without a source line.
    if (m) rows.push({ children: Number(m[1]), self: Number(m[2]), symbol: m[3].replace(/(\s+-)+$/, '') });
  }
  return rows;
}

/** `rolecall_engine::iam::evaluate::evaluate::{{closure}}` → without the closure suffix. */
function tidy(symbol) {
  return symbol.replace(/::\{\{closure\}\}/g, '').replace(/::h[0-9a-f]{16}$/, '');
}

function summarise(rows) {
  const engine = new Map();
  for (const r of rows) {
    const s = tidy(r.symbol);
    if (!/(^|[<\s])(rolecall_engine|jsonc_parser|serde_json)::/.test(s)) continue;
    if (!engine.has(s) || engine.get(s).children < r.children) engine.set(s, { symbol: s, children: r.children, self: r.self });
  }
  const inclusive = [...engine.values()].sort((a, b) => b.children - a.children).slice(0, 14);
  const self = [...rows].sort((a, b) => b.self - a.self).slice(0, 10).map((r) => ({ symbol: tidy(r.symbol), self: r.self }));
  const allocator = rows.filter((r) => ALLOCATOR.test(r.symbol)).reduce((a, r) => a + r.self, 0);
  return { inclusive, self, allocatorSelfPercent: Number(allocator.toFixed(1)) };
}

function main() {
  const args = process.argv.slice(2);
  let out = join(here, 'out', 'profile.json');
  let seconds = 6;
  const workloads = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = resolve(args[++i]);
    else if (args[i] === '--seconds') seconds = Number(args[++i]);
    else workloads.push(args[i]);
  }
  if (workloads.length === 0) workloads.push('simulate', 'typical', 'target');
  mkdirSync(dirname(out), { recursive: true });
  const write = (value) => writeFileSync(out, JSON.stringify(value, null, 2) + '\n');

  const probe = spawnSync('perf', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    write({ available: false, reason: 'perf is not installed' });
    process.stderr.write('profile: perf is not installed, skipped\n');
    return;
  }
  const binary = nativeBinary();
  const results = {};
  for (const what of workloads) {
    const data = join(dirname(out), `perf-${what}.data`);
    const rec = spawnSync(
      'perf',
      ['record', '-q', '-F', '499', '--call-graph', 'dwarf,16384', '-o', data, '--', binary, '--profile', what, '--seconds', String(seconds)],
      { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] }
    );
    if (rec.status !== 0) {
      const reason = `perf record failed: ${(rec.stderr || '').trim().split('\n').slice(-2).join(' ')}`;
      write({ available: false, reason });
      process.stderr.write(`profile: ${reason}\n`);
      return;
    }
    const report = execFileSync(
      'perf',
      ['report', '-i', data, '--children', '--sort', 'symbol', '-g', 'none', '--stdio', '--percent-limit', '0.5'],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }
    );
    rmSync(data, { force: true });
    rmSync(`${data}.old`, { force: true });
    results[what] = { seconds, ...summarise(parseReport(report)) };
    const top = results[what].inclusive.slice(0, 6).map((r) => `${r.children.toFixed(0)}% ${r.symbol}`);
    process.stderr.write(`profile ${what}:\n  ${top.join('\n  ')}\n`);
  }
  write({ available: true, perf: probe.stdout.trim(), workloads: results });
}

main();
