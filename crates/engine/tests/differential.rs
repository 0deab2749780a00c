//! Differential test against the reference simulator `@cloud-copilot/iam-simulate` (npm,
//! development-only: AGPL, never bundled). Thousands of generated simulations must get the same
//! decision from both.
//!
//! The generator keeps to what both read the same way; where the reference departs from the AWS
//! documentation (`docs/iam-differences.md`), rolecall follows AWS and the construct is left out
//! of the generator, with a corpus case of its own.
//!
//! Runs when `bench/node_modules` is installed (`make test` installs it); with
//! `ROLECALL_REQUIRE_REFERENCE=1` a missing reference is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::fmt::Write as _;

use rolecall_engine::iam::{SimulationAnswer, simulate_text};

/// The generator, shared with the evaluator benchmark so both use the same simulations.
#[path = "../benches/common/simulations.rs"]
mod simulations;

#[path = "common/reference.rs"]
mod reference;

#[test]
fn agrees_with_the_reference_simulator() {
    let count: usize = std::env::var("ROLECALL_DIFFERENTIAL_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(simulations::COUNT);
    let sims = simulations::simulations(count);
    let Some(theirs) = reference::answers("differential", &sims) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("rolecall-differential-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let (mut compared, mut rejected, mut report) = (0, 0, String::new());
    let mut differing = Vec::new();
    let mut differences = 0;
    for (i, (sim, reference)) in sims.iter().zip(&theirs).enumerate() {
        let Some(expected) = reference["result"].as_str() else {
            rejected += 1;
            continue;
        };
        compared += 1;
        let ours = match simulate_text(sim) {
            SimulationAnswer::Decided { result, .. } => format!("{result:?}"),
            SimulationAnswer::Invalid { error } => format!("error: {error}"),
        };
        if ours != expected {
            differences += 1;
            differing.push(sim.as_str());
            if differences <= 5 {
                let _ = writeln!(
                    report,
                    "#{i}: rolecall {ours}, reference {expected}\n{sim}\n"
                );
            }
        }
    }
    let kept = dir.join("differences.jsonl");
    std::fs::write(&kept, differing.join("\n")).unwrap();
    eprintln!("differing simulations: {}", kept.display());
    eprintln!(
        "differential: {compared} compared, {rejected} rejected by the reference, {differences} differ"
    );
    assert!(
        rejected * 20 < count,
        "the reference rejected {rejected} of {count}: fix the generator"
    );
    assert_eq!(
        differences, 0,
        "{differences} of {compared} decisions differ:\n{report}"
    );
}
