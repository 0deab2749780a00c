//! The least-privilege policies each role needs: an identity policy that allows exactly the
//! lines the task implies for it, on their resources, and a trust policy for the service that
//! assumes it, with the confused-deputy conditions where AWS documents them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::features::TaskContext;
use crate::report::{ActionLine, RoleKind};

/// What one role should have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuggestedPolicy {
    pub role: RoleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The identity policy, as IAM takes it.
    pub policy: Value,
    /// The trust policy; absent for the service-linked role, whose trust AWS manages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<Value>,
    /// What the policies alone cannot do (a key policy that must also allow, a managed policy
    /// AWS recommends instead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One suggestion per role that performs at least one line, keyed by the role's ARN or, when
/// the input does not name it, its kind.
#[must_use]
pub fn suggest(actions: &[ActionLine], ctx: &TaskContext) -> BTreeMap<String, SuggestedPolicy> {
    let mut by_role: BTreeMap<String, (RoleKind, Option<String>, Vec<&ActionLine>)> =
        BTreeMap::new();
    for line in actions.iter().filter(|l| l.role != RoleKind::None) {
        let key = line
            .role_arn
            .clone()
            .unwrap_or_else(|| line.role.as_str().to_owned());
        by_role
            .entry(key)
            .or_insert_with(|| (line.role, line.role_arn.clone(), Vec::new()))
            .2
            .push(line);
    }
    by_role
        .into_iter()
        .map(|(key, (role, role_arn, lines))| {
            let mut notes = Vec::new();
            let service_linked = role_arn.as_deref().is_some_and(super::is_service_linked);
            if role == RoleKind::ServiceLinked {
                notes.push("AWS manages this role and its policy (`AmazonECSServiceRolePolicy`): nothing to change".into());
            }
            if role == RoleKind::Autoscaling {
                notes.push(if service_linked {
                    "AWS manages this role and its policy (`AWSApplicationAutoscalingECSServicePolicy`): nothing to change".into()
                } else {
                    "AWS documents the service-linked role `AWSServiceRoleForApplicationAutoScaling_ECSService` as the default for ECS services; without `RoleARN` on the scalable target this role is not needed".into()
                });
            }
            if role == RoleKind::Infrastructure {
                if lines.iter().any(|l| l.rule.starts_with("ebs-")) {
                    notes.push("AWS recommends attaching its managed policy `AmazonECSInfrastructureRolePolicyForVolumes`, which also checks the tags ECS puts on the volumes it manages".into());
                }
                if lines.iter().any(|l| l.rule.starts_with("sc-tls-")) {
                    notes.push("AWS recommends attaching its managed policy `AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity`, which also checks the tags ECS puts on the secrets it manages; the private CA must carry the tag `AmazonECSManaged: true` that policy requires".into());
                }
            }
            if lines.iter().any(|l| l.action == "kms:Decrypt") {
                notes.push("the key policy of each customer managed key must also allow this role (directly, or through the account principal)".into());
            }
            let suggestion = SuggestedPolicy {
                role,
                role_arn,
                policy: identity_policy(&lines),
                trust_policy: if service_linked {
                    None
                } else {
                    trust_policy(role, ctx)
                },
                notes,
            };
            (key, suggestion)
        })
        .collect()
}

/// Statements grouped by service, then by the exact set of resources, so that the policy reads
/// like the table it comes from.
fn identity_policy(lines: &[&ActionLine]) -> Value {
    let mut by_service: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for line in lines {
        let service = line.action.split(':').next().unwrap_or_default().to_owned();
        let actions = by_service.entry(service).or_default();
        // Deduplicated below, after sorting: a role may act on a thousand secrets.
        actions
            .entry(line.action.clone())
            .or_default()
            .push(line.resource.clone());
    }
    let mut statements = Vec::new();
    for (service, actions) in by_service {
        // Actions that share exactly the same resources share a statement.
        let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        for (action, mut resources) in actions {
            resources.sort();
            resources.dedup();
            match groups.iter_mut().find(|(r, _)| *r == resources) {
                Some((_, acts)) => acts.push(action),
                None => groups.push((resources, vec![action])),
            }
        }
        let many = groups.len() > 1;
        for (i, (resources, actions)) in groups.into_iter().enumerate() {
            let sid = format!(
                "{}{}",
                sid_of(&service),
                if many {
                    (i + 1).to_string()
                } else {
                    String::new()
                }
            );
            statements.push(json!({
                "Sid": sid,
                "Effect": "Allow",
                "Action": one_or_many(actions),
                "Resource": one_or_many(resources),
            }));
        }
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}

fn one_or_many(mut items: Vec<String>) -> Value {
    if items.len() == 1 {
        Value::String(items.pop().unwrap_or_default())
    } else {
        json!(items)
    }
}

/// `secretsmanager` → `Secretsmanager`: Sids are alphanumeric.
fn sid_of(service: &str) -> String {
    service
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn trust_policy(role: RoleKind, ctx: &TaskContext) -> Option<Value> {
    let service = match role {
        RoleKind::Task | RoleKind::Execution => "ecs-tasks.amazonaws.com",
        RoleKind::Instance => "ec2.amazonaws.com",
        RoleKind::Infrastructure | RoleKind::ServiceScheduler => "ecs.amazonaws.com",
        RoleKind::Autoscaling => "application-autoscaling.amazonaws.com",
        RoleKind::ServiceLinked | RoleKind::None => return None,
    };
    let mut statement = serde_json::Map::new();
    statement.insert("Effect".into(), json!("Allow"));
    statement.insert("Principal".into(), json!({ "Service": service }));
    statement.insert("Action".into(), json!("sts:AssumeRole"));
    if matches!(role, RoleKind::Task | RoleKind::Execution) {
        let account = ctx.account.as_deref().unwrap_or("<account>");
        let region = ctx.region.as_deref().unwrap_or("*");
        statement.insert(
            "Condition".into(),
            json!({
                "ArnLike": { "aws:SourceArn": format!("arn:{}:ecs:{region}:{account}:*", ctx.partition) },
                "StringEquals": { "aws:SourceAccount": account },
            }),
        );
    }
    Some(json!({ "Version": "2012-10-17", "Statement": [statement] }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_alphanumeric() {
        assert_eq!(sid_of("secretsmanager"), "Secretsmanager");
        assert_eq!(sid_of("acm-pca"), "AcmPca");
    }
}
