//! Random policies × random requests, built from a small vocabulary so that statements often
//! apply: the evaluator must not panic, and adding a Deny must never turn a decision into Allowed.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use rolecall_engine::iam::{Decision, SimulationAnswer, simulate_text};
use serde_json::{Value, json};

const ACTIONS: &[&str] = &["s3:GetObject", "s3:*", "*", "s3:Get*", "sqs:SendMessage", "S3:?etobject", "kms:Decrypt"];
const RESOURCES: &[&str] = &[
    "*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:sqs:*:*:q", "arn:aws:s3:::b",
    "arn:aws:kms:us-east-1:111122223333:key/*", "arn:aws:s3:::${*}", "arn:aws:sqs:us-*:q",
];
const KEYS: &[&str] = &["aws:SourceIp", "aws:username", "aws:CurrentTime", "aws:TagKeys", "aws:PrincipalTag/t", "aws:SecureTransport"];
const OPERATORS: &[&str] = &[
    "StringEquals", "StringNotLikeIfExists", "ForAllValues:StringLike", "ForAnyValue:StringEquals", "IpAddress",
    "NotIpAddress", "DateGreaterThan", "NumericLessThan", "Bool", "Null", "ArnLike", "BinaryEquals", "Bogus",
];
const VALUES: &[&str] = &["203.0.113.0/24", "alice", "2026-01-01T00:00:00Z", "1700000000", "true", "x*", "${aws:username}", "::1/128", ""];
const PRINCIPALS: &[&str] = &[
    "arn:aws:sts::111122223333:assumed-role/r/s", "arn:aws:iam::111122223333:role/r", "111122223333",
    "arn:aws:iam::444455556666:root", "ecs-tasks.amazonaws.com", "*",
];

#[derive(Debug, Arbitrary)]
struct St {
    deny: bool,
    not_action: bool,
    not_resource: bool,
    actions: Vec<u8>,
    resources: Vec<u8>,
    conditions: Vec<(u8, u8, Vec<u8>)>,
    principal: Option<(bool, u8)>,
}

#[derive(Debug, Arbitrary)]
struct Case {
    identity: Vec<St>,
    resource: Option<Vec<St>>,
    boundary: Option<Vec<St>>,
    scps: Vec<Vec<St>>,
    extra_deny: St,
    principal: u8,
    action: u8,
    resource_arn: u8,
    context: Vec<(u8, u8)>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len()).copied().unwrap_or_default()
}

fn statement(s: &St, with_principal: bool) -> Value {
    let mut st = serde_json::Map::new();
    st.insert("Effect".into(), json!(if s.deny { "Deny" } else { "Allow" }));
    let actions: Vec<&str> = s.actions.iter().take(3).map(|i| pick(ACTIONS, *i)).collect();
    st.insert((if s.not_action { "NotAction" } else { "Action" }).into(), json!(if actions.is_empty() { vec!["*"] } else { actions }));
    let resources: Vec<&str> = s.resources.iter().take(3).map(|i| pick(RESOURCES, *i)).collect();
    st.insert((if s.not_resource { "NotResource" } else { "Resource" }).into(), json!(resources));
    if !s.conditions.is_empty() {
        let mut block = serde_json::Map::new();
        for (op, key, values) in s.conditions.iter().take(3) {
            let vals: Vec<&str> = values.iter().take(3).map(|v| pick(VALUES, *v)).collect();
            let entry = block.entry(pick(OPERATORS, *op)).or_insert_with(|| json!({}));
            if let Some(map) = entry.as_object_mut() {
                map.insert(pick(KEYS, *key).into(), json!(vals));
            }
        }
        st.insert("Condition".into(), Value::Object(block));
    }
    if with_principal {
        let (not, p) = s.principal.unwrap_or((false, 0));
        let who = pick(PRINCIPALS, p);
        let value = if who == "*" { json!("*") } else if who.ends_with(".amazonaws.com") { json!({"Service": who}) } else { json!({"AWS": who}) };
        st.insert((if not { "NotPrincipal" } else { "Principal" }).into(), value);
    }
    Value::Object(st)
}

fn policy(sts: &[St], with_principal: bool) -> Value {
    json!({"Version": "2012-10-17", "Statement": sts.iter().take(4).map(|s| statement(s, with_principal)).collect::<Vec<_>>()})
}

fn decide(case: &Case, extra: Option<&St>) -> Option<Decision> {
    let mut identity: Vec<Value> = case.identity.iter().take(3).map(|s| json!({"name": "p", "policy": policy(std::slice::from_ref(s), false)})).collect();
    if let Some(extra) = extra {
        identity.push(json!({"name": "extra", "policy": policy(std::slice::from_ref(extra), false)}));
    }
    let mut context = serde_json::Map::new();
    for (k, v) in case.context.iter().take(4) {
        context.insert(pick(KEYS, *k).into(), json!(pick(VALUES, *v)));
    }
    let mut sim = json!({
        "identityPolicies": identity,
        "serviceControlPolicies": case.scps.iter().take(2).map(|l| json!({"orgIdentifier": "ou", "policies": [{"name": "scp", "policy": policy(l, false)}]})).collect::<Vec<_>>(),
        "request": {
            "principal": pick(PRINCIPALS, case.principal),
            "action": pick(&["s3:GetObject", "sqs:SendMessage", "kms:Decrypt"], case.action),
            "resource": {"resource": pick(&["arn:aws:s3:::b/k", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:kms:us-east-1:111122223333:key/k"], case.resource_arn), "accountId": "111122223333"},
            "contextVariables": context,
        }
    });
    if let (Some(r), Some(map)) = (&case.resource, sim.as_object_mut()) {
        map.insert("resourcePolicy".into(), policy(r, true));
    }
    if let (Some(b), Some(map)) = (&case.boundary, sim.as_object_mut()) {
        map.insert("permissionBoundaryPolicies".into(), json!([{"name": "b", "policy": policy(b, false)}]));
    }
    match simulate_text(&sim.to_string()) {
        SimulationAnswer::Decided { result, .. } => Some(result),
        SimulationAnswer::Invalid { .. } => None,
    }
}

fuzz_target!(|case: Case| {
    let before = decide(&case, None);
    let mut deny = case.extra_deny.clone_as_deny();
    deny.deny = true;
    let after = decide(&case, Some(&deny));
    if let (Some(before), Some(after)) = (before, after) {
        assert!(!(before != Decision::Allowed && after == Decision::Allowed), "a Deny allowed: {before:?} -> {after:?}");
    }
});

impl St {
    fn clone_as_deny(&self) -> St {
        St {
            deny: true,
            not_action: self.not_action,
            not_resource: self.not_resource,
            actions: self.actions.clone(),
            resources: self.resources.clone(),
            conditions: self.conditions.clone(),
            principal: self.principal,
        }
    }
}
