//! Criterion benchmarks of the engine, natively:
//!
//! ```sh
//! cargo bench -p rolecall-engine --bench engine              # both groups
//! cargo bench -p rolecall-engine --bench engine -- simulate  # one group
//! ```
//!
//! - `simulate/*`: the evaluator benchmark's 3000 simulations (those the differential test checks
//!   against the reference), evaluation alone (`simulate_text`) and JSON in, JSON out as the wasm
//!   boundary does it; one iteration runs the whole set, throughput is in simulations.
//! - `analyze/<case>`: `analyze` on generated inputs from 1 container and 5 statements to 500
//!   containers and 2000 statements (`common/inputs.rs`).
//!
//! `make bench` reports these medians next to the per-call timings of `benches/native.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness stops on the first failure, like a test"
)]

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::inputs::CASES;
use common::simulations::{COUNT, simulations};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rolecall_engine::analyze;
use rolecall_engine::iam::simulate_text;

fn simulate(c: &mut Criterion) {
    let sims = simulations(COUNT);
    let mut group = c.benchmark_group("simulate");
    // One iteration runs the whole set: tenths of a second.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(sims.len() as u64));
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            for s in &sims {
                black_box(simulate_text(black_box(s)));
            }
        });
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            for s in &sims {
                black_box(serde_json::to_string(&simulate_text(black_box(s))).unwrap());
            }
        });
    });
    group.finish();
}

fn analyze_cases(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    // The large cases take tens of milliseconds: the same number of calls in every sample.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    for case in CASES {
        let input = case.input();
        group.bench_function(case.id(), |b| {
            b.iter(|| black_box(analyze(black_box(&input))))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = simulate, analyze_cases
}
criterion_main!(benches);
