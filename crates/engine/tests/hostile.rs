//! The hostile-input corpus (`tests/hostile/`): what people paste by mistake — truncated or
//! binary text, wrong types, duplicate keys, BOMs, CRLF, tabs in YAML, comments, trailing commas,
//! huge numbers, deep nesting, other documents. Each file is given as a task definition and must
//! give the error (code, line, column) or the report recorded in `expected.json`; as any other
//! input it must leave the analysis of a valid task definition standing. Never a panic, never a
//! silently empty answer.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use rolecall_engine::diagnostic::InputName;
use rolecall_engine::{Answer, Input, analyze};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// `[code, line, column]` of the first error.
    error: Option<(String, usize, usize)>,
    /// The finding codes of the report, sorted, when the input is readable.
    findings: Option<Vec<String>>,
    actions: Option<usize>,
}

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                String::from_utf8_lossy(&fs::read(&p).unwrap()).into_owned(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_hostile_task_definition_gets_its_recorded_answer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let files = corpus();
    assert!(files.len() >= 60, "only {} hostile files", files.len());
    let mut failures = Vec::new();
    for (name, text) in &files {
        let Some(want) = expected.get(name) else {
            failures.push(format!("{name}: not in expected.json"));
            continue;
        };
        let answer = analyze(&Input {
            task_definition: text.clone(),
            ..Input::default()
        });
        match (answer, want) {
            (
                Answer::Failure { diagnostics },
                Expected {
                    error: Some((code, line, column)),
                    ..
                },
            ) => {
                let d = &diagnostics[0];
                let l = d.location.unwrap();
                if (&d.code, l.line, l.column) != (code, *line, *column)
                    || l.input != InputName::TaskDefinition
                {
                    failures.push(format!(
                        "{name}: expected {code} at {line}:{column}, got {} at {}:{}",
                        d.code, l.line, l.column
                    ));
                }
                assert!(!d.message.is_empty());
            }
            (
                Answer::Success { report, .. },
                Expected {
                    findings: Some(codes),
                    actions: Some(n),
                    ..
                },
            ) => {
                let mut got: Vec<String> = report.findings.iter().map(|f| f.code.clone()).collect();
                got.sort();
                got.dedup();
                if &got != codes || report.actions.len() != *n {
                    failures.push(format!(
                        "{name}: expected {codes:?} and {n} actions, got {got:?} and {}",
                        report.actions.len()
                    ));
                }
                assert!(
                    !(report.actions.is_empty() && report.findings.is_empty()),
                    "{name}: silently empty"
                );
            }
            (answer, _) => failures.push(format!("{name}: unexpected {answer:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_text_in_the_other_inputs_is_reported_there() {
    let td = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/fargate-ecr-awslogs/task-definition.json"),
    )
    .unwrap();
    for (name, text) in corpus() {
        for (input, field) in [
            (InputName::Service, 0),
            (InputName::Roles, 1),
            (InputName::AppActions, 2),
        ] {
            let mut given = Input {
                task_definition: td.clone(),
                ..Input::default()
            };
            let slot = match field {
                0 => &mut given.service,
                1 => &mut given.roles,
                _ => &mut given.app_actions,
            };
            *slot = Some(text.clone());
            let Answer::Success {
                report,
                diagnostics,
            } = analyze(&given)
            else {
                panic!("{name} in {input:?} broke the task definition's analysis");
            };
            assert!(!report.actions.is_empty(), "{name} in {input:?}");
            // Whatever it says about that input, it says it there.
            for d in &diagnostics {
                assert_eq!(d.location.map(|l| l.input), Some(input), "{name}: {d}");
            }
        }
    }
}
