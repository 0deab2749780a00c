//! AWS's policy evaluation logic, with an explanation for every statement considered.
//!
//! Sources: "Policy evaluation logic" and its pages "How AWS enforcement code logic evaluates
//! requests", "Policy evaluation for requests within a single account" and "Cross-account policy
//! evaluation logic" in the IAM User Guide.

use serde::Serialize;

use super::arn::resource_matches;
use super::condition::{self, Truth};
use super::context::Context;
use super::policy::{Effect, Policy, PolicyVersion, Statement};
use super::principal::{self, PrincipalMatch, RequestPrincipal};
use super::variables::{Substituted, substitute};
use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    Identity,
    Resource,
    PermissionsBoundary,
    Scp,
    Rcp,
    Session,
}

impl PolicyType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Resource => "resource",
            Self::PermissionsBoundary => "permissionsBoundary",
            Self::Scp => "scp",
            Self::Rcp => "rcp",
            Self::Session => "session",
        }
    }
}

/// Every policy that bears on a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct PolicySet<'a> {
    pub identity: &'a [Policy],
    /// The resource's own policy: a bucket policy, a key policy, a role's trust policy…
    pub resource: Option<&'a Policy>,
    /// Empty when the principal has no permissions boundary.
    pub boundary: &'a [Policy],
    /// One list per level (root, OU…, account), each of which must allow; empty when no SCPs apply.
    pub scps: &'a [Vec<Policy>],
    pub rcps: &'a [Vec<Policy>],
    pub session: Option<&'a Policy>,
    /// Whether the explanation lists every statement with the reason it did not apply (as
    /// `rolecall simulate` does). The ECS analysis lists only the statements that apply or may
    /// apply, the ones its report shows, which spares most of the work when roles hold many
    /// statements.
    pub explain_unmatched: bool,
    /// Set when the caller has kept only the identity and boundary statements whose `Action`
    /// covers the request's action (as the ECS analysis does once per role and action): their
    /// actions are not matched again.
    pub actions_prefiltered: bool,
    /// Identity and boundary statements the caller has found cannot apply to the request, by
    /// flat position (policy by policy, statement by statement); empty to skip none. They are
    /// left out as statements that do not apply are, so only without `explain_unmatched`.
    pub skip_identity: &'a [bool],
    pub skip_boundary: &'a [bool],
}

#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub principal: &'a RequestPrincipal,
    pub action: &'a str,
    pub resource: &'a str,
    /// The account that owns the resource; the principal's when not known.
    pub resource_account: Option<&'a str>,
    pub context: &'a Context,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Allowed,
    ExplicitlyDenied,
    ImplicitlyDenied,
    /// Depends on request context that is not known (ECS analysis only).
    Conditional,
}

/// Why a statement did or did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    Applies,
    /// Applies only if these unknown context keys have the right values.
    Conditional {
        keys: Vec<String>,
    },
    ActionNotMatched,
    ResourceNotMatched,
    PrincipalNotMatched,
    ConditionFailed {
        operator: String,
        key: String,
        values: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementResult {
    pub policy_type: PolicyType,
    pub policy: String,
    /// The SCP or RCP level, from 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: &'static str,
    #[serde(skip)]
    pub span: Span,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    /// Indexes into `statements` of those that decided: the Deny that denied, the Allows that
    /// allowed, or the conditional ones.
    pub decided_by: Vec<usize>,
    /// For an implicit deny: the policy types in which no statement allowed.
    pub missing_allow: Vec<PolicyType>,
    pub statements: Vec<StatementResult>,
}

/// Three-valued: a statement or a policy type may allow only under unknown conditions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Tri {
    #[default]
    No,
    Maybe,
    Yes,
}

impl Tri {
    fn and(self, other: Self) -> Self {
        self.min(other)
    }
    fn or(self, other: Self) -> Self {
        self.max(other)
    }
}

