//! The corpus: one folder per case under `tests/corpus/`, holding the input
//! (`task-definition.json`) and `case.json`, the answer AWS's documentation leads to.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::fs;
use std::path::{Path, PathBuf};

use rolecall_engine::{Answer, Input, analyze};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case shows, in a sentence.
    description: String,
    /// The AWS documentation the expected answer comes from.
    docs: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
enum Expect {
    /// The analysis succeeds with exactly these lines and findings, in this order.
    Report {
        #[serde(rename = "launchType")]
        launch_type: String,
        /// `[role, roleArn or null, action, resource]`.
        actions: Vec<(String, Option<String>, String, String)>,
        /// `[code, line]`.
        findings: Vec<(String, usize)>,
        /// With `roles.json`: the decision of each action line, in order.
        #[serde(default)]
        decisions: Vec<String>,
    },
    /// The input cannot be read: `[code, line, column]`.
    Errors(Vec<(String, usize, usize)>),
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn check(dir: &Path) -> Result<(), String> {
    let case: Case = serde_json::from_str(&fs::read_to_string(dir.join("case.json")).unwrap())
        .map_err(|e| format!("case.json: {e}"))?;
    assert!(!case.description.is_empty() && !case.docs.is_empty());
    let task_definition = fs::read_to_string(dir.join("task-definition.json")).unwrap();
    let optional = |name: &str| fs::read_to_string(dir.join(name)).ok();
    let answer = analyze(&Input {
        task_definition,
        service: optional("service.json"),
        roles: optional("roles.json"),
        app_actions: optional("app-actions.json"),
    });
    match (case.expect, answer) {
        (
            Expect::Report {
                launch_type,
                actions,
                findings,
                decisions,
            },
            Answer::Success {
                report,
                diagnostics,
            },
        ) => {
            if !diagnostics.is_empty() {
                return Err(format!("unexpected diagnostics: {diagnostics:#?}"));
            }
            let got_decisions: Vec<String> = report
                .actions
                .iter()
                .filter_map(|a| a.decision.map(|d| d.as_str().to_owned()))
                .collect();
            if got_decisions != decisions {
                return Err(format!(
                    "expected decisions {decisions:?}\n got {got_decisions:?}"
                ));
            }
            let got_launch = report.launch_type.as_str();
            let got_actions: Vec<_> = report
                .actions
                .iter()
                .map(|a| {
                    (
                        a.role.as_str().to_owned(),
                        a.role_arn.clone(),
                        a.action.clone(),
                        a.resource.clone(),
                    )
                })
                .collect();
            let got_findings: Vec<_> = report
                .findings
                .iter()
                .map(|f| (f.code.clone(), f.location.map_or(0, |l| l.line)))
                .collect();
            if got_launch != launch_type || got_actions != actions || got_findings != findings {
                return Err(format!(
                    "expected {launch_type} {actions:#?} {findings:#?}\n got {got_launch} {got_actions:#?} {got_findings:#?}"
                ));
            }
            Ok(())
        }
        (
            Expect::Errors(expected),
            Answer::Failure {
                diagnostics: errors,
            },
        ) => {
            let got: Vec<_> = errors
                .iter()
                .map(|d| {
                    let l = d.location.unwrap();
                    (d.code.clone(), l.line, l.column)
                })
                .collect();
            if got == expected {
                Ok(())
            } else {
                Err(format!("expected errors {expected:?}, got {got:?}"))
            }
        }
        (_, answer) => Err(format!("unexpected answer: {answer:#?}")),
    }
}

#[test]
fn corpus() {
    let dirs = cases();
    assert!(!dirs.is_empty(), "no corpus cases found");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| check(d).err().map(|e| format!("{}: {e}", d.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

/// Every gallery example of the playground is analysed without an input error.
#[test]
fn gallery_examples_analyse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/examples");
    let mut count = 0;
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path().join("task-definition.json");
        let task_definition = fs::read_to_string(&path).unwrap();
        match analyze(&Input {
            task_definition,
            ..Input::default()
        }) {
            Answer::Success { report, .. } => {
                assert!(!report.actions.is_empty(), "{}: no actions", path.display());
            }
            Answer::Failure {
                diagnostics: errors,
            } => panic!("{}: {errors:#?}", path.display()),
        }
        count += 1;
    }
    assert!(count >= 2);
}

/// Every case's input, in the corpus's order.
fn inputs() -> Vec<Input> {
    cases()
        .iter()
        .map(|dir| {
            let optional = |name: &str| fs::read_to_string(dir.join(name)).ok();
            Input {
                task_definition: fs::read_to_string(dir.join("task-definition.json")).unwrap(),
                service: optional("service.json"),
                roles: optional("roles.json"),
                app_actions: optional("app-actions.json"),
            }
        })
        .collect()
}

/// The page keeps one `Analyzer` and analyses every edit with it: what it remembers from earlier
/// analyses must never change an answer. The corpus goes through one analyzer forwards, then
/// backwards, then with each case's task definition shifted by a blank line (every place in it
/// moves, the roles stay) and paired with the next case's roles (the roles change, or the task
/// context does); each answer must be the fresh one.
#[test]
fn an_analyzer_answers_as_a_fresh_analysis() {
    let inputs = inputs();
    let mut variants: Vec<Input> = inputs.clone();
    variants.extend(inputs.iter().rev().cloned());
    for (i, input) in inputs.iter().enumerate() {
        let shifted = Input {
            task_definition: format!("\n{}", input.task_definition),
            ..input.clone()
        };
        variants.push(input.clone());
        variants.push(shifted.clone());
        if let Some(next) = inputs.get(i + 1) {
            variants.push(Input {
                roles: next.roles.clone(),
                ..shifted
            });
        }
    }
    let mut analyzer = rolecall_engine::Analyzer::default();
    for (i, input) in variants.iter().enumerate() {
        assert_eq!(
            analyzer.analyze(input),
            analyze(input),
            "input {i} of the sequence answers differently after the ones before it"
        );
    }
}
