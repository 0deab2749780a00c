//! Property tests: the wildcard and ARN matchers against simple oracles, and the invariants of
//! the evaluator that any correct IAM implementation keeps.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use proptest::prelude::*;
use rolecall_engine::iam::arn::resource_matches;
use rolecall_engine::iam::wildcard;
use rolecall_engine::iam::{Decision, SimulationAnswer, simulate_text};
use serde_json::{Value, json};

/// The textbook recursive matcher: obviously right, exponential in the worst case.
fn oracle(p: &[char], t: &[char]) -> bool {
    match (p.first(), t.first()) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some('*'), _) => oracle(&p[1..], t) || (!t.is_empty() && oracle(p, &t[1..])),
        (Some(_), None) => false,
        (Some(&c), Some(&d)) => (c == '?' || c == d) && oracle(&p[1..], &t[1..]),
    }
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn wildcard_agrees_with_the_oracle(pattern in "[ab*?:/]{0,8}", text in "[ab:/]{0,10}") {
        prop_assert_eq!(wildcard::matches(&pattern, &text), oracle(&chars(&pattern), &chars(&text)));
    }

    #[test]
    fn case_insensitive_matching_is_matching_of_lowercase(pattern in "[aB*?]{0,6}", text in "[AbB]{0,8}") {
        prop_assert_eq!(
            wildcard::matches_ignore_case(&pattern, &text),
            wildcard::matches(&pattern.to_ascii_lowercase(), &text.to_ascii_lowercase())
        );
    }

    /// Part-wise ARN matching: each of the first five parts as a glob of its own, the rest as one.
    #[test]
    fn arn_matching_is_part_wise(
        p in prop::collection::vec("[ab*?]{0,3}", 5),
        pr in "[ab*?:/]{0,6}",
        r in prop::collection::vec("[ab]{0,3}", 5),
        rr in "[ab:/]{0,6}",
    ) {
        let pattern = format!("arn:{}:{}:{}:{}:{}", p[1], p[2], p[3], p[4], pr);
        let resource = format!("arn:{}:{}:{}:{}:{}", r[1], r[2], r[3], r[4], rr);
        let expected = (1..5).all(|i| oracle(&chars(&p[i]), &chars(&r[i]))) && oracle(&chars(&pr), &chars(&rr));
        prop_assert_eq!(resource_matches(&pattern, &resource), expected || pattern == "*");
    }

    /// Any shape, short patterns and non-ARN text included: the fast paths (no wildcard, one
    /// trailing `*`, the literal prefix) agree with the rule they shortcut.
    #[test]
    fn arn_matching_agrees_with_its_definition(
        pattern in "(arn:)?[ab*?:/]{0,12}",
        resource in "(arn:)?[ab:/]{0,12}",
    ) {
        let parts = |s: &str| -> Option<Vec<String>> {
            let v: Vec<String> = s.splitn(6, ':').map(str::to_owned).collect();
            (v.len() == 6 && v[0] == "arn").then_some(v)
        };
        let expected = pattern == "*"
            || match (parts(&pattern), parts(&resource)) {
                (Some(p), Some(r)) => (1..6).all(|i| oracle(&chars(&p[i]), &chars(&r[i]))),
                _ => oracle(&chars(&pattern), &chars(&resource)),
            };
        prop_assert_eq!(resource_matches(&pattern, &resource), expected);
    }
}

const ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "sqs:SendMessage"];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::b/k",
    "arn:aws:s3:::b/other",
    "arn:aws:sqs:us-east-1:111122223333:q",
];

fn statement() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            "s3:*",
            "s3:Get*",
            "*",
            "sqs:SendMessage",
            "s3:PutObject",
        ]),
        prop::sample::select(vec![
            "*",
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/k",
            "arn:aws:sqs:*:*:q",
        ]),
        prop::option::of(prop::sample::select(vec![
            "203.0.113.0/24",
            "198.51.100.0/24",
        ])),
    )
        .prop_map(|(allow, not_action, action, resource, ip)| {
            let mut st =
                json!({"Effect": if allow { "Allow" } else { "Deny" }, "Resource": resource});
            st[if not_action { "NotAction" } else { "Action" }] = json!(action);
            if let Some(ip) = ip {
                st["Condition"] = json!({"IpAddress": {"aws:SourceIp": ip}});
            }
            st
        })
}

fn simulation(statements: &[Value], action: &str, resource: &str) -> String {
    json!({
        "identityPolicies": [{"name": "p", "policy": {"Version": "2012-10-17", "Statement": statements}}],
        "serviceControlPolicies": [],
        "resourceControlPolicies": [],
        "request": {
            "principal": "arn:aws:sts::111122223333:assumed-role/r/s",
            "action": action,
            "resource": {"resource": resource, "accountId": "111122223333"},
            "contextVariables": {"aws:SourceIp": "203.0.113.9"}
        }
    })
    .to_string()
}