/// Evaluates one request against a set of policies.
#[must_use]
pub fn evaluate(policies: &PolicySet<'_>, request: &Request<'_>) -> Evaluation {
    let has_boundary = !policies.boundary.is_empty();
    let mut statements = Vec::new();
    let skip = |ptype: PolicyType| match ptype {
        _ if policies.explain_unmatched => &[][..],
        PolicyType::Identity => policies.skip_identity,
        PolicyType::PermissionsBoundary => policies.skip_boundary,
        _ => &[][..],
    };
    let mut eval = |ptype: PolicyType, level: Option<usize>, list: &[&Policy]| -> Group {
        let mut g = Group::default();
        let skip = skip(ptype);
        let mut flat = 0_usize;
        for policy in list {
            for st in &policy.statements {
                flat += 1;
                if skip.get(flat - 1) == Some(&true) {
                    continue;
                }
                let action_known = policies.actions_prefiltered
                    && matches!(
                        ptype,
                        PolicyType::Identity | PolicyType::PermissionsBoundary
                    );
                let (outcome, via) =
                    statement(st, policy, ptype, request, has_boundary, action_known);
                let strength = match outcome {
                    Outcome::Applies => Tri::Yes,
                    Outcome::Conditional { .. } => Tri::Maybe,
                    _ => Tri::No,
                };
                // A statement that does not apply changes nothing but the explanation.
                if strength == Tri::No && !policies.explain_unmatched {
                    continue;
                }
                let i = statements.len();
                statements.push(StatementResult {
                    policy_type: ptype,
                    policy: policy.name.clone(),
                    level,
                    index: st.index,
                    sid: st.sid.clone(),
                    effect: if st.effect == Effect::Allow {
                        "Allow"
                    } else {
                        "Deny"
                    },
                    span: st.span,
                    outcome,
                });
                g.add(st.effect, strength, via, i);
            }
        }
        g
    };
    let identity = eval(PolicyType::Identity, None, &refs(policies.identity));
    let resource = eval(
        PolicyType::Resource,
        None,
        &policies.resource.into_iter().collect::<Vec<_>>(),
    );
    let boundary = eval(
        PolicyType::PermissionsBoundary,
        None,
        &refs(policies.boundary),
    );
    let session = eval(
        PolicyType::Session,
        None,
        &policies.session.into_iter().collect::<Vec<_>>(),
    );
    let scps: Vec<Group> = policies
        .scps
        .iter()
        .enumerate()
        .map(|(l, ps)| eval(PolicyType::Scp, Some(l), &refs(ps)))
        .collect();
    let rcps: Vec<Group> = policies
        .rcps
        .iter()
        .enumerate()
        .map(|(l, ps)| eval(PolicyType::Rcp, Some(l), &refs(ps)))
        .collect();

    let all_groups = || {
        [&identity, &resource, &boundary, &session]
            .into_iter()
            .chain(scps.iter())
            .chain(rcps.iter())
    };
    let deny = all_groups().map(|g| g.deny).max().unwrap_or(Tri::No);
    if deny == Tri::Yes {
        let decided_by = all_groups()
            .flat_map(|g| g.deny_yes.iter().copied())
            .collect();
        return Evaluation {
            decision: Decision::ExplicitlyDenied,
            decided_by,
            missing_allow: Vec::new(),
            statements,
        };
    }

    let mut missing = Vec::new();
    let mut need = |ptype: PolicyType, t: Tri| {
        if t == Tri::No && !missing.contains(&ptype) {
            missing.push(ptype);
        }
        t
    };
    let levels = |groups: &[Group]| groups.iter().fold(Tri::Yes, |acc, g| acc.and(g.allow));
    let scp_ok = need(PolicyType::Scp, levels(&scps));
    // AWS attaches RCPFullAWSAccess to every level, which cannot be detached: RCPs refuse only
    // through their Denies (handled above).
    let rcp_ok = Tri::Yes;
    let boundary_ok = if policies.boundary.is_empty() {
        Tri::Yes
    } else {
        boundary.allow
    };
    let session_ok = if policies.session.is_some() {
        session.allow
    } else {
        Tri::Yes
    };

    let allowed = match request.principal {
        // A service acts under the resource's policy alone (a role's trust policy).
        RequestPrincipal::Service(_) => need(PolicyType::Resource, resource.allow),
        _ => {
            let same_account = match (request.principal.account(), request.resource_account) {
                (Some(p), Some(r)) => p == r,
                _ => true,
            };
            // Role trust policies and KMS key policies must allow the principal themselves;
            // naming the account delegates to the identity policies.
            let must_be_named = resource_must_allow(request.action)
                && (policies.resource.is_some()
                    || request.action.to_ascii_lowercase().starts_with("kms:"));
            let identity_path = identity.allow.and(boundary_ok).and(session_ok);
            let identity_path = if must_be_named || !same_account {
                identity_path.and(resource.allow_at_least(PrincipalMatch::Account))
            } else {
                identity_path
            };
            let resource_path = if same_account {
                resource
                    .allow_at_least(PrincipalMatch::Exact)
                    .or(resource.allow_via(PrincipalMatch::Everyone))
                    .or(resource
                        .allow_via(PrincipalMatch::Role)
                        .and(boundary_ok)
                        .and(session_ok))
            } else {
                Tri::No
            };
            let path = identity_path.or(resource_path);
            if path == Tri::No {
                if identity.allow == Tri::No && resource_path == Tri::No {
                    missing.push(PolicyType::Identity);
                }
                if boundary_ok == Tri::No {
                    missing.push(PolicyType::PermissionsBoundary);
                }
                if session_ok == Tri::No {
                    missing.push(PolicyType::Session);
                }
                if (!same_account || must_be_named)
                    && resource.allow_at_least(PrincipalMatch::Account) == Tri::No
                {
                    missing.push(PolicyType::Resource);
                }
            }
            path
        }
    };
    let allowed = allowed.and(scp_ok).and(rcp_ok);
    let (decision, decided_by) = match (allowed, deny) {
        (Tri::No, _) => (Decision::ImplicitlyDenied, Vec::new()),
        (Tri::Yes, Tri::No) => (
            Decision::Allowed,
            all_groups()
                .flat_map(|g| g.allow_yes.iter().copied())
                .collect(),
        ),
        _ => (
            Decision::Conditional,
            statements
                .iter()
                .enumerate()
                .filter(|(_, s)| matches!(s.outcome, Outcome::Conditional { .. }))
                .map(|(i, _)| i)
                .collect(),
        ),
    };
    if decision != Decision::ImplicitlyDenied {
        missing.clear();
    }
    Evaluation {
        decision,
        decided_by,
        missing_allow: missing,
        statements,
    }
}

