#!/usr/bin/env node
// Latency/throughput benchmark of the reference library on a JSONL file.
//
//   node reference-bench.mjs <simulations.jsonl> [iterations=5]
//
// Every simulation in the file (same input shape as reference-simulate.mjs) is
// run `iterations` times, in file order, one pass after another. Each call to
// runSimulation (Strict mode) is timed with process.hrtime.bigint(); parsing
// and input normalisation happen once, before timing. Prints one JSON object:
//
//   {"count":…, "medianMicros":…, "throughputPerSec":…, …}
//
// count = timed calls; medianMicros = median per-call latency in microseconds;
// throughputPerSec = count / total wall time of the timed passes.
// Set BENCH_WARMUP=<passes> to run untimed warm-up passes first (default 0).

import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { normalizeSimulation } from './reference-simulate.mjs';

const SIMULATION_OPTIONS = Object.freeze({ simulationMode: 'Strict' });

function usage(message) {
  process.stderr.write(`reference-bench: ${message}\nusage: node reference-bench.mjs <file.jsonl> [iterations]\n`);
  process.exit(2);
}

function positiveInt(text, name, fallback) {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) usage(`${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return n;
}

async function runOnce(simulation) {
  try {
    const response = await runSimulation(simulation, SIMULATION_OPTIONS);
    return response.resultType !== 'error';
  } catch {
    return false;
  }
}

async function main() {
  const path = process.argv[2];
  if (!path) usage('missing JSONL file');
  const iterations = positiveInt(process.argv[3], 'iterations', 5);
  const warmup = positiveInt(process.env.BENCH_WARMUP, 'BENCH_WARMUP', 0);

  const simulations = [];
  let skippedLines = 0;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (raw.trim() === '') continue;
    try {
      simulations.push(normalizeSimulation(JSON.parse(raw)));
    } catch {
      skippedLines++;
    }
  }
  if (simulations.length === 0) usage(`no usable simulations in ${path}`);

  for (let pass = 0; pass < warmup; pass++) {
    for (const simulation of simulations) await runOnce(simulation);
  }

  const samples = new Float64Array(simulations.length * iterations);
  let errors = 0;
  let i = 0;
  const wallStart = process.hrtime.bigint();
  for (let pass = 0; pass < iterations; pass++) {
    for (const simulation of simulations) {
      const start = process.hrtime.bigint();
      const ok = await runOnce(simulation);
      const end = process.hrtime.bigint();
      samples[i++] = Number(end - start) / 1000;
      if (!ok) errors++;
    }
  }
  const wallNanos = Number(process.hrtime.bigint() - wallStart);

  const count = samples.length;
  let medianMicros = 0;
  if (count > 0) {
    const sorted = Float64Array.from(samples).sort();
    const mid = count >> 1;
    medianMicros = count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  const throughputPerSec = wallNanos > 0 ? count / (wallNanos / 1e9) : 0;

  const round = (x, digits) => Number(x.toFixed(digits));
  process.stdout.write(
    JSON.stringify({
      count,
      medianMicros: round(medianMicros, 3),
      throughputPerSec: round(throughputPerSec, 1),
      simulations: simulations.length,
      iterations,
      warmupPasses: warmup,
      errors,
      skippedLines
    }) + '\n'
  );
}

main().catch((err) => {
  process.stderr.write(`reference-bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
