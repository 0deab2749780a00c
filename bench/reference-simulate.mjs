#!/usr/bin/env node
// Reference oracle for rolecall's differential tests.
//
// Reads JSON Lines (one iam-simulate `Simulation` per line) from the file named
// by argv[2], or from stdin when it is absent or "-", runs each one through
// @cloud-copilot/iam-simulate in Strict mode and prints one JSON line per input
// line, in input order:
//
//   {"line":N,"result":"Allowed"|"ExplicitlyDenied"|"ImplicitlyDenied","explain":{...}}
//   {"line":N,"error":"<library message or exception>","details":{...}?}
//
// Blank (whitespace-only) lines are skipped and produce no output; `line` is
// the 1-based input line number so outputs can be paired with inputs.
//
// The library is AGPL-3.0 and used here only as a development-time oracle
// (devDependency); nothing from it is bundled or vendored into rolecall.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate';

const SIMULATION_OPTIONS = Object.freeze({ simulationMode: 'Strict' });

/**
 * The library's type is Record<string, string | string[]>. Scalars of other
 * JSON types (numbers, booleans) are stringified so that e.g. `true` means the
 * same as `"true"`; anything else is left alone for the library to judge.
 */
function normalizeContextValue(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(normalizeContextValue);
  return value;
}

/**
 * Fill in the array fields the library dereferences unconditionally so that an
 * omitted list means "none" instead of a TypeError inside the library.
 */
export function normalizeSimulation(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError('simulation must be a JSON object');
  }
  const request = input.request;
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new TypeError('simulation.request must be a JSON object');
  }
  const contextVariables = {};
  for (const [key, value] of Object.entries(request.contextVariables ?? {})) {
    contextVariables[key] = normalizeContextValue(value);
  }
  return {
    ...input,
    identityPolicies: input.identityPolicies ?? [],
    serviceControlPolicies: input.serviceControlPolicies ?? [],
    resourceControlPolicies: input.resourceControlPolicies ?? [],
    request: { ...request, contextVariables }
  };
}

function explainAnalysis(analysis) {
  const explain = { sameAccount: analysis.sameAccount };
  if (analysis.blockedBy?.length) explain.blockedBy = analysis.blockedBy;
  try {
    if (analysis.result === 'Allowed') {
      explain.grants = getGrantReasons(analysis);
    } else {
      explain.denials = getDenialReasons(analysis);
    }
  } catch (err) {
    explain.explainError = String(err?.message ?? err);
  }
  return explain;
}

/** Run one parsed simulation and return the output object (without `line`). */
export async function simulateOne(input) {
  let response;
  try {
    response = await runSimulation(normalizeSimulation(input), SIMULATION_OPTIONS);
  } catch (err) {
    return { error: `exception: ${err?.message ?? String(err)}` };
  }
  if (response.resultType === 'error') {
    const { message, ...details } = response.errors;
    const out = { error: message };
    if (Object.keys(details).length > 0) out.details = details;
    return out;
  }
  if (response.resultType === 'single') {
    const explain = explainAnalysis(response.result.analysis);
    explain.resultType = 'single';
    if (response.result.resourceType) explain.resourceType = response.result.resourceType;
    if (response.result.ignoredContextKeys?.length) {
      explain.ignoredContextKeys = response.result.ignoredContextKeys;
    }
    return { result: response.overallResult, explain };
  }
  // 'wildcard': the request resource contained '*', several patterns may have been simulated.
  return {
    result: response.overallResult,
    explain: {
      resultType: 'wildcard',
      patterns: response.results.map((r) => ({
        resourcePattern: r.resourcePattern,
        resourceType: r.resourceType,
        result: r.analysis.result,
        ...explainAnalysis(r.analysis)
      }))
    }
  };
}

async function main() {
  const path = process.argv[2];
  const input = !path || path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });

  let buffer = '';
  const flush = () => {
    if (buffer.length > 0) {
      process.stdout.write(buffer);
      buffer = '';
    }
  };

  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    let out;
    try {
      out = await simulateOne(JSON.parse(raw));
    } catch (err) {
      out = { error: `invalid JSON: ${err?.message ?? String(err)}` };
    }
    buffer += JSON.stringify({ line: lineNumber, ...out }) + '\n';
    if (buffer.length > 1 << 16) flush();
  }
  flush();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`reference-simulate: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
