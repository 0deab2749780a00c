//! The `rolecall` command as CI uses it: stdout, stderr and exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/corpus")
        .join(case)
        .join("task-definition.json")
}

fn rolecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_report_on_stdout_only() {
    let file = corpus("fargate-ecr-awslogs");
    let out = rolecall(&[
        "analyze",
        "--task-definition",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["launchType"], "FARGATE");
    let first = &report["actions"][0];
    assert_eq!(first["role"], "execution");
    assert_eq!(first["action"], "ecr:GetAuthorizationToken");
    assert_eq!(first["resource"], "*");
    assert!(first["reason"].as_str().unwrap().contains("`web`"));
    assert!(
        first["docs"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/")
    );
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn text_report_groups_by_role() {
    let file = corpus("ec2-describe-instance-fallback");
    let out = rolecall(&["analyze", "--task-definition", file.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("container instance role  (not named by the EC2 instance profile)"),
        "{text}"
    );
    assert!(text.contains("ecr:BatchGetImage"));
    assert!(text.contains("warning[TASK_ROLE_MISSING_EC2_FALLBACK] 2:"));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn error_finding_exits_one() {
    let file = corpus("fargate-without-execution-role");
    let out = rolecall(&[
        "analyze",
        "--task-definition",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["code"], "EXEC_ROLE_MISSING");
}

#[test]
fn unreadable_json_exits_two_with_a_located_message() {
    let file = corpus("json-syntax-error");
    let out = rolecall(&[
        "analyze",
        "--task-definition",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("task-definition.json: Task definition:7:6: error[JSON_SYNTAX]: trailing commas are not allowed"),
        "{stderr}"
    );
}

#[test]
fn missing_file_exits_two() {
    let out = rolecall(&["analyze", "--task-definition", "/nonexistent/td.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `/nonexistent/td.json`"));
}

#[test]
fn sarif_locates_findings_in_their_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/corpus/fargate-roles-create-group-on-task-role");
    let td = dir.join("task-definition.json");
    let roles = dir.join("roles.json");
    let out = rolecall(&[
        "analyze",
        "--task-definition",
        td.to_str().unwrap(),
        "--roles",
        roles.to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let trust = results
        .iter()
        .find(|r| r["ruleId"] == "MISSING_CONFUSED_DEPUTY_CONDITION")
        .unwrap();
    let place = &trust["locations"][0]["physicalLocation"];
    assert!(
        place["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("roles.json")
    );
    assert_eq!(place["region"]["startLine"], 4);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "EXEC_ROLE_MISSING"));
}
