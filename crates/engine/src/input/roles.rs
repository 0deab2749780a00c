//! The roles and their policies, as the user pastes them:
//!
//! ```json
//! {"roles": {"<role ARN>": {"trustPolicy": {…}, "managedPolicies": ["<ARN>"],
//!                           "inlinePolicies": {"<name>": {…}}, "permissionsBoundary": {…} | "<ARN>"}},
//!  "customerManagedPolicies": {"<ARN>": {…}},
//!  "resourcePolicies": {"<resource ARN>": {…}}}
//! ```

use super::node::{Node, NodeKind};
use super::task_definition::Spanned;
use crate::diagnostic::{Severity, Span};
use crate::iam::policy::{self, Policy};

#[derive(Debug, Clone, PartialEq)]
pub struct RoleSet {
    pub roles: Vec<Role>,
    pub customer_managed: Vec<(String, Policy)>,
    /// Resource policies by the ARN of the resource they are attached to (a key policy, a
    /// repository policy, a secret's policy…).
    pub resource_policies: Vec<(Spanned<String>, Policy)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub arn: Spanned<String>,
    pub trust_policy: Option<Policy>,
    pub managed: Vec<Spanned<String>>,
    pub inline: Vec<Policy>,
    pub boundary: Option<Boundary>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Boundary {
    Document(Policy),
    Arn(Spanned<String>),
}

impl Role {
    /// The role's name, the last part of its ARN.
    #[must_use]
    pub fn name(&self) -> &str {
        self.arn.value.rsplit('/').next().unwrap_or_default()
    }
}

impl RoleSet {
    #[must_use]
    pub fn role(&self, arn: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.arn.value == arn)
    }

    #[must_use]
    pub fn resource_policy(&self, resource: &str) -> Option<&Policy> {
        self.resource_policies
            .iter()
            .find(|(k, _)| k.value == resource)
            .map(|(_, p)| p)
    }

    #[must_use]
    pub fn customer_managed(&self, arn: &str) -> Option<&Policy> {
        self.customer_managed
            .iter()
            .find(|(k, _)| k == arn)
            .map(|(_, p)| p)
    }
}

/// A problem in the roles document; errors leave a part out, the rest is still used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolesProblem {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

/// Reads the roles document.
///
/// # Errors
/// When the document is not an object with a `roles` object (nothing of it is usable).
pub fn read(root: &Node) -> Result<(RoleSet, Vec<RolesProblem>), RolesProblem> {
    let fatal = |message: String, span| RolesProblem {
        code: "ROLES_INVALID",
        severity: Severity::Error,
        message,
        span,
    };
    if root.as_object().is_none() {
        return Err(fatal(
            format!(
                "the roles document must be an object, found {}",
                root.kind_name()
            ),
            root.span,
        ));
    }
    if root.get("RoleDetailList").is_some() {
        return Ok(read_authorization_details(root));
    }
    let Some(roles_node) = root.get("roles") else {
        let hint = if root.get("Statement").is_some() {
            ": this looks like a single policy; put it under a role, e.g. {\"roles\": {\"<role ARN>\": {\"inlinePolicies\": {\"name\": …}}}}"
        } else {
            ""
        };
        return Err(fatal(
            format!("the roles document has no `roles` object{hint}"),
            root.span,
        ));
    };
    let mut problems = Vec::new();
    let mut set = RoleSet {
        roles: Vec::new(),
        customer_managed: Vec::new(),
        resource_policies: Vec::new(),
    };
    for member in object(roles_node, "roles", &mut problems) {
        let arn = Spanned {
            value: member.key.clone(),
            span: member.key_span,
        };
        if !member.key.starts_with("arn:") || !member.key.contains(":role/") {
            problems.push(problem(
                "ROLE_ARN_INVALID",
                Severity::Error,
                format!(
                    "`{}` is not a role ARN (`arn:aws:iam::<account>:role/<name>`)",
                    member.key
                ),
                member.key_span,
            ));
            continue;
        }
        set.roles.push(role(arn, &member.value, &mut problems));
    }
    if let Some(node) = root.get("customerManagedPolicies") {
        for m in object(node, "customerManagedPolicies", &mut problems) {
            if let Some(p) = read_policy(&m.key, &m.value, &mut problems) {
                set.customer_managed.push((m.key.clone(), p));
            }
        }
    }
    if let Some(node) = root.get("resourcePolicies") {
        for m in object(node, "resourcePolicies", &mut problems) {
            if let Some(p) = read_policy(
                &format!("resource policy of {}", m.key),
                &m.value,
                &mut problems,
            ) {
                set.resource_policies.push((
                    Spanned {
                        value: m.key.clone(),
                        span: m.key_span,
                    },
                    p,
                ));
            }
        }
    }
    for m in root.as_object().unwrap_or_default() {
        if !["roles", "customerManagedPolicies", "resourcePolicies"].contains(&m.key.as_str()) {
            problems.push(problem("ROLES_ELEMENT_UNKNOWN", Severity::Warning, format!("unknown element `{}`: expected `roles`, `customerManagedPolicies` or `resourcePolicies`", m.key), m.key_span));
        }
    }
    Ok((set, problems))
}