fn resource_must_allow(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.starts_with("kms:") || lower.starts_with("sts:assumerole")
}

/// Substitutes variables only in the resource part of an ARN pattern, the only place the IAM
/// User Guide allows them in `Resource`; elsewhere `${…}` stays text and matches nothing.
fn substitute_resource(pattern: &str, context: &Context) -> Substituted {
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    match parts.as_slice() {
        [p0, p1, p2, p3, p4, resource] if *p0 == "arn" => match substitute(resource, context) {
            Substituted::Text(r) => Substituted::Text(format!("{p0}:{p1}:{p2}:{p3}:{p4}:{r}")),
            other => other,
        },
        _ => substitute(pattern, context),
    }
}

/// Whether the pattern's partition, service, region and account match the resource's.
fn same_prefix(pattern: &str, resource: &str) -> bool {
    let prefix: Vec<&str> = pattern.splitn(6, ':').take(5).collect();
    resource_matches(&format!("{}:*", prefix.join(":")), resource)
}

fn refs(ps: &[Policy]) -> Vec<&Policy> {
    ps.iter().collect()
}

/// What one policy type says about the request.
#[derive(Debug, Default)]
struct Group {
    deny: Tri,
    allow: Tri,
    /// The strongest allow for each way the `Principal` named the requester.
    allow_by: Vec<(PrincipalMatch, Tri)>,
    deny_yes: Vec<usize>,
    allow_yes: Vec<usize>,
}

