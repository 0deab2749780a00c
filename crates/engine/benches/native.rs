//! The native side of `make bench`, and the inputs of its Node side.
//!
//! ```sh
//! cargo bench -p rolecall-engine --bench native -- [--out DIR] [--quick] [--cases small,typical]
//! cargo bench -p rolecall-engine --bench native -- --profile typical --seconds 10  # for perf
//! ```
//!
//! Writes into `--out` (by default `bench/out/`, git-ignored): `simulations.jsonl` (the evaluator benchmark's set, the one the
//! differential test checks), `analyze/<case>.json` (the serialised `Input` of each generated
//! case) and `native.json`: the latency of every call, timed one by one as `bench/compare.mjs`
//! times the wasm build (median, p95, throughput), so that both columns of `docs/benchmarks.md`
//! come from the same method. The statistics of the criterion benchmark (`benches/engine.rs`)
//! are the cross-check.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness stops on the first failure, like a test"
)]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::inputs::CASES;
use common::simulations::{COUNT, simulations};
use rolecall_engine::iam::{SimulationAnswer, simulate_text};
use rolecall_engine::{Answer, Input, analyze};
use serde_json::{Value, json};

struct Options {
    out: PathBuf,
    quick: bool,
    /// Only these cases of `analyze` (by name), all when empty.
    cases: Vec<String>,
    /// `--profile simulate|<case> [--seconds N]`: only call that, for a profiler, N seconds.
    profile: Option<String>,
    seconds: u64,
}

fn options() -> Options {
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/out"));
    let mut quick = false;
    let mut cases = Vec::new();
    let mut profile = None;
    let mut seconds = 10;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            "--quick" => quick = true,
            "--profile" => profile = Some(args.next().expect("--profile simulate|<case>")),
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds N");
            }
            "--cases" => {
                cases = args
                    .next()
                    .expect("--cases small,typical,…")
                    .split(',')
                    .map(str::to_owned)
                    .collect();
            }
            // `cargo bench` passes `--bench`; a name filter has no meaning here.
            _ => {}
        }
    }
    Options {
        out,
        quick,
        cases,
        profile,
        seconds,
    }
}

/// Median, 95th percentile (nearest rank) and mean, in microseconds.
fn stats(samples: &mut [f64]) -> Value {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        f64::midpoint(samples[n / 2 - 1], samples[n / 2])
    };
    let p95 = samples[(n * 95).div_ceil(100).max(1) - 1];
    let mean = samples.iter().sum::<f64>() / n as f64;
    json!({"count": n, "medianMicros": round(median), "p95Micros": round(p95), "meanMicros": round(mean)})
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// What the wasm boundary does for one simulation: JSON text in, JSON text out.
fn simulate_json(text: &str) -> String {
    serde_json::to_string(&simulate_text(text)).unwrap()
}

fn bench_simulate(sims: &[String], passes: usize) -> Value {
    let mut decisions = std::collections::BTreeMap::<String, usize>::new();
    for s in sims {
        let key = match simulate_text(s) {
            SimulationAnswer::Decided { result, .. } => format!("{result:?}"),
            SimulationAnswer::Invalid { .. } => "error".to_owned(),
        };
        *decisions.entry(key).or_default() += 1;
    }
    for _ in 0..2 {
        for s in sims {
            std::hint::black_box(simulate_json(s));
        }
    }
    let mut samples = Vec::with_capacity(sims.len() * passes);
    let wall = Instant::now();
    for _ in 0..passes {
        for s in sims {
            let start = Instant::now();
            std::hint::black_box(simulate_json(std::hint::black_box(s)));
            samples.push(micros(start.elapsed()));
        }
    }
    let wall = wall.elapsed().as_secs_f64();
    let mut out = stats(&mut samples);
    out["throughputPerSec"] = json!((samples.len() as f64 / wall).round());
    out["simulations"] = json!(sims.len());
    out["passes"] = json!(passes);
    out["decisions"] = json!(decisions);
    out
}

/// Calls `f` until `budget` has passed, after untimed warm-up calls (one when a call takes over
/// a second, else three): at least 5 timed calls (3 over a second, 2 over five), at most 2000.
fn time_calls(budget: Duration, mut f: impl FnMut()) -> Value {
    let start = Instant::now();
    f();
    let first = start.elapsed();
    let slow = first > Duration::from_secs(1);
    if !slow {
        f();
        f();
    }
    let min = match first.as_secs() {
        0 => 5,
        1..5 => 3,
        _ => 2,
    };
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min || (samples.len() < 2000 && start.elapsed() < budget) {
        let t = Instant::now();
        f();
        samples.push(micros(t.elapsed()));
    }
    stats(&mut samples)
}

