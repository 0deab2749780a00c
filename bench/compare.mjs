#!/usr/bin/env node
// The Node side of `make bench`: rolecall's engine compiled to wasm next to the reference
// simulator @cloud-copilot/iam-simulate (AGPL-3.0, development-only), in one process.
//
//   node compare.mjs [--fixtures out] [--pkg pkg] [--out out/node.json] [--quick]
//
// 1. Evaluator: the simulations of <fixtures>/simulations.jsonl (written by the native bench,
//    `cargo bench -p rolecall-engine --bench native`: the set the differential test checks)
//    through the reference's `runSimulation` in Strict mode with its explanation
//    (`simulateOne` of reference-simulate.mjs: getGrantReasons / getDenialReasons) and through
//    the wasm `simulate` (JSON text in, JSON text out, always with its explanation). Both are
//    warmed up with one untimed pass, which also compares their decisions; then the timed passes
//    alternate batches between the two, so that both see the same machine state. Every call is
//    timed with process.hrtime.bigint().
// 2. Analysis: the wasm `analyze` on <fixtures>/analyze/<case>.json (a serialised `Input`).
//
// Prints a summary and writes the figures as JSON for report.mjs.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateOne } from './reference-simulate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { fixtures: join(here, 'out'), pkg: join(here, 'pkg'), out: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--fixtures' || a === '--pkg' || a === '--out') args[a.slice(2)] = resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  args.out ??= join(args.fixtures, 'node.json');
  return args;
}

/** Median, p95 (nearest rank) and mean of samples in microseconds. */
export function stats(samples) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0 };
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p95 = sorted[Math.max(1, Math.ceil(n * 0.95)) - 1];
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const r = (x) => Number(x.toFixed(3));
  return { count: n, medianMicros: r(median), p95Micros: r(p95), meanMicros: r(mean) };
}

const micros = (start) => Number(process.hrtime.bigint() - start) / 1000;

function decisionOfOurs(text) {
  const answer = JSON.parse(text);
  return answer.result ?? `error: ${answer.error}`;
}

async function evaluator(wasm, fixtures, quick) {
  const lines = readFileSync(join(fixtures, 'simulations.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const texts = quick ? lines.slice(0, 500) : lines;
  const objects = texts.map((t) => JSON.parse(t));

  // Warm-up pass of both, which is also the agreement check.
  let mismatches = 0;
  let rejectedByReference = 0;
  let rejectedByUs = 0;
  const decisions = {};
  const examples = [];
  for (let i = 0; i < texts.length; i++) {
    const theirs = await simulateOne(objects[i]);
    const ours = decisionOfOurs(wasm.simulate(texts[i]));
    if (theirs.error) {
      rejectedByReference++;
      continue;
    }
    if (ours.startsWith('error')) rejectedByUs++;
    decisions[theirs.result] = (decisions[theirs.result] ?? 0) + 1;
    if (ours !== theirs.result) {
      mismatches++;
      if (examples.length < 5) examples.push({ index: i, ours, reference: theirs.result });
    }
  }

  // Timed passes: alternate batches of BATCH simulations, the reference first in even batches
  // and rolecall first in odd ones.
  const BATCH = 100;
  const referencePasses = quick ? 1 : 2;
  const oursPasses = quick ? 2 : 10;
  const referenceSamples = [];
  const oursSamples = [];
  let referenceNanos = 0n;
  let oursNanos = 0n;
  let sink = 0;
  const runReference = async (from, to) => {
    const wall = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      const start = process.hrtime.bigint();
      const out = await simulateOne(objects[i]);
      referenceSamples.push(micros(start));
      if (out.result) sink++;
    }
    referenceNanos += process.hrtime.bigint() - wall;
  };
  const runOurs = (from, to) => {
    const wall = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      const start = process.hrtime.bigint();
      const out = wasm.simulate(texts[i]);
      oursSamples.push(micros(start));
      sink += out.length;
    }
    oursNanos += process.hrtime.bigint() - wall;
  };
  const passes = Math.max(referencePasses, oursPasses);
  for (let pass = 0; pass < passes; pass++) {
    for (let from = 0, batch = 0; from < texts.length; from += BATCH, batch++) {
      const to = Math.min(from + BATCH, texts.length);
      const reference = pass < referencePasses;
      if (batch % 2 === 0) {
        if (reference) await runReference(from, to);
        runOurs(from, to);
      } else {
        runOurs(from, to);
        if (reference) await runReference(from, to);
      }
    }
  }
  const throughput = (count, nanos) => Math.round(count / (Number(nanos) / 1e9));
  const reference = {
    ...stats(referenceSamples),
    throughputPerSec: throughput(referenceSamples.length, referenceNanos),
    passes: referencePasses
  };
  const ours = {
    ...stats(oursSamples),
    throughputPerSec: throughput(oursSamples.length, oursNanos),
    passes: oursPasses
  };
  return {
    simulations: texts.length,
    batch: BATCH,
    reference,
    wasm: ours,
    ratio: {
      throughput: Number((ours.throughputPerSec / reference.throughputPerSec).toFixed(1)),
      median: Number((reference.medianMicros / ours.medianMicros).toFixed(1))
    },
    agreement: { compared: texts.length - rejectedByReference, mismatches, rejectedByReference, rejectedByUs, decisions, examples },
    sink
  };
}