/// `aws iam get-account-authorization-details` output: `RoleDetailList` and the default versions
/// of the customer managed `Policies`. The CLI prints documents as JSON; the API returns them
/// URL-encoded, which is decoded here (their places then point at the whole string).
fn read_authorization_details(root: &Node) -> (RoleSet, Vec<RolesProblem>) {
    let mut problems = Vec::new();
    let mut set = RoleSet {
        roles: Vec::new(),
        customer_managed: Vec::new(),
        resource_policies: Vec::new(),
    };
    let string = |n: &Node, k: &str| {
        n.get(k).and_then(|v| {
            v.as_str().map(|s| Spanned {
                value: s.to_owned(),
                span: v.span,
            })
        })
    };
    let items = |n: &Node, k: &str| {
        n.get(k)
            .and_then(Node::as_array)
            .map(<[Node]>::to_vec)
            .unwrap_or_default()
    };
    for detail in items(root, "RoleDetailList") {
        let Some(arn) = string(&detail, "Arn") else {
            continue;
        };
        let name = arn.value.rsplit('/').next().unwrap_or_default().to_owned();
        let mut role = Role {
            arn,
            trust_policy: None,
            managed: Vec::new(),
            inline: Vec::new(),
            boundary: None,
        };
        if let Some(doc) = detail.get("AssumeRolePolicyDocument") {
            role.trust_policy = document(doc)
                .and_then(|d| read_policy(&format!("trust policy of {name}"), &d, &mut problems));
        }
        for inline in items(&detail, "RolePolicyList") {
            let policy_name =
                string(&inline, "PolicyName").map_or_else(|| "inline".to_owned(), |s| s.value);
            if let Some(doc) = inline.get("PolicyDocument").and_then(document) {
                role.inline
                    .extend(read_policy(&policy_name, &doc, &mut problems));
            }
        }
        role.managed = items(&detail, "AttachedManagedPolicies")
            .iter()
            .filter_map(|m| string(m, "PolicyArn"))
            .collect();
        role.boundary = detail
            .get("PermissionsBoundary")
            .and_then(|b| string(b, "PermissionsBoundaryArn"))
            .map(Boundary::Arn);
        set.roles.push(role);
    }
    for policy in items(root, "Policies") {
        let Some(arn) = string(&policy, "Arn") else {
            continue;
        };
        let default = items(&policy, "PolicyVersionList").into_iter().find(|v| {
            matches!(
                v.get("IsDefaultVersion").map(|d| &d.kind),
                Some(NodeKind::Bool(true))
            )
        });
        if let Some(doc) = default
            .as_ref()
            .and_then(|v| v.get("Document"))
            .and_then(document)
            && let Some(p) = read_policy(&arn.value, &doc, &mut problems)
        {
            set.customer_managed.push((arn.value, p));
        }
    }
    (set, problems)
}

/// A policy document: JSON as the CLI prints it, or the URL-encoded text the API returns.
fn document(node: &Node) -> Option<Node> {
    let Some(encoded) = node.as_str() else {
        return Some(node.clone());
    };
    let decoded = percent_decode(encoded)?;
    let mut parsed = super::json::parse(&decoded).ok()?;
    point_all_at(&mut parsed, node.span);
    Some(parsed)
}

fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        match b {
            b'%' => {
                let hex = [rest.next()?, rest.next()?];
                let value = u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?;
                bytes.push(value);
            }
            b'+' => bytes.push(b' '),
            _ => bytes.push(b),
        }
    }
    String::from_utf8(bytes).ok()
}

fn point_all_at(node: &mut Node, span: Span) {
    node.span = span;
    match &mut node.kind {
        NodeKind::Array(items) => items.iter_mut().for_each(|n| point_all_at(n, span)),
        NodeKind::Object(members) => {
            for m in members {
                m.key_span = span;
                point_all_at(&mut m.value, span);
            }
        }
        _ => {}
    }
}