fn decide(statements: &[Value], action: &str, resource: &str) -> Decision {
    match simulate_text(&simulation(statements, action, resource)) {
        SimulationAnswer::Decided { result, .. } => result,
        SimulationAnswer::Invalid { error } => panic!("{error}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn adding_a_deny_never_allows(
        statements in prop::collection::vec(statement(), 0..5),
        extra in statement(),
        a in 0..ACTIONS.len(),
        r in 0..RESOURCES.len(),
    ) {
        let before = decide(&statements, ACTIONS[a], RESOURCES[r]);
        let mut deny = extra;
        deny["Effect"] = json!("Deny");
        let mut more = statements.clone();
        more.push(deny);
        let after = decide(&more, ACTIONS[a], RESOURCES[r]);
        prop_assert!(!(before != Decision::Allowed && after == Decision::Allowed), "{before:?} -> {after:?}");
        if before == Decision::ExplicitlyDenied {
            prop_assert_eq!(after, Decision::ExplicitlyDenied);
        }
    }

    #[test]
    fn adding_an_allow_never_denies(
        statements in prop::collection::vec(statement(), 0..5),
        extra in statement(),
        a in 0..ACTIONS.len(),
        r in 0..RESOURCES.len(),
    ) {
        let before = decide(&statements, ACTIONS[a], RESOURCES[r]);
        let mut allow = extra;
        allow["Effect"] = json!("Allow");
        let mut more = statements.clone();
        more.push(allow);
        let after = decide(&more, ACTIONS[a], RESOURCES[r]);
        if before == Decision::Allowed {
            prop_assert_eq!(after, Decision::Allowed);
        }
        prop_assert_eq!(before == Decision::ExplicitlyDenied, after == Decision::ExplicitlyDenied);
    }
}

/// Random task definitions built from the features the rules table knows.
fn task_definition() -> impl Strategy<Value = Value> {
    let container = (
        prop::sample::select(vec![
            "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1",
            "444455556666.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:abcdef0123456789",
            "public.ecr.aws/nginx/nginx:1",
            "public.ecr.aws/xray/aws-xray-daemon:3",
        ]),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:api-key",
                "/prod/flags",
                "arn:aws:ssm:eu-west-1:111122223333:parameter/shared/token",
            ]),
            0..3,
        ),
        any::<bool>(),
    );
    (
        prop::collection::vec(container, 1..4),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec!["FARGATE", "EC2", "EXTERNAL"]),
    )
        .prop_map(|(containers, exec, task, launch)| {
            let defs: Vec<Value> = containers
                .into_iter()
                .enumerate()
                .map(|(i, (image, logs, create, secrets, env))| {
                    let mut c = json!({"name": format!("c{i}"), "image": image});
                    if logs {
                        c["logConfiguration"] = json!({"logDriver": "awslogs", "options": {
                            "awslogs-group": format!("/ecs/g{i}"), "awslogs-region": "us-east-1",
                            "awslogs-stream-prefix": "p", "awslogs-create-group": if create { "true" } else { "false" }}});
                    }
                    c["secrets"] = json!(secrets.iter().enumerate().map(|(j, v)| json!({"name": format!("S{j}"), "valueFrom": v})).collect::<Vec<_>>());
                    if env {
                        c["environmentFiles"] = json!([{"value": "arn:aws:s3:::cfg/app.env", "type": "s3"}]);
                    }
                    c
                })
                .collect();
            let mut td = json!({"family": "f", "requiresCompatibilities": [launch], "containerDefinitions": defs,
                "taskDefinitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/f:1"});
            if exec {
                td["executionRoleArn"] = json!("arn:aws:iam::111122223333:role/exec");
            }
            if task {
                td["taskRoleArn"] = json!("arn:aws:iam::111122223333:role/task");
            }
            td
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The suggested identity policy of each role allows every line that role performs.
    #[test]
    fn suggested_policies_allow_what_the_task_needs(td in task_definition()) {
        use rolecall_engine::{Answer, Input, analyze};
        let Answer::Success { report, .. } = analyze(&Input { task_definition: td.to_string(), ..Input::default() }) else {
            panic!("the generated task definition is readable");
        };
        for (key, suggestion) in &report.suggested_policies {
            let roles = json!({"roles": {"arn:aws:iam::111122223333:role/suggested": {"inlinePolicies": {"suggested": suggestion.policy}}}});
            for line in report.actions.iter().filter(|l| l.role_arn.clone().unwrap_or_else(|| l.role.as_str().to_owned()) == *key) {
                let sim = json!({
                    "identityPolicies": [{"name": "suggested", "policy": suggestion.policy}],
                    "request": {"principal": "arn:aws:sts::111122223333:assumed-role/suggested/s", "action": line.action,
                                "resource": {"resource": line.resource, "accountId": "111122223333"}}
                });
                let answer = simulate_text(&sim.to_string());
                let allowed = matches!(answer, SimulationAnswer::Decided { result: Decision::Allowed, .. });
                prop_assert!(allowed, "{} on {} not allowed by the suggestion for {key}: {}", line.action, line.resource, suggestion.policy);
            }
            let _ = roles;
        }
    }
}