impl Group {
    fn add(&mut self, effect: Effect, strength: Tri, via: Option<PrincipalMatch>, index: usize) {
        match effect {
            Effect::Deny => {
                self.deny = self.deny.or(strength);
                if strength == Tri::Yes {
                    self.deny_yes.push(index);
                }
            }
            Effect::Allow => {
                self.allow = self.allow.or(strength);
                if strength == Tri::Yes {
                    self.allow_yes.push(index);
                }
                if let Some(via) = via {
                    self.allow_by.push((via, strength));
                }
            }
        }
    }

    fn allow_via(&self, via: PrincipalMatch) -> Tri {
        self.allow_by
            .iter()
            .filter(|(v, _)| *v == via)
            .map(|(_, t)| *t)
            .max()
            .unwrap_or(Tri::No)
    }

    /// Allows through a `Principal` at least as specific as `via` (Everyone counts for all).
    fn allow_at_least(&self, via: PrincipalMatch) -> Tri {
        self.allow_by
            .iter()
            .filter(|(v, _)| *v >= via || *v == PrincipalMatch::Everyone)
            .map(|(_, t)| *t)
            .max()
            .unwrap_or(Tri::No)
    }
}

/// Whether one statement applies to the request, and how its `Principal` named the requester.
fn statement(
    st: &Statement,
    policy: &Policy,
    ptype: PolicyType,
    req: &Request<'_>,
    has_boundary: bool,
    action_known: bool,
) -> (Outcome, Option<PrincipalMatch>) {
    if !action_known && !st.matches_action(req.action) {
        return (Outcome::ActionNotMatched, None);
    }
    let mut unknown = Vec::new();
    if let Some(resources) = &st.resources {
        let mut hit = Tri::No;
        for pattern in &resources.items {
            // Most patterns hold no variable: match them as they are, without a copy.
            if policy.version != PolicyVersion::V2012_10_17 || !pattern.contains("${") {
                if resource_matches(pattern, req.resource) {
                    hit = Tri::Yes;
                }
                continue;
            }
            match substitute_resource(pattern, req.context) {
                Substituted::Text(t) if resource_matches(&t, req.resource) => hit = Tri::Yes,
                Substituted::Unknown(key) if hit == Tri::No => {
                    hit = Tri::Maybe;
                    unknown.push(key);
                }
                // "If AWS cannot resolve a variable, this might cause the entire statement to be
                // invalid" (IAM User Guide, policy variables): in `NotResource` it makes the
                // statement not apply; in `Resource`, that one pattern matches nothing.
                // A pattern for another service, region or account is simply another resource.
                Substituted::Missing(_)
                    if resources.negated && same_prefix(pattern, req.resource) =>
                {
                    return (Outcome::ResourceNotMatched, None);
                }
                _ => {}
            }
        }
        let applies = if resources.negated {
            match hit {
                Tri::Yes => Tri::No,
                Tri::Maybe => Tri::Maybe,
                Tri::No => Tri::Yes,
            }
        } else {
            hit
        };
        if applies == Tri::No {
            return (Outcome::ResourceNotMatched, None);
        }
    }
    let via = match ptype {
        PolicyType::Resource | PolicyType::Rcp => match &st.principals {
            // "NotPrincipal with a Deny effect will always deny any IAM principal that has a
            // permissions boundary policy attached" (IAM User Guide, permissions boundaries).
            Some(p) if p.negated && st.effect == Effect::Deny && has_boundary => {
                Some(PrincipalMatch::Everyone)
            }
            Some(p) => match principal::matches(p, req.principal) {
                Some(via) => Some(via),
                None => return (Outcome::PrincipalNotMatched, None),
            },
            None => return (Outcome::PrincipalNotMatched, None),
        },
        _ => None,
    };
    for c in &st.conditions {
        match condition::evaluate(c, req.context, policy.version) {
            Truth::True => {}
            Truth::False => {
                return (
                    Outcome::ConditionFailed {
                        operator: c.operator_text.clone(),
                        key: c.key.clone(),
                        values: c.values.clone(),
                    },
                    via,
                );
            }
            Truth::Unknown(keys) => unknown.extend(keys),
        }
    }
    if unknown.is_empty() {
        (Outcome::Applies, via)
    } else {
        unknown.dedup();
        (Outcome::Conditional { keys: unknown }, via)
    }
}
