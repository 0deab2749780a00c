//! The reference simulator `@cloud-copilot/iam-simulate` (npm, development-only: AGPL, never
//! bundled), as the tests that compare with it run it: `bench/reference-simulate.mjs` on a JSON
//! Lines file. Shared by `differential.rs` and `iam_corpus.rs`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The reference's answer to each simulation, in order; `None` when it is not installed (a
/// failure instead with `ROLECALL_REQUIRE_REFERENCE=1`, as `make test` sets).
pub fn answers(label: &str, simulations: &[String]) -> Option<Vec<Value>> {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench");
    let required = std::env::var("ROLECALL_REQUIRE_REFERENCE").is_ok_and(|v| v == "1");
    if !bench
        .join("node_modules/@cloud-copilot/iam-simulate")
        .exists()
    {
        assert!(
            !required,
            "the reference simulator is not installed: run `npm ci --prefix bench`"
        );
        eprintln!("skipped: the reference simulator is not installed (npm ci --prefix bench)");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("rolecall-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("simulations.jsonl");
    std::fs::write(&file, simulations.join("\n")).unwrap();
    let out = Command::new("node")
        .arg(bench.join("reference-simulate.mjs"))
        .arg(&file)
        .output()
        .expect("node runs");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(theirs.len(), simulations.len(), "one answer per simulation");
    Some(theirs)
}