fn role(arn: Spanned<String>, node: &Node, problems: &mut Vec<RolesProblem>) -> Role {
    let mut role = Role {
        arn,
        trust_policy: None,
        managed: Vec::new(),
        inline: Vec::new(),
        boundary: None,
    };
    let name = role.name().to_owned();
    for m in object(node, &format!("role `{name}`"), problems) {
        match m.key.as_str() {
            "trustPolicy" => role.trust_policy = read_policy(&format!("trust policy of {name}"), &m.value, problems),
            "managedPolicies" => match &m.value.kind {
                NodeKind::Array(items) => {
                    for item in items {
                        match item.as_str() {
                            Some(s) => role.managed.push(Spanned { value: s.to_owned(), span: item.span }),
                            None => problems.push(problem("MANAGED_POLICY_INVALID", Severity::Error, "`managedPolicies` lists policy ARNs as strings".into(), item.span)),
                        }
                    }
                }
                _ => problems.push(problem("MANAGED_POLICY_INVALID", Severity::Error, "`managedPolicies` must be an array of policy ARNs".into(), m.value.span)),
            },
            "inlinePolicies" => {
                for p in object(&m.value, "inlinePolicies", problems) {
                    if let Some(policy) = read_policy(&p.key, &p.value, problems) {
                        role.inline.push(policy);
                    }
                }
            }
            "permissionsBoundary" => {
                role.boundary = match m.value.as_str() {
                    Some(arn) => Some(Boundary::Arn(Spanned { value: arn.to_owned(), span: m.value.span })),
                    None => read_policy(&format!("permissions boundary of {name}"), &m.value, problems).map(Boundary::Document),
                };
            }
            other => problems.push(problem("ROLE_ELEMENT_UNKNOWN", Severity::Warning, format!("unknown role element `{other}`: expected `trustPolicy`, `managedPolicies`, `inlinePolicies` or `permissionsBoundary`"), m.key_span)),
        }
    }
    role
}

fn object<'n>(
    node: &'n Node,
    what: &str,
    problems: &mut Vec<RolesProblem>,
) -> &'n [crate::input::node::Member] {
    match node.as_object() {
        Some(members) => members,
        None => {
            problems.push(problem(
                "ROLES_INVALID",
                Severity::Error,
                format!("`{what}` must be an object, found {}", node.kind_name()),
                node.span,
            ));
            &[]
        }
    }
}

/// Reads one policy document, turning its problems into roles problems named after it.
pub(crate) fn read_policy(
    name: &str,
    node: &Node,
    problems: &mut Vec<RolesProblem>,
) -> Option<Policy> {
    match policy::read(name, node) {
        Ok((p, found)) => {
            problems.extend(found.into_iter().map(|f| RolesProblem {
                code: f.code,
                severity: if f.fatal {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: format!("{name}: {}", f.message),
                span: f.span,
            }));
            Some(p)
        }
        Err(f) => {
            problems.push(RolesProblem {
                code: f.code,
                severity: Severity::Error,
                message: f.message,
                span: f.span,
            });
            None
        }
    }
}

fn problem(code: &'static str, severity: Severity, message: String, span: Span) -> RolesProblem {
    RolesProblem {
        code,
        severity,
        message,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json;

    #[test]
    fn reads_roles_policies_and_resource_policies() {
        let text = r#"{"roles": {"arn:aws:iam::111122223333:role/exec": {
              "trustPolicy": {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]},
              "managedPolicies": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
              "inlinePolicies": {"secrets": {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}},
              "permissionsBoundary": "arn:aws:iam::111122223333:policy/boundary"}},
            "resourcePolicies": {"arn:aws:kms:us-east-1:111122223333:key/k": {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}}}"#;
        let (set, problems) = read(&json::parse(text).unwrap()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let role = set.role("arn:aws:iam::111122223333:role/exec").unwrap();
        assert_eq!(role.name(), "exec");
        assert!(role.trust_policy.is_some());
        assert_eq!(role.managed.len(), 1);
        assert_eq!(role.inline[0].name, "secrets");
        assert!(matches!(role.boundary, Some(Boundary::Arn(_))));
        assert!(
            set.resource_policy("arn:aws:kms:us-east-1:111122223333:key/k")
                .is_some()
        );
    }

    #[test]
    fn a_bad_policy_is_reported_and_the_rest_is_kept() {
        let text = r#"{"roles": {"arn:aws:iam::1:role/a": {"inlinePolicies": {"p": {"Statement": [{"Effect":"allow","Action":"s3:*","Resource":"*"}]}}},
                                 "not-an-arn": {}}}"#;
        let (set, problems) = read(&json::parse(text).unwrap()).unwrap();
        assert_eq!(set.roles.len(), 1);
        let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [
                "POLICY_VERSION_MISSING",
                "EFFECT_INVALID",
                "ROLE_ARN_INVALID"
            ]
        );
    }

    #[test]
    fn reads_get_account_authorization_details() {
        let text = r#"{"RoleDetailList": [{"RoleName": "exec", "Arn": "arn:aws:iam::111122223333:role/exec",
              "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
              "RolePolicyList": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}}],
              "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}],
              "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/b"}}],
            "Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p", "PolicyVersionList": [
              {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Version": "2012-10-17", "Statement": []}},
              {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}]}"#;
        let (set, problems) = read(&json::parse(text).unwrap()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let role = set.role("arn:aws:iam::111122223333:role/exec").unwrap();
        assert!(role.trust_policy.is_some());
        assert_eq!(role.inline.len(), 1);
        assert!(matches!(role.boundary, Some(Boundary::Arn(_))));
        assert_eq!(
            set.customer_managed("arn:aws:iam::111122223333:policy/p")
                .unwrap()
                .statements
                .len(),
            1
        );
    }

    #[test]
    fn a_lone_policy_gets_a_hint() {
        let err =
            read(&json::parse(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap()).unwrap_err();
        assert!(err.message.contains("looks like a single policy"));
    }
}
