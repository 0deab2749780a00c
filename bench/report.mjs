#!/usr/bin/env node
// Writes docs/benchmarks.md and docs/benchmarks-scaling.svg from the figures of one `make bench`
// run: out/native.json (benches/native.rs), out/node.json (compare.mjs), out/profile.json
// (profile.mjs, optional), the criterion estimates (optional), the bundle in dist/ (optional),
// the page in a browser, out/page.json (page.mjs, optional), and the notes kept by hand in
// notes.md.
//
//   node report.mjs [--out-dir out] [--criterion out/criterion] [--docs ../docs] [--dist ../dist]
//                   [--wasm-opt "-Oz"] [--started <epoch seconds>] [--pkg pkg] [--commit <text>]
//                   [--page out/page.json]

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './bundle-size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const TARGETS = {
  ratio: 1000, // × the reference's throughput, explanations on
  typicalMicros: 1000, // typical analysis in wasm
  targetMicros: 16000, // 200 containers with 1000 statements
  bundleBytes: 350000, // every file of dist/, gzip -9
  firstAnalysisMillis: 300, // navigation start → the default example's analysis in the DOM
  keystrokeMillis: 16, // the engine call after a keystroke, 200 containers × 1000 statements
  responseMillis: 100 // input event → next frame: typing feels immediate (RAIL's response budget)
};

function parseArgs(argv) {
  const a = {
    outDir: join(here, 'out'),
    criterion: null,
    docs: join(root, 'docs'),
    dist: join(root, 'dist'),
    wasmOpt: '',
    started: null,
    pkg: join(here, 'pkg'),
    commit: null,
    page: null
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (k === '--out-dir') a.outDir = resolve(v);
    else if (k === '--criterion') a.criterion = resolve(v);
    else if (k === '--docs') a.docs = resolve(v);
    else if (k === '--dist') a.dist = resolve(v);
    else if (k === '--wasm-opt') a.wasmOpt = v;
    else if (k === '--started') a.started = Number(v);
    else if (k === '--pkg') a.pkg = resolve(v);
    else if (k === '--commit') a.commit = v;
    else if (k === '--page') a.page = resolve(v);
    else throw new Error(`unknown argument ${k}`);
  }
  a.criterion ??= join(a.outDir, 'criterion');
  a.page ??= join(a.outDir, 'page.json');
  return a;
}

const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function machine(commitOverride) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1] ?? os.type();
  const commit = run('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']);
  return {
    cpus: run('nproc', []) ?? String(os.cpus().length),
    model,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${pretty}, Linux ${os.release()} (${os.arch()})`,
    node: process.version,
    rustc: run('rustc', ['--version']) ?? 'unknown',
    wasmBindgen: run('wasm-bindgen', ['--version']) ?? 'unknown',
    wasmOpt: run('wasm-opt', ['--version']) ?? 'unknown',
    commit: commitOverride ?? (commit ? `${commit}${dirty ? ' with local changes' : ''}` : 'unknown'),
    load: os.loadavg().map((x) => x.toFixed(2)).join(', ')
  };
}

/** The settings of `[profile.release]` in the workspace's Cargo.toml, as `key = value` pairs. */
function releaseProfile() {
  const text = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const section = /^\[profile\.release\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const pairs = section
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => /^[\w-]+\s*=/.test(l))
    .map((l) => `\`${l.replace(/\s*=\s*/, ' = ')}\``);
  return pairs.length ? pairs.join(', ') : 'defaults';
}

/** Criterion's median of one benchmark in microseconds per iteration, or null. */
function criterionMedian(dir, id) {
  const est = readJson(join(dir, ...id.split('/'), 'new', 'estimates.json'));
  return est ? est.median.point_estimate / 1000 : null;
}