fn bench_analyze(quick: bool, only: &[String]) -> (Value, Vec<(String, String)>) {
    let budget = Duration::from_millis(if quick { 300 } else { 2000 });
    let mut results = Vec::new();
    let mut files = Vec::new();
    for case in CASES
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| o == c.name))
    {
        let input = case.input();
        let text = serde_json::to_string(&input).unwrap();
        let answer = analyze(&input);
        let (actions, findings, diagnostics) = match &answer {
            Answer::Success {
                report,
                diagnostics,
            } => (
                report.actions.len(),
                report.findings.len(),
                diagnostics.len(),
            ),
            Answer::Failure { diagnostics } => panic!("{}: {diagnostics:?}", case.id()),
        };
        let output_bytes = serde_json::to_string(&answer).unwrap().len();
        let pure = time_calls(budget, || {
            std::hint::black_box(analyze(std::hint::black_box(&input)));
        });
        // What the wasm boundary adds: reading the `Input` and writing the `Answer` as JSON.
        let boundary = time_calls(budget / 4, || {
            let input: Input = serde_json::from_str(std::hint::black_box(&text)).unwrap();
            std::hint::black_box(input);
            std::hint::black_box(serde_json::to_string(std::hint::black_box(&answer)).unwrap());
        });
        eprintln!(
            "native analyze {:<22} median {:>12.1} µs  p95 {:>12.1} µs  (+ JSON in/out {:.1} µs)",
            case.id(),
            pure["medianMicros"].as_f64().unwrap_or_default(),
            pure["p95Micros"].as_f64().unwrap_or_default(),
            boundary["medianMicros"].as_f64().unwrap_or_default()
        );
        results.push(json!({
            "id": case.id(),
            "name": case.name,
            "containers": case.containers,
            "statements": case.statements,
            "inputBytes": text.len(),
            "outputBytes": output_bytes,
            "actions": actions,
            "findings": findings,
            "diagnostics": diagnostics,
            "analyze": pure,
            "json": boundary,
        }));
        files.push((case.id(), text));
    }
    (Value::Array(results), files)
}

/// One analysis after an edit: a function of its own, for `--toggle-collect=*edit_analysis*`.
#[inline(never)]
fn edit_analysis(analyzer: &mut rolecall_engine::Analyzer, input: &Input) {
    std::hint::black_box(analyzer.analyze(std::hint::black_box(input)));
}

/// Calls one thing for `seconds`, for `perf record` (see `bench/report.mjs`).
fn profile(what: &str, seconds: u64) {
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut calls = 0_usize;
    if what == "simulate" {
        let sims = simulations(COUNT);
        while Instant::now() < until {
            for s in &sims {
                std::hint::black_box(simulate_json(s));
            }
            calls += sims.len();
        }
    } else if let Some(name) = what.strip_prefix("edit:") {
        // What the page does on a keystroke: one analyzer for the page's life, the task
        // definition's family name one character longer each time (as `bench/page.mjs` types).
        let case = CASES
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case `{name}`"));
        let mut input = case.input();
        let mut analyzer = rolecall_engine::Analyzer::default();
        std::hint::black_box(analyzer.analyze(&input));
        let mut samples = Vec::new();
        // `--seconds 0`: three edits, for `valgrind --tool=callgrind`.
        while Instant::now() < until || (seconds == 0 && calls < 3) {
            let at = input.task_definition.find("\"family\": \"").unwrap() + "\"family\": \"".len();
            let letter = char::from(b'a' + (calls % 26) as u8);
            input.task_definition.insert(at, letter);
            let t = Instant::now();
            edit_analysis(&mut analyzer, &input);
            samples.push(micros(t.elapsed()));
            calls += 1;
        }
        eprintln!("edit {name}: {}", stats(&mut samples));
    } else {
        let case = CASES
            .iter()
            .find(|c| c.name == what)
            .unwrap_or_else(|| panic!("no case `{what}`"));
        let input = case.input();
        while Instant::now() < until {
            std::hint::black_box(analyze(std::hint::black_box(&input)));
            calls += 1;
        }
    }
    eprintln!("profiled {what}: {calls} calls in {seconds} s");
}

fn main() {
    let options = options();
    if let Some(what) = &options.profile {
        profile(what, options.seconds);
        return;
    }
    let sims = simulations(COUNT);
    let analyze_dir = options.out.join("analyze");
    std::fs::create_dir_all(&analyze_dir).unwrap();
    std::fs::write(
        options.out.join("simulations.jsonl"),
        sims.join("\n") + "\n",
    )
    .unwrap();

    let simulate = bench_simulate(&sims, if options.quick { 2 } else { 10 });
    eprintln!(
        "native simulate: median {} µs, p95 {} µs, {} per second",
        simulate["medianMicros"], simulate["p95Micros"], simulate["throughputPerSec"]
    );
    let (analyze, files) = bench_analyze(options.quick, &options.cases);
    for (id, text) in &files {
        std::fs::write(analyze_dir.join(format!("{id}.json")), text).unwrap();
    }
    let out = json!({
        "engineVersion": rolecall_engine::VERSION,
        "simulate": simulate,
        "analyze": analyze,
    });
    let path = options.out.join("native.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap()).unwrap();
    eprintln!("wrote {}", path.display());
}
