//! The IAM corpus: cases written from the rules of the AWS IAM User Guide, one file per topic
//! under `tests/iam-corpus/`, each a simulation in the JSON shape of `rolecall simulate` (that of
//! `@cloud-copilot/iam-simulate`) with the decision the cited page leads to and, for most, the
//! statements that decide it.
//!
//! Every case also says whether the reference simulator `@cloud-copilot/iam-simulate` (npm,
//! development-only: AGPL, never bundled) gives the same decision: `"agrees"`, or `"differs: …"`
//! with the reason rolecall follows the documentation. The second test keeps `"agrees"` honest; it
//! runs when `bench/node_modules` is installed, and with `ROLECALL_REQUIRE_REFERENCE=1` a missing
//! reference is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rolecall_engine::iam::simulate_text;

#[path = "common/reference.rs"]
mod reference;
use serde::Deserialize;
use serde_json::Value;

const DOCS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/";
const DECISIONS: [&str; 3] = ["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"];
const MIN_CASES: usize = 300;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Topic {
    /// What the file's cases are about.
    topic: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Case {
    /// Unique across the corpus.
    name: String,
    /// The IAM User Guide page the expected decision comes from.
    docs: String,
    /// The input of `rolecall simulate`.
    simulation: Value,
    /// `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`.
    expect: String,
    /// The statements that decide, as `<policyType>/<policy name>/<Sid or index>`, in the
    /// order the evaluation lists them.
    decided_by: Option<Vec<String>>,
    /// `agrees`, or `differs: <what the reference does, and why rolecall is right>`.
    reference: String,
}

/// A case with the file it comes from.
struct Loaded {
    file: String,
    case: Case,
}

fn corpus() -> Vec<Loaded> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iam-corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let topic: Topic = serde_json::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!topic.topic.is_empty(), "{file}: empty topic");
        assert!(!topic.cases.is_empty(), "{file}: no cases");
        all.extend(topic.cases.into_iter().map(|case| Loaded {
            file: file.clone(),
            case,
        }));
    }
    all
}

/// Problems with the case itself, whatever the engine answers.
fn malformed(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    if case.name.trim().is_empty() {
        problems.push("empty name".to_owned());
    }
    if !case.docs.starts_with(DOCS) {
        problems.push(format!("docs must be a page under {DOCS}"));
    }
    if !DECISIONS.contains(&case.expect.as_str()) {
        problems.push(format!("expect must be one of {DECISIONS:?}"));
    }
    let differs = case
        .reference
        .strip_prefix("differs: ")
        .is_some_and(|why| !why.trim().is_empty());
    if case.reference != "agrees" && !differs {
        problems.push("reference must be `agrees` or `differs: <reason>`".to_owned());
    }
    if case.decided_by.is_some() && case.expect == "ImplicitlyDenied" {
        problems.push("an implicit deny is decided by no statement".to_owned());
    }
    problems
}

/// The decision and the deciding statements, labelled `<policyType>/<policy>/<Sid or index>`.
fn run(simulation: &Value) -> Result<(String, Vec<String>), String> {
    let answer = serde_json::to_value(simulate_text(&simulation.to_string())).unwrap();
    if let Some(error) = answer.get("error") {
        return Err(format!("error: {error}"));
    }
    let statements = answer["explain"]["statements"].as_array().unwrap();
    let decided_by = answer["explain"]["decidedBy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = &statements[usize::try_from(i.as_u64().unwrap()).unwrap()];
            let id = s
                .get("sid")
                .and_then(Value::as_str)
                .map_or_else(|| s["index"].to_string(), str::to_owned);
            format!(
                "{}/{}/{id}",
                s["policyType"].as_str().unwrap(),
                s["policy"].as_str().unwrap()
            )
        })
        .collect();
    Ok((answer["result"].as_str().unwrap().to_owned(), decided_by))
}

#[test]
fn decisions_follow_the_iam_user_guide() {
    let corpus = corpus();
    assert!(
        corpus.len() >= MIN_CASES,
        "the IAM corpus has {} cases, fewer than {MIN_CASES}",
        corpus.len()
    );
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    for Loaded { file, case } in &corpus {
        let mut problems = malformed(case);
        if !names.insert(case.name.as_str()) {
            problems.push("the name is used by another case".to_owned());
        }
        match run(&case.simulation) {
            Err(e) => problems.push(e),
            Ok((result, decided_by)) => {
                if result != case.expect {
                    problems.push(format!("expected {}, got {result}", case.expect));
                }
                if let Some(expected) = &case.decided_by
                    && *expected != decided_by
                {
                    problems.push(format!(
                        "expected decidedBy {expected:?}, got {decided_by:?}"
                    ));
                }
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{file}: {}: {}", case.name, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} IAM corpus cases fail:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
}

#[test]
fn agreeing_cases_agree_with_the_reference_simulator() {
    let agreeing: Vec<Loaded> = corpus()
        .into_iter()
        .filter(|l| l.case.reference == "agrees")
        .collect();
    let lines: Vec<String> = agreeing
        .iter()
        .map(|l| l.case.simulation.to_string())
        .collect();
    let Some(theirs) = reference::answers("iam-corpus", &lines) else {
        return;
    };

    let mut report = String::new();
    let mut differing = 0;
    for (Loaded { file, case }, reference) in agreeing.iter().zip(&theirs) {
        let answer = reference["result"]
            .as_str()
            .map_or_else(|| format!("error: {}", reference["error"]), str::to_owned);
        if answer != case.expect {
            differing += 1;
            let _ = writeln!(
                report,
                "{file}: {}: expected {}, the reference says {answer}",
                case.name, case.expect
            );
        }
    }
    assert_eq!(
        differing,
        0,
        "{differing} of {} cases marked `agrees` get another decision from the reference:\n{report}",
        agreeing.len()
    );
}
