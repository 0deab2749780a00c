#!/usr/bin/env node
// The page in a browser: the release bundle in dist/ (`trunk build --release`), served on
// loopback by tools/serve.mjs, driven by Playwright in Debian's headless Chromium. Writes
// bench/out/page.json, which report.mjs turns into sections 3 and 4 of docs/benchmarks.md.
//
//   node page.mjs [--dist ../dist] [--out out/page.json] [--case out/analyze/target-200x1000.json]
//                 [--navigations 15] [--keystrokes 30] [--rounds 5] [--quick]
//
// What it measures, from the marks and measures the page writes on its performance timeline
// (src/browser.rs, `mark`):
// 1. navigation: in a fresh browser context each time, from navigation start to the default
//    example's analysis in the DOM (`rolecall:analysis-rendered`), with DOMContentLoaded, the
//    load event, the wasm fetched, the app started (`rolecall:start`) and the first paint;
// 2. keystroke: the generated case of 200 containers × 1000 statements pasted into the four
//    editors, then one character typed at a time into the task definition: key → analysis in
//    the DOM, the engine call (`rolecall:analyze`), the share link written after it
//    (`rolecall:share-encode`), input event → next frame, and the longest gap between frames;
// 3. share links: each example of the gallery picked in the page, its fragment (`#v1:…`) read
//    from the address bar, the time to write it and, in a new page opened on that link, to
//    read it (`rolecall:share-decode`).
// Times are reported, never asserted. Any request off loopback or console error is recorded
// in the output and makes the script exit 1 once it is written.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
// Playwright is the end-to-end tests' dependency (e2e/package.json): one install serves both.
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('@playwright/test');

function parseArgs(argv) {
  const a = {
    dist: join(root, 'dist'),
    out: join(here, 'out', 'page.json'),
    caseFile: null,
    navigations: 15,
    keystrokes: 30,
    rounds: 5
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--quick') {
      Object.assign(a, { navigations: 3, keystrokes: 3, rounds: 1 });
      continue;
    }
    const v = argv[++i];
    if (k === '--dist') a.dist = resolve(v);
    else if (k === '--out') a.out = resolve(v);
    else if (k === '--case') a.caseFile = resolve(v);
    else if (k === '--navigations') a.navigations = Number(v);
    else if (k === '--keystrokes') a.keystrokes = Number(v);
    else if (k === '--rounds') a.rounds = Number(v);
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

/** Count, median, p95 (nearest rank), min and max of some milliseconds; null when none. */
function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((x, y) => x - y);
  if (v.length === 0) return null;
  const n = v.length;
  const median = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  const round = (x) => Math.round(x * 100) / 100;
  return { count: n, median: round(median), p95: round(v[Math.ceil(n * 0.95) - 1]), min: round(v[0]), max: round(v[n - 1]) };
}

/** Each key of the samples' objects, summarised by `stats`. */
const summarise = (samples, keys) => Object.fromEntries(keys.map((k) => [k, stats(samples.map((s) => s[k]))]));

/** The debounce delay of the page, as src/app.rs declares it. */
function debounceMs() {
  const source = readFileSync(join(root, 'src', 'app.rs'), 'utf8');
  const m = /const DEBOUNCE_MS: u32 = (\d+);/.exec(source);
  if (!m) throw new Error('DEBOUNCE_MS not found in src/app.rs');
  return Number(m[1]);
}

/** The generated input of the target case: bench/out/analyze/target-*.json, else generated. */
function targetCase(file) {
  if (file) return file;
  const dir = join(here, 'out', 'analyze');
  const found = existsSync(dir) && readdirSync(dir).find((f) => /^target-\d+x\d+\.json$/.test(f));
  if (found) return join(dir, found);
  // Not there: the native bench writes it (a quick run, into a scratch folder).
  const scratch = mkdtempSync(join(os.tmpdir(), 'rolecall-page-'));
  process.stderr.write('page: generating the target case with the native bench (--quick --cases target)\n');
  execFileSync('cargo', ['bench', '-q', '-p', 'rolecall-engine', '--bench', 'native', '--', '--out', scratch, '--quick', '--cases', 'target'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const made = readdirSync(join(scratch, 'analyze')).find((f) => f.startsWith('target-'));
  return join(scratch, 'analyze', made);
}

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** tools/serve.mjs on a free loopback port; resolves once it listens. */
async function serve(dist) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'tools', 'serve.mjs'), dist, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    child.on('exit', (code) => fail(new Error(`tools/serve.mjs exited (${code})`)));
    child.stdout.on('data', (d) => String(d).includes('serving') && ok());
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** Records requests off loopback and console errors of every page of a context. */
function watch(context, problems) {
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') problems.offLoopback.push(r.url());
  });
  context.on('page', (page) => {
    page.on('console', (m) => m.type() === 'error' && problems.consoleErrors.push(m.text()));
    page.on('pageerror', (e) => problems.consoleErrors.push(String(e)));
  });
}