// Formatting.
const ms = (micros) => (micros == null ? '–' : micros >= 100_000 ? (micros / 1000).toFixed(0) : micros >= 10_000 ? (micros / 1000).toFixed(1) : (micros / 1000).toFixed(2));
const us = (micros) => (micros == null ? '–' : micros >= 100 ? micros.toFixed(0) : micros.toFixed(1));
const int = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const kb = (bytes) => (bytes / 1000).toFixed(bytes >= 100_000 ? 0 : 1);
const times = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const verdict = (ok) => (ok ? '**met**' : '**missed**');
/** Milliseconds measured in the browser (already in ms; performance.now() steps by 0.1 ms). */
const msb = (millis) => (millis == null ? '–' : millis >= 100 ? millis.toFixed(0) : millis.toFixed(1));
/** A Markdown table; columns whose cells are all figures are aligned right. */
function table(header, rows) {
  const figure = /^\**[\d.,–×%-]+( ?[×%])?\**$/;
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => figure.test(String(r[i]))));
  return [
    `| ${header.join(' | ')} |`,
    `| ${right.map((r) => (r ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n');
}

/** A log–log line plot of analysis time against input size, hand-written SVG. */
function svgPlot(cases) {
  const W = 760;
  const H = 440;
  const m = { l: 70, r: 150, t: 40, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs = cases.map((c) => c.inputBytes / 1000);
  const ys = cases.flatMap((c) => [c.native, c.wasm].filter((v) => v != null).map((v) => v / 1000)).concat([1, 16]);
  // Half a decade of room around the data; ticks at 1, 2 and 5 × 10ⁿ.
  const lx0 = Math.log10(Math.min(...xs)) - 0.25;
  const lx1 = Math.log10(Math.max(...xs)) + 0.25;
  const ly0 = Math.floor(Math.log10(Math.min(...ys)) - 0.3);
  const ly1 = Math.ceil(Math.log10(Math.max(...ys)) + 0.1);
  const X = (kbytes) => m.l + ((Math.log10(kbytes) - lx0) / (lx1 - lx0 || 1)) * pw;
  const Y = (millis) => m.t + ph - ((Math.log10(millis) - ly0) / (ly1 - ly0 || 1)) * ph;
  const label = (v) => (v >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(1))));
  const ticks = (lo, hi) => {
    const t = [];
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) for (const k of [1, 2, 5]) if (Math.log10(k * 10 ** e) >= lo && Math.log10(k * 10 ** e) <= hi) t.push(k * 10 ** e);
    return t;
  };
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="22" font-size="15" font-weight="600">analyze: median time against input size (log–log)</text>`);
  for (const v of ticks(ly0, ly1)) {
    const y = Y(v).toFixed(1);
    const major = Number.isInteger(Math.log10(v));
    out.push(`<line x1="${m.l}" y1="${y}" x2="${m.l + pw}" y2="${y}" stroke="${major ? '#ddd' : '#f2f2f2'}"/>`);
    if (major) out.push(`<text x="${m.l - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#555">${label(v)}</text>`);
  }
  for (const v of ticks(lx0, lx1)) {
    const x = X(v).toFixed(1);
    out.push(`<line x1="${x}" y1="${m.t}" x2="${x}" y2="${m.t + ph}" stroke="${Number.isInteger(Math.log10(v)) ? '#ddd' : '#f2f2f2'}"/>`);
    out.push(`<text x="${x}" y="${m.t + ph + 18}" text-anchor="middle" fill="#555">${label(v)}</text>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 18}" text-anchor="middle">input size (KB of JSON: task definition, service, roles, app actions)</text>`);
  out.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">milliseconds per analysis (median)</text>`);
  const series = [
    { key: 'native', name: 'native', color: '#1f77b4', dash: '' },
    { key: 'wasm', name: 'wasm (Node)', color: '#d62728', dash: ' stroke-dasharray="6 4"' }
  ];
  series.forEach((s, i) => {
    const pts = cases.filter((c) => c[s.key] != null).map((c) => [X(c.inputBytes / 1000), Y(c[s.key] / 1000)]);
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash} points="${pts.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    const ly = m.t + 12 + i * 20;
    out.push(`<line x1="${m.l + pw + 14}" y1="${ly}" x2="${m.l + pw + 40}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash}/>`);
    out.push(`<text x="${m.l + pw + 46}" y="${ly}" dominant-baseline="middle">${s.name}</text>`);
  });
  // The targets: typical ≤ 1 ms, 200 containers × 1000 statements ≤ 16 ms.
  const ly = m.t + 52;
  out.push(`<path d="M${m.l + pw + 22} ${ly - 6} l6 6 l-6 6 l-6 -6 z" fill="#2ca02c"/>`);
  out.push(`<text x="${m.l + pw + 46}" y="${ly}" dominant-baseline="middle">target</text>`);
  for (const c of cases) {
    const t = c.name === 'typical' ? 1 : c.name === 'target' ? 16 : null;
    if (t == null) continue;
    const x = X(c.inputBytes / 1000);
    const y = Y(t);
    out.push(`<path d="M${x.toFixed(1)} ${(y - 6).toFixed(1)} l6 6 l-6 6 l-6 -6 z" fill="#2ca02c"/>`);
    out.push(`<text x="${(x + 9).toFixed(1)}" y="${(y + 4).toFixed(1)}" fill="#2ca02c">${t} ms</text>`);
  }
  // Each case's size (containers × statements) under its native point.
  cases.forEach((c) => {
    const x = X(c.inputBytes / 1000);
    const y = Y(c.native / 1000);
    out.push(`<text x="${(x + 6).toFixed(1)}" y="${(y + 16).toFixed(1)}" fill="#555" font-size="11">${c.containers}×${c.statements}</text>`);
  });
  out.push(`<text x="${m.l + pw + 14}" y="${m.t + 84}" fill="#555" font-size="11">labels: containers ×</text>`);
  out.push(`<text x="${m.l + pw + 14}" y="${m.t + 98}" fill="#555" font-size="11">policy statements</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Sections 3 (the page: bundle, navigation, keystrokes) and 4 (share links). */
function pageSections(md, { page, bundle, dist }) {
  md.push('## 3. Page');
  md.push('');
  if (page) {
    md.push(
      `\`node bench/page.mjs\` opens the release bundle (\`trunk build --release\` into \`dist/\`) in ${page.browser} with the flags of the end-to-end tests, served on loopback by \`tools/serve.mjs\` (no compression, \`no-cache\`). ` +
        'The page writes its own milestones on the performance timeline (`src/browser.rs`, `mark`): `rolecall:start` when the wasm is instantiated and the app starts, the measure `rolecall:analyze` around each engine call, `rolecall:share-encode` and `rolecall:share-decode` around each share link written and read, ' +
        'and `rolecall:analysis-rendered` from the results component’s effect, which Yew runs once the analysis is in the DOM. The script reads them with the Navigation and Resource Timing entries, all relative to the navigation start. ' +
        `Chromium steps \`performance.now()\` by 0.1 ms here (the page is not cross-origin isolated). No request left loopback and the console logged no error: ${page.problems.offLoopback.length + page.problems.consoleErrors.length === 0 ? 'checked in every run' : `**not so in this run**: ${[...page.problems.offLoopback, ...page.problems.consoleErrors].join('; ')}`}.`
    );
    md.push('');
  } else {
    md.push('Not measured in this run: `trunk build --release`, then `node bench/page.mjs`, writes `bench/out/page.json`.');
    md.push('');
  }
  md.push(`**The bundle** in \`dist/\`${bundle ? ` (built ${statSync(dist).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC; \`make build\` rebuilds it):` : ': not built in this run.'}`);
  md.push('');
  if (bundle) {
    md.push(table(['File', 'Bytes', `${bundle.compressor}`], [...bundle.rows.map((r) => [`\`${r.file}\``, int(r.bytes), int(r.gzipBytes)]), ['**total**', `**${int(bundle.total.bytes)}**`, `**${int(bundle.total.gzipBytes)}**`]]));
    md.push('');
    md.push(`Budget: ${int(TARGETS.bundleBytes)} bytes gzipped (350 KB), checked by \`make bench-check\` (the last step of \`make test\`): ${((100 * bundle.total.gzipBytes) / TARGETS.bundleBytes).toFixed(1)} % used.`);
    md.push('');
  }
  const row = (label, st) => [label, msb(st?.median), msb(st?.p95), msb(st?.min), msb(st?.max)];
  if (page?.navigation) {
    const nav = page.navigation;
    const m = nav.metrics;
    md.push('### 3.1 Navigation to the first analysis');
    md.push('');
    md.push(
      `${nav.runs} navigations to the page without a share link, so to the default example (${nav.actions ?? '–'} action lines), each in a fresh browser context: an empty cache, so the wasm is fetched and compiled every time; one untimed navigation first. ` +
        'Each time runs from the navigation start until the analysis is in the DOM and two frames have passed. The engine call is the default example’s analysis, made while the app builds its first state. ' +
        'The page has nothing to show before the app renders, so its first contentful paint is the analysis painted.'
    );
    md.push('');
    md.push(
      table(
        ['Milestone, ms after navigation start', 'Median', 'p95', 'Min', 'Max'],
        [
          row('`index.html` received (`responseEnd`)', m.responseEnd),
          row('wasm fetched', m.wasmFetched),
          row('DOMContentLoaded (end)', m.domContentLoaded),
          row('`load` event (end)', m.load),
          row('wasm instantiated, app starts (`rolecall:start`)', m.started),
          row('engine call starts', m.analyzeStart),
          row('engine call, duration (`rolecall:analyze`)', m.analyze),
          row('**analysis in the DOM** (`rolecall:analysis-rendered`)', m.rendered),
          row('first contentful paint', m.firstContentfulPaint),
          row('app start → analysis in the DOM, duration', m.startedToRendered)
        ]
      )
    );
    md.push('');
    md.push(`Target: the analysis in the DOM within ${TARGETS.firstAnalysisMillis} ms of the navigation start: ${verdict(m.rendered && m.rendered.median <= TARGETS.firstAnalysisMillis)} (median ${msb(m.rendered?.median)} ms, p95 ${msb(m.rendered?.p95)} ms).`);
    md.push('');
  }
  if (page?.keystroke) {
    const k = page.keystroke;
    const m = k.metrics;
    md.push('### 3.2 Keystroke to re-rendered analysis');
    md.push('');
    md.push(
      `The generated \`${k.case}\` case of section 2 (${k.containers} containers, ${k.statements} statements, ${kb(k.inputBytes)} KB of text; ${k.actions} action lines, ${k.inputErrors ? `**${k.inputErrors} input errors**` : 'no input error'}) is pasted into the four editors through the clipboard (Ctrl+V), as a person pastes. ` +
        `Then ${k.keystrokes} characters are typed into the task definition, one at a time, inside the family name so that it stays valid (${k.warmup} untimed first), each once the previous analysis is shown. ` +
        `The page analyses once typing has paused for ${k.debounceMs} ms (\`DEBOUNCE_MS\` in \`src/app.rs\`): every figure from the key includes that wait except the one said to exclude it. ` +
        'A key’s time starts at its `keydown` event (`event.timeStamp`); the frames are those of a `requestAnimationFrame` loop running meanwhile; the next frame after the input event is timed by a message posted from its animation frame, so after it is painted.'
    );
    md.push('');
    md.push(
      table(
        ['Per keystroke, ms', 'Median', 'p95', 'Min', 'Max'],
        [
          row('key → analysis in the DOM', m.keyToRendered),
          row(`key → analysis in the DOM, less the ${k.debounceMs} ms debounce`, m.keyToRenderedLessDebounce),
          row(`key → engine call starts (the edit’s own render, then the debounce)`, m.keyToAnalyze),
          row('**engine call** (`rolecall:analyze`)', m.analyze),
          row('share link written after it (`rolecall:share-encode`)', m.shareEncode),
          row('engine call ends → analysis in the DOM (share link and render)', m.analyzeEndToRendered),
          row('key → next frame after the analysis', m.keyToNextFrame),
          row('input event → next frame (the edit shown)', m.inputToFrame),
          row('longest time between two frames, key to analysis shown', m.longestFrameGap)
        ]
      )
    );
    md.push('');
    const responsive = m.inputToFrame && m.inputToFrame.median <= TARGETS.responseMillis;
    md.push(
      `Target: at most ${TARGETS.keystrokeMillis} ms of analysis per keystroke: ${verdict(m.analyze && m.analyze.median <= TARGETS.keystrokeMillis)} (median ${msb(m.analyze?.median)} ms, p95 ${msb(m.analyze?.p95)} ms). ` +
        `Typing ${responsive ? 'stayed' : '**did not stay**'} responsive by the measure of ${TARGETS.responseMillis} ms from the input event to the next frame: median ${msb(m.inputToFrame?.median)} ms, p95 ${msb(m.inputToFrame?.p95)} ms; ` +
        `the page could not paint for up to ${msb(m.longestFrameGap?.median)} ms (median of the longest gaps) between a key and its analysis.`
    );
    md.push('');
    if (k.pastes?.length) {
      md.push('The pastes that loaded the case, one editor after another: the browser’s own paste (Ctrl+V to the `input` event) and the page’s render of the new text (to the next frame).');
      md.push('');
      md.push(table(['Editor', 'Bytes', 'Ctrl+V → input event ms', 'input event → next frame ms'], k.pastes.map((p) => [p.editor, int(p.bytes), msb(p.keyToInput), msb(p.inputToFrame)])));
      md.push('');
    }
  }

  md.push('## 4. Share links');
  md.push('');
  if (!page?.share) {
    md.push('Not measured in this run: `node bench/page.mjs` writes them into `bench/out/page.json`.');
    md.push('');
    return;
  }
  const sh = page.share;
  md.push(
    'A share link carries the whole state in its fragment: `#v1:` and base64url of the raw DEFLATE of the JSON of the four editors’ texts, the tab and the view (`src/share.rs`), deflated by the browser’s `CompressionStream`, asynchronously, after each analysis. ' +
      `Each example of the gallery is picked in the page (${plural(sh.rounds, 'round')} through the gallery); its link is read from the address bar once the page has written it after the analysis, and the time to write it is the measure \`rolecall:share-encode\`. ` +
      `The link is then opened ${plural(sh.rounds, 'time')}, each in a fresh browser context: the time to read it is \`rolecall:share-decode\`, made before the first render with the wasm just compiled; the last column runs from the navigation start to its analysis in the DOM. ` +
      'A link round-trips when the opened page shows no notice and writes back the same fragment. ' +
      `The fragment is what a link adds to the page’s address (here \`http://127.0.0.1:<port>/\`, ${sh.examples[0] ? sh.examples[0].urlChars - sh.examples[0].fragmentChars : '–'} characters; the published address adds its own). The page reads fragments of at most 65,536 characters.`
  );
  md.push('');
  const rows = sh.examples.map((e) => [
    `\`${e.id}\``,
    int(e.jsonBytes),
    int(e.fragmentChars),
    times(e.jsonBytes / e.fragmentChars),
    msb(e.encode?.median),
    msb(e.decode?.median),
    msb(e.rendered?.median),
    e.roundTrips && e.stable ? 'yes' : '**no**'
  ]);
  if (sh.target) {
    const t = sh.target;
    rows.push([`generated \`${t.case}\` (section 3.2)`, int(t.jsonBytes), int(t.fragmentChars), times(t.jsonBytes / t.fragmentChars), msb(page.keystroke?.metrics?.shareEncode?.median), msb(t.decode?.median), msb(t.rendered?.median), t.roundTrips ? 'yes' : '**no**']);
  }
  md.push(table(['Example', 'JSON bytes', 'Fragment characters', 'JSON ÷ fragment', 'Write ms (median)', 'Read ms (median)', 'Open → analysis in the DOM ms (median)', 'Round-trips'], rows));
  md.push('');
  if (sh.target) {
    md.push(`The generated case’s link uses ${((100 * sh.target.fragmentChars) / 65536).toFixed(0)} % of the 65,536 characters the page reads; its write time is the median of the keystrokes of section 3.2${sh.target.decode ? `, its read and open times the medians of ${plural(sh.target.decode.count, 'opening')}` : ''}.`);
    md.push('');
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const native = readJson(join(args.outDir, 'native.json'));
  const node = readJson(join(args.outDir, 'node.json'));
  if (!native || !node) throw new Error(`run the native bench and compare.mjs first (${args.outDir})`);
  const profile = readJson(join(args.outDir, 'profile.json'));
  const notesPath = join(here, 'notes.md');
  const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8').trim() : null;
  const mach = machine(args.commit);
  const loadFile = join(args.outDir, 'loadavg-start');
  const loadStart = existsSync(loadFile) ? readFileSync(loadFile, 'utf8').trim().split(/\s+/).slice(0, 3).join(', ') : null;
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const wasmFile = join(args.pkg, 'rolecall_wasm_bg.wasm');
  const wasmBytes = existsSync(wasmFile) ? statSync(wasmFile).size : null;

  const ev = node.evaluator;
  const ref = ev.reference;
  const wasm = ev.wasm;
  const nat = native.simulate;
  const critEval = criterionMedian(args.criterion, 'simulate/evaluate');
  const critJson = criterionMedian(args.criterion, 'simulate/json');
  const perSim = (x) => (x == null ? null : x / nat.simulations);

  const wasmById = new Map(node.analyze.map((c) => [c.id, c]));
  const cases = native.analyze.map((c) => {
    const w = wasmById.get(c.id);
    return {
      id: c.id,
      name: c.name,
      containers: c.containers,
      statements: c.statements,
      inputBytes: c.inputBytes,
      outputBytes: c.outputBytes,
      actions: c.actions,
      findings: c.findings,
      native: c.analyze.medianMicros,
      nativeP95: c.analyze.p95Micros,
      nativeCount: c.analyze.count,
      boundary: c.json.medianMicros,
      wasm: w?.medianMicros ?? null,
      wasmP95: w?.p95Micros ?? null,
      wasmCount: w?.count ?? null,
      criterion: criterionMedian(args.criterion, `analyze/${c.id}`)
    };
  });
  const byName = (n) => cases.find((c) => c.name === n);
  const typical = byName('typical');
  const target = byName('target');
  const bundle = existsSync(args.dist) ? measure(args.dist) : null;
  const page = readJson(args.page);
  const firstAnalysis = page?.navigation?.metrics?.rendered ?? null;
  const keystroke = page?.keystroke ?? null;
  const keyAnalyze = keystroke?.metrics?.analyze ?? null;
  const elapsed = args.started ? Math.round(Date.now() / 1000 - args.started) : null;

  const md = [];
  md.push('# Benchmarks');
  md.push('');
  md.push(`Written by \`make bench\` on ${date}; do not edit by hand (the notes come from \`bench/notes.md\`). ` + 'Time figures are reported here and never asserted by the tests; only the bundle size is checked, by `make bench-check`.');
  md.push('');
  md.push('## Targets');
  md.push('');
  md.push(
    table(
      ['Target', 'Measured', 'Verdict'],
      [
        [`Evaluator: ≥ ${TARGETS.ratio}× the throughput of \`@cloud-copilot/iam-simulate\`, explanations on (wasm, same Node process)`, `${times(ev.ratio.throughput)}×`, verdict(ev.ratio.throughput >= TARGETS.ratio)],
        [`Typical analysis (${typical?.containers} containers, ${typical?.statements} statements) ≤ 1 ms in wasm`, typical?.wasm != null ? `${ms(typical.wasm)} ms` : '–', verdict(typical?.wasm != null && typical.wasm <= TARGETS.typicalMicros)],
        [`${target?.containers} containers with ${target?.statements} statements ≤ 16 ms (wasm)`, target?.wasm != null ? `${ms(target.wasm)} ms (native ${ms(target.native)} ms)` : '–', verdict(target?.wasm != null && target.wasm <= TARGETS.targetMicros)],
        ['Bundle: every file of `dist/`, gzip -9, ≤ 350 KB', bundle ? `${kb(bundle.total.gzipBytes)} KB` : 'no `dist/`', bundle ? verdict(bundle.total.gzipBytes <= TARGETS.bundleBytes) : '–'],
        [
          `First analysis ≤ ${TARGETS.firstAnalysisMillis} ms after navigation (default example, [the page](#31-navigation-to-the-first-analysis))`,
          firstAnalysis ? `${msb(firstAnalysis.median)} ms (p95 ${msb(firstAnalysis.p95)} ms)` : 'not measured',
          firstAnalysis ? verdict(firstAnalysis.median <= TARGETS.firstAnalysisMillis) : '–'
        ],
        [
          `Keystroke on ${keystroke?.containers ?? 200} containers ≤ ${TARGETS.keystrokeMillis} ms of analysis (in the page, [keystrokes](#32-keystroke-to-re-rendered-analysis))`,
          keyAnalyze ? `${msb(keyAnalyze.median)} ms (p95 ${msb(keyAnalyze.p95)} ms); key → analysis shown ${msb(keystroke.metrics.keyToRendered?.median)} ms` : 'not measured',
          keyAnalyze ? verdict(keyAnalyze.median <= TARGETS.keystrokeMillis) : '–'
        ]
      ]
    )
  );
  md.push('');
  const missed = [];
  if (ev.ratio.throughput < TARGETS.ratio) missed.push(`the evaluator is ${times(ev.ratio.throughput)}× the reference, ${times(TARGETS.ratio / ev.ratio.throughput)}× short of ${TARGETS.ratio}×`);
  if (typical?.wasm > TARGETS.typicalMicros) missed.push(`the typical analysis takes ${ms(typical.wasm)} ms in wasm, ${times(typical.wasm / TARGETS.typicalMicros)}× the 1 ms target`);
  if (target?.wasm > TARGETS.targetMicros) missed.push(`${target.containers} containers with ${target.statements} statements take ${ms(target.wasm)} ms in wasm, ${times(target.wasm / TARGETS.targetMicros)}× the 16 ms target`);
  if (bundle && bundle.total.gzipBytes > TARGETS.bundleBytes) missed.push(`the bundle is ${int(bundle.total.gzipBytes)} bytes gzipped, over the budget of ${int(TARGETS.bundleBytes)}: \`make bench-check\`, and so \`make test\`, fails`);
  if (firstAnalysis && firstAnalysis.median > TARGETS.firstAnalysisMillis) missed.push(`the page shows its first analysis ${msb(firstAnalysis.median)} ms after navigation, ${times(firstAnalysis.median / TARGETS.firstAnalysisMillis)}× the ${TARGETS.firstAnalysisMillis} ms target`);
  if (keyAnalyze && keyAnalyze.median > TARGETS.keystrokeMillis) missed.push(`a keystroke on ${keystroke.containers} containers costs ${msb(keyAnalyze.median)} ms of analysis in the page, ${times(keyAnalyze.median / TARGETS.keystrokeMillis)}× the ${TARGETS.keystrokeMillis} ms target (${msb(keystroke.metrics.keyToRendered?.median)} ms from the key to the analysis shown)`);
  if (missed.length) {
    md.push(`**Missed in this run:** ${missed.join('; ')}. See [what dominates](#what-dominates) for where the time goes.`);
    md.push('');
  }

  md.push('## Machine');
  md.push('');
  md.push(
    table(
      ['', ''],
      [
        ['Date', date],
        ['CPUs (`nproc`)', mach.cpus],
        ['CPU', mach.model],
        ['Memory', mach.memory],
        ['OS', mach.os],
        ['Node', `${mach.node} (V8 ${node.v8})`],
        ['Rust', mach.rustc],
        ['wasm tools', `${mach.wasmBindgen}, ${mach.wasmOpt}`],
        ['Browser (sections 3 and 4)', page ? `${page.browser}; load average ${page.load} when it finished` : 'not run'],
        ['Commit', mach.commit],
        ['Load average (1, 5, 15 min)', `${loadStart ? `${loadStart} at the start, ` : ''}${mach.load} at the end: above 0, other processes shared the ${mach.cpus} CPUs with the benchmark`],
        ['Build', `the workspace's release profile, as the CLI and the page ship it (${releaseProfile()}); wasm: \`wasm32-unknown-unknown\`, \`wasm-bindgen --target nodejs\`${args.wasmOpt ? `, \`wasm-opt ${args.wasmOpt}\`` : ''}${wasmBytes ? ` (${kb(wasmBytes)} KB)` : ''}`],
        ['`make bench` took', elapsed != null ? `${Math.floor(elapsed / 60)} min ${elapsed % 60} s, builds included` : '–']
      ]
    )
  );
  md.push('');

  md.push('## 1. Evaluator against the reference simulator');
  md.push('');
  md.push(
    `The ${int(ev.simulations)} simulations of the differential test (\`crates/engine/tests/differential.rs\`: identity, resource, boundary and SCP policies, ` +
      '`NotAction`/`NotResource`, conditions on global keys, same- and cross-account requests; generated from a fixed seed) ' +
      'go through `@cloud-copilot/iam-simulate` (`runSimulation` in Strict mode, then `getGrantReasons` or `getDenialReasons` for its explanation, as `bench/reference-simulate.mjs` does) ' +
      'and through rolecall compiled to wasm (`simulate`: JSON text in, JSON text out with the explanation of every statement), ' +
      `in one Node process, alternating batches of ${ev.batch}, after one untimed pass of each. ` +
      'The reference is given parsed objects; rolecall parses the JSON text inside the timed call. Every call is timed on its own; throughput is calls over the time spent in them.'
  );
  md.push('');
  md.push(
    table(
      ['Engine', 'Median µs', 'p95 µs', 'Throughput /s', '× reference', 'Calls timed'],
      [
        ['`@cloud-copilot/iam-simulate` (Node)', us(ref.medianMicros), us(ref.p95Micros), int(ref.throughputPerSec), '1', int(ref.count)],
        ['rolecall, wasm (Node)', us(wasm.medianMicros), us(wasm.p95Micros), int(wasm.throughputPerSec), times(ev.ratio.throughput), int(wasm.count)],
        ['rolecall, native', us(nat.medianMicros), us(nat.p95Micros), int(nat.throughputPerSec), times(nat.throughputPerSec / ref.throughputPerSec), int(nat.count)]
      ]
    )
  );
  md.push('');
  md.push(`Ratio of medians: the reference's is ${times(ev.ratio.median)}× rolecall's in wasm. Agreement: ${int(ev.agreement.compared)} simulations compared, **${ev.agreement.mismatches} different decisions**, ${ev.agreement.rejectedByReference} rejected by the reference (${Object.entries(ev.agreement.decisions).map(([k, v]) => `${v} ${k}`).join(', ')}).`);
  if (critEval != null) {
    md.push('');
    md.push(`Criterion (native, whole set per iteration): ${us(perSim(critEval))} µs per simulation for the evaluation alone (\`simulate_text\`), ${us(perSim(critJson))} µs with the JSON answer written (\`simulate/json\`).`);
  }
  md.push('');

  md.push('## 2. Whole analysis');
  md.push('');
  md.push(
    '`analyze` on generated inputs (`crates/engine/benches/common/inputs.rs`, seeded): a Fargate task definition whose containers use private and cross-account ECR images, ' +
      'awslogs, Secrets Manager and Parameter Store secrets, S3 environment files, EFS with IAM and FireLens; a service with ECS Exec and a load balancer; ' +
      'one app action per container; and a roles document with the given number of statements spread over both roles’ inline policies (10 per policy), ' +
      'a customer managed policy and resource policies, next to the AWS managed execution role policy. ' +
      'Native: `analyze(&Input)`. Wasm: `analyze(json)`, the serialised `Input` in and the serialised `Answer` out, from Node. Each call timed on its own, for about 2 s per case after warm-up calls (at least 5 timed calls; 3 when one takes over a second, 2 over five seconds: there the p95 is the slower of few calls).'
  );
  md.push('');
  md.push(
    table(
      ['Case', 'Containers', 'Statements', 'Input KB', 'Action lines', 'Native median ms', 'Native p95 ms', 'Wasm median ms', 'Wasm p95 ms', 'Wasm ÷ native', 'Calls native / wasm', 'Criterion ms'],
      cases.map((c) => [
        c.name,
        c.containers,
        c.statements,
        kb(c.inputBytes),
        c.actions,
        ms(c.native),
        ms(c.nativeP95),
        ms(c.wasm),
        ms(c.wasmP95),
        c.wasm != null ? times(c.wasm / c.native) : '–',
        `${c.nativeCount} / ${c.wasmCount ?? '–'}`,
        ms(c.criterion)
      ])
    )
  );
  md.push('');
  md.push('How the time grows from one case to the next (the exponent k in time ∝ sizeᵏ, size being the input’s bytes; 1 is linear, 2 quadratic):');
  md.push('');
  const growth = [];
  for (let i = 1; i < cases.length; i++) {
    const a = cases[i - 1];
    const b = cases[i];
    const sizeRatio = b.inputBytes / a.inputBytes;
    const row = [`${a.name} → ${b.name}`, `${times(sizeRatio)}×`, `${times((b.containers * b.statements) / (a.containers * a.statements))}×`];
    for (const k of ['native', 'wasm']) {
      if (a[k] == null || b[k] == null) {
        row.push('–', '–');
        continue;
      }
      const r = b[k] / a[k];
      row.push(`${times(r)}×`, (Math.log(r) / Math.log(sizeRatio)).toFixed(2));
    }
    growth.push(row);
  }
  md.push(table(['Step', 'Input bytes', 'Containers × statements', 'Native time', 'Native k', 'Wasm time', 'Wasm k'], growth));
  md.push('');
  md.push('![analyze time against input size, native and wasm](benchmarks-scaling.svg)');
  md.push('');
  md.push(`The JSON boundary the wasm build adds (reading the \`Input\`, writing the \`Answer\`), timed natively: ${cases.map((c) => `${c.name} ${ms(c.boundary)} ms`).join(', ')}.`);
  md.push('');

  md.push('## What dominates');
  md.push('');
  if (profile?.available) {
    md.push(`\`perf record\` with DWARF call graphs on the native bench binary (\`--profile <workload>\`, ${profile.workloads[Object.keys(profile.workloads)[0]]?.seconds} s each; ${profile.perf}). Inclusive share of the run, engine and parser functions only; then the symbols with the most time of their own.`);
    md.push('');
    for (const [what, p] of Object.entries(profile.workloads)) {
      const title = what === 'simulate' ? 'simulate (the evaluator set)' : `analyze, ${what} case`;
      md.push(`**${title}**: the allocator (malloc, free, realloc, vector growth) holds ${p.allocatorSelfPercent} % of the samples by itself.`);
      md.push('');
      md.push(table(['Function (inclusive)', '%'], p.inclusive.map((r) => [`\`${r.symbol.replace(/\|/g, '\\|')}\``, r.children.toFixed(1)])));
      md.push('');
      md.push(table(['Symbol (self)', '%'], p.self.map((r) => [`\`${r.symbol.replace(/\|/g, '\\|')}\``, r.self.toFixed(1)])));
      md.push('');
    }
  } else {
    md.push(`No profile in this run${profile?.reason ? `: ${profile.reason}` : ''}.`);
    md.push('');
  }
  if (notes) {
    md.push(notes);
    md.push('');
  }

  pageSections(md, { page, bundle, dist: args.dist });

  md.push('## How to reproduce');
  md.push('');
  md.push(
    [
      '```sh',
      'make bench         # installs what it needs, runs everything below, writes this page and the plot',
      'make bench-check   # the bundle budget alone (builds dist/ first when it is missing)',
      '```',
      '',
      'The steps, one by one:',
      '',
      '```sh',
      'cargo bench -p rolecall-engine --bench native            # native timings; writes bench/out/{simulations.jsonl,analyze/*.json,native.json}',
      'cargo bench -p rolecall-engine --bench engine            # criterion: simulate/* and analyze/<case>',
      'cargo build --release --target wasm32-unknown-unknown -p rolecall-wasm',
      'wasm-bindgen --target nodejs --out-dir bench/pkg target/wasm32-unknown-unknown/release/rolecall_wasm.wasm',
      'node bench/compare.mjs                                    # wasm vs the reference, and wasm analyze; bench/out/node.json',
      'node bench/profile.mjs                                    # perf profile of the native engine (optional)',
      'trunk build --release                                     # the page, into dist/',
      'node bench/page.mjs                                       # the page in headless Chromium; bench/out/page.json',
      'node bench/report.mjs                                     # docs/benchmarks.md, docs/benchmarks-scaling.svg',
      '```',
      '',
      'Figures vary with the machine and with whatever else runs on it (see the load average above); compare runs made on the same machine. ' +
        'The reference simulator is AGPL-3.0 and only a development dependency of `bench/` (see `bench/README.md`).'
    ].join('\n')
  );
  md.push('');

  writeFileSync(join(args.docs, 'benchmarks.md'), md.join('\n'));
  writeFileSync(join(args.docs, 'benchmarks-scaling.svg'), svgPlot(cases));
  process.stderr.write(`wrote ${join(args.docs, 'benchmarks.md')} and benchmarks-scaling.svg\n`);
}

main();