function analyses(wasm, fixtures, quick) {
  const dir = join(fixtures, 'analyze');
  const native = JSON.parse(readFileSync(join(fixtures, 'native.json'), 'utf8'));
  const order = new Map(native.analyze.map((c, i) => [c.id, i]));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => (order.get(a.slice(0, -5)) ?? 99) - (order.get(b.slice(0, -5)) ?? 99));
  const budgetMicros = (quick ? 0.3 : 2) * 1e6;
  const results = [];
  for (const file of files) {
    const id = file.slice(0, -5);
    const text = readFileSync(join(dir, file), 'utf8');
    // Warm-up: three calls, or one when a call takes over a second; then at least 5 timed calls
    // (3 over a second, 2 over five seconds).
    let start = process.hrtime.bigint();
    const output = wasm.analyze(text);
    const first = micros(start);
    const answer = JSON.parse(output);
    if (answer.status !== 'success') throw new Error(`${id}: ${output.slice(0, 500)}`);
    if (first < 1e6) for (let i = 0; i < 2; i++) wasm.analyze(text);
    const samples = [];
    let spent = 0;
    const min = first > 5e6 ? 2 : first > 1e6 ? 3 : 5;
    while (samples.length < min || (samples.length < 2000 && spent < budgetMicros)) {
      start = process.hrtime.bigint();
      wasm.analyze(text);
      const t = micros(start);
      samples.push(t);
      spent += t;
    }
    const s = stats(samples);
    process.stderr.write(`wasm analyze ${id.padEnd(22)} median ${s.medianMicros.toFixed(1).padStart(12)} µs  p95 ${s.p95Micros.toFixed(1).padStart(12)} µs\n`);
    results.push({ id, inputBytes: text.length, outputBytes: output.length, actions: answer.report.actions.length, ...s });
  }
  return results;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wasm = require(join(args.pkg, 'rolecall_wasm.js'));
  const evaluation = await evaluator(wasm, args.fixtures, args.quick);
  const { reference, wasm: ours, ratio, agreement } = evaluation;
  process.stderr.write(
    `evaluator, ${evaluation.simulations} simulations:\n` +
      `  reference  median ${reference.medianMicros} µs  p95 ${reference.p95Micros} µs  ${reference.throughputPerSec}/s\n` +
      `  wasm       median ${ours.medianMicros} µs  p95 ${ours.p95Micros} µs  ${ours.throughputPerSec}/s\n` +
      `  ratio      ${ratio.throughput}× throughput, ${ratio.median}× median\n` +
      `  agreement  ${agreement.compared} compared, ${agreement.mismatches} mismatches, ${agreement.rejectedByReference} rejected by the reference\n`
  );
  const analyze = analyses(wasm, args.fixtures, args.quick);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    JSON.stringify({ node: process.version, v8: process.versions.v8, engineVersion: wasm.version(), quick: args.quick, evaluator: evaluation, analyze }, null, 2) + '\n'
  );
  process.stderr.write(`wrote ${args.out}\n`);
}

main().catch((err) => {
  process.stderr.write(`compare: ${err?.stack ?? err}\n`);
  process.exit(1);
});