const TIMEOUT = 180_000;

/** Waits for an analysis in the DOM after `after` (ms since navigation start). */
async function rendered(page, after = -1) {
  await page.waitForFunction((t) => performance.getEntriesByName('rolecall:analysis-rendered').some((e) => e.startTime > t), after, { timeout: TIMEOUT, polling: 20 });
}

/** Waits for a fresh page's first analysis in the DOM without running Playwright's own script in
 * it: `page.waitForFunction` first injects Playwright's utility script (tens of ms of
 * main-thread work), which runs right where the page's mark is queued (after the first frame of
 * the analysis) and delays it. A PerformanceObserver, through CDP, costs the page nothing
 * measurable. */
async function firstRendered(cdp) {
  const expression = `new Promise((ok, fail) => {
    const done = () => performance.getEntriesByName('rolecall:analysis-rendered').length > 0;
    if (done()) return ok(true);
    new PerformanceObserver((list, observer) => {
      if (done()) { observer.disconnect(); ok(true); }
    }).observe({ type: 'mark', buffered: true });
    setTimeout(() => fail(new Error('no rolecall:analysis-rendered within ${TIMEOUT} ms')), ${TIMEOUT});
  })`;
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
}

/** Two frames: what the page renders after an event is painted. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));

async function navigation(browser, base, runs, problems) {
  const samples = [];
  // One untimed run first: the browser's own first-use costs are not the page's.
  for (let i = -1; i < runs; i++) {
    const context = await browser.newContext();
    watch(context, problems);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await firstRendered(cdp);
    await frames(page);
    const s = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const first = (name) => performance.getEntriesByName(name)[0];
      const resource = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix));
      const analyze = first('rolecall:analyze');
      return {
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        wasmFetched: resource('.wasm')?.responseEnd,
        started: first('rolecall:start')?.startTime,
        analyzeStart: analyze?.startTime,
        analyze: analyze?.duration,
        rendered: first('rolecall:analysis-rendered')?.startTime,
        firstContentfulPaint: first('first-contentful-paint')?.startTime,
        actions: Number(/\((\d+)\)/.exec(document.getElementById('actions-title')?.textContent ?? '')?.[1])
      };
    });
    s.startedToRendered = s.rendered - s.started;
    if (i >= 0) samples.push(s);
    await context.close();
  }
  const keys = ['responseEnd', 'domContentLoaded', 'wasmFetched', 'started', 'load', 'analyzeStart', 'analyze', 'rendered', 'firstContentfulPaint', 'startedToRendered'];
  return { runs, actions: samples[0]?.actions ?? null, metrics: summarise(samples, keys), samples };
}

/** Types into the task definition of the pasted target case, one character at a time. */
async function keystrokes(browser, base, caseFile, count, problems) {
  const input = JSON.parse(readFileSync(caseFile, 'utf8'));
  const [, containers, statements] = /(\d+)x(\d+)\.json$/.exec(caseFile) ?? [];
  const texts = [
    ['Task definition', input.taskDefinition],
    ['Service', input.service ?? ''],
    ['Roles & policies', input.roles ?? ''],
    ['App actions', input.appActions ?? '']
  ];
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  watch(context, problems);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${base}/`);
  await rendered(page);
  await page.evaluate(() => {
    const b = (window.__bench = { key: null, input: null, inputFrame: null, frames: [], recording: false, lastInput: -1 });
    document.addEventListener('keydown', (e) => (b.key ??= e.timeStamp), true);
    document.addEventListener(
      'input',
      (e) => {
        b.lastInput = e.timeStamp;
        if (b.input != null) return;
        b.input = e.timeStamp;
        // The next frame after the edit: the task that follows it, once it is painted.
        requestAnimationFrame(() => {
          const c = new MessageChannel();
          c.port1.onmessage = () => (b.inputFrame = performance.now());
          c.port2.postMessage(null);
        });
      },
      true
    );
  });
  const reset = () => page.evaluate(() => Object.assign(window.__bench, { key: null, input: null, inputFrame: null, frames: [], recording: false }));
  // Pasted as a person pastes: each editor's whole text through the clipboard, Ctrl+V.
  const tab = (name) => page.getByRole('tab', { name });
  const editor = (name) => page.getByRole('textbox', { name, exact: true });
  const pastes = [];
  for (const [name, text] of texts) {
    await tab(name).click();
    await editor(name).evaluate((el) => {
      el.focus();
      el.select();
    });
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await reset();
    await page.keyboard.press('Control+V');
    await page.waitForFunction(() => window.__bench.inputFrame != null);
    const p = await page.evaluate(() => ({ keyToInput: window.__bench.input - window.__bench.key, inputToFrame: window.__bench.inputFrame - window.__bench.input }));
    pastes.push({ editor: name, bytes: Buffer.byteLength(text), ...p });
  }
  await tab('Task definition').click();
  const lastInput = await page.evaluate(() => window.__bench.lastInput);
  await rendered(page, lastInput);
  await frames(page);
  const loaded = await page.evaluate(() => ({
    actions: Number(/\((\d+)\)/.exec(document.getElementById('actions-title')?.textContent ?? '')?.[1]),
    errors: document.querySelectorAll('.input-errors').length,
    fragment: location.hash
  }));

  const area = editor('Task definition');
  const samples = [];
  const warmup = 2;
  for (let i = -warmup; i < count; i++) {
    // The caret inside the family name, so that every character keeps the JSON valid.
    await area.evaluate((el) => {
      const at = el.value.indexOf('"family": "') + '"family": "'.length;
      el.focus();
      el.setSelectionRange(at, at);
      const b = window.__bench;
      Object.assign(b, { key: null, input: null, inputFrame: null, frames: [], recording: true });
      const frame = () => {
        b.frames.push(performance.now());
        if (b.recording) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.keyboard.press(String.fromCharCode(97 + ((i + warmup) % 26)));
    const key = await page.evaluate(() => window.__bench.key);
    await rendered(page, key);
    await frames(page);
    const s = await page.evaluate((key) => {
      const b = window.__bench;
      b.recording = false;
      const after = (name) => performance.getEntriesByName(name).filter((e) => e.startTime > key);
      const rendered = after('rolecall:analysis-rendered')[0].startTime;
      const analyze = after('rolecall:analyze').at(-1);
      const encode = after('rolecall:share-encode').at(-1);
      const nextFrame = b.frames.find((t) => t > rendered);
      const inWindow = [key, ...b.frames.filter((t) => t > key && t <= nextFrame)];
      let longestGap = 0;
      for (let j = 1; j < inWindow.length; j++) longestGap = Math.max(longestGap, inWindow[j] - inWindow[j - 1]);
      return {
        keyToRendered: rendered - key,
        keyToAnalyze: analyze ? analyze.startTime - key : null,
        analyze: analyze?.duration,
        shareEncode: encode?.duration,
        analyzeEndToRendered: analyze ? rendered - (analyze.startTime + analyze.duration) : null,
        keyToNextFrame: nextFrame - key,
        inputToFrame: b.inputFrame != null && b.input != null ? b.inputFrame - b.input : null,
        longestFrameGap: longestGap,
        analyses: after('rolecall:analyze').length
      };
    }, key);
    if (i >= 0) samples.push(s);
    await page.waitForTimeout(100);
  }
  const debounce = debounceMs();
  for (const s of samples) s.keyToRenderedLessDebounce = s.keyToRendered - debounce;
  const keys = ['keyToRendered', 'keyToRenderedLessDebounce', 'keyToAnalyze', 'analyze', 'shareEncode', 'analyzeEndToRendered', 'keyToNextFrame', 'inputToFrame', 'longestFrameGap'];
  await context.close();
  return {
    case: caseFile.split('/').pop().replace(/\.json$/, ''),
    containers: Number(containers) || null,
    statements: Number(statements) || null,
    inputBytes: texts.reduce((n, [, t]) => n + Buffer.byteLength(t), 0),
    actions: loaded.actions,
    inputErrors: loaded.errors,
    pastes,
    fragment: loaded.fragment,
    jsonBytes: Buffer.byteLength(fragmentJson(loaded.fragment)),
    debounceMs: debounce,
    warmup,
    keystrokes: count,
    metrics: summarise(samples, keys),
    samples
  };
}

/** The JSON a fragment carries: `#v1:` + base64url(deflate(JSON)), undone. */
function fragmentJson(fragment) {
  const payload = fragment.replace(/^#?v1:/, '');
  return inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8');
}

async function shareLinks(browser, base, rounds, problems) {
  const context = await browser.newContext();
  watch(context, problems);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${base}/`);
  await rendered(page);
  const examples = await page.locator('#example option').evaluateAll((os) => os.map((o) => ({ id: o.value, title: o.textContent })));
  const byId = new Map(examples.map((e) => [e.id, { ...e, encode: [], decode: [], fragments: new Set() }]));
  const pick = async (id) => {
    const before = await page.evaluate(() => performance.now());
    await page.selectOption('#example', id);
    await rendered(page, before);
    await frames(page);
    return page.evaluate((before) => {
      const encode = performance.getEntriesByName('rolecall:share-encode').filter((e) => e.startTime > before).at(-1);
      return { fragment: location.hash, href: location.href, encode: encode?.duration, shown: document.querySelector('.link-length')?.textContent };
    }, before);
  };
  // Start away from the default example, so that picking it is a change.
  await pick(examples[1].id);
  for (let r = 0; r < rounds; r++) {
    for (const e of examples) {
      const got = await pick(e.id);
      const x = byId.get(e.id);
      x.encode.push(got.encode);
      x.fragments.add(got.fragment);
      x.urlChars = got.href.length;
      x.shown = got.shown;
    }
  }
  await context.close();
  const opened = new Map();
  for (const x of byId.values()) opened.set(x.id, await openLink(browser, base, [...x.fragments][0], rounds, problems));
  return {
    rounds,
    examples: [...byId.values()].map((x) => {
      const [fragment] = x.fragments;
      const o = opened.get(x.id);
      return {
        id: x.id,
        title: x.title,
        jsonBytes: Buffer.byteLength(fragmentJson(fragment)),
        fragmentChars: fragment.length,
        urlChars: x.urlChars,
        stable: x.fragments.size === 1,
        roundTrips: o.roundTrips,
        encode: stats(x.encode),
        decode: o.decode,
        rendered: o.rendered
      };
    })
  };
}

/** Opens a share link `runs` times, each in a fresh context: the page reads it before its first
 * render. The time to read it, and from navigation start to its analysis in the DOM. */
async function openLink(browser, base, fragment, runs, problems) {
  const decode = [];
  const shown = [];
  let roundTrips = true;
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    watch(context, problems);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const cdp = await context.newCDPSession(page);
    await page.goto(`${base}/${fragment}`);
    await firstRendered(cdp);
    await frames(page);
    const got = await page.evaluate(() => ({
      decode: performance.getEntriesByName('rolecall:share-decode')[0]?.duration,
      rendered: performance.getEntriesByName('rolecall:analysis-rendered')[0]?.startTime,
      fragment: location.hash,
      notice: document.querySelector('.notice')?.textContent ?? null
    }));
    decode.push(got.decode);
    shown.push(got.rendered);
    roundTrips &&= got.fragment === fragment && got.notice == null;
    await context.close();
  }
  return { decode: stats(decode), rendered: stats(shown), roundTrips };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.dist, 'index.html'))) throw new Error(`no ${args.dist}/index.html: run \`trunk build --release\` first`);
  const caseFile = targetCase(args.caseFile);
  const problems = { offLoopback: [], consoleErrors: [] };
  const server = await serve(args.dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const started = Date.now();
  try {
    const log = (what) => process.stderr.write(`page: ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    log(`${browser.version()}, ${server.base}`);
    const nav = await navigation(browser, server.base, args.navigations, problems);
    log(`navigation: analysis in the DOM at ${nav.metrics.rendered?.median} ms (median of ${args.navigations})`);
    const share = await shareLinks(browser, server.base, args.rounds, problems);
    log(`share links: ${share.examples.map((e) => `${e.id} ${e.fragmentChars}`).join(', ')}`);
    const keys = await keystrokes(browser, server.base, caseFile, args.keystrokes, problems);
    log(`keystroke: analysis ${keys.metrics.analyze?.median} ms, key → rendered ${keys.metrics.keyToRendered?.median} ms (medians of ${args.keystrokes})`);
    // The pasted case's own share link, opened as the examples' are.
    const { fragment, ...keystroke } = keys;
    share.target = { case: keys.case, jsonBytes: keys.jsonBytes, fragmentChars: fragment.length, ...(await openLink(browser, server.base, fragment, Math.min(args.rounds, 3), problems)) };
    log(`share link of ${keys.case}: ${fragment.length} characters, opened in ${share.target.rendered?.median} ms`);
    const out = {
      date: new Date().toISOString(),
      browser: `Chromium ${browser.version()}, headless, Playwright`,
      load: os.loadavg().map((x) => x.toFixed(2)).join(', '),
      navigation: nav,
      keystroke,
      share,
      problems
    };
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, JSON.stringify(out, null, 2) + '\n');
    log(`wrote ${args.out}`);
  } finally {
    await browser.close();
    server.stop();
  }
  if (problems.offLoopback.length || problems.consoleErrors.length) {
    process.stderr.write(`page: requests off loopback ${JSON.stringify(problems.offLoopback)}, console errors ${JSON.stringify(problems.consoleErrors)}\n`);
    process.exit(1);
  }
}

await main();
