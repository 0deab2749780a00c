//! Decides each action line with the performing role's policies.
//!
//! Decisions use permission policies only: the role's identity policies (inline, customer
//! managed, AWS managed), its permissions boundary, and the resource policy whose key is the
//! line's resource. Trust policies never change a decision (a trust problem is a finding).

/// The memo's maps: keys of a hundred bytes or more that often share a long start (the ARNs of
/// one account), which a hash reads once where an ordered map compares them byte by byte.
pub(super) type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

use super::features::TaskContext;
use super::findings;
use crate::diagnostic::{InputName, LineIndex};
use crate::iam::arn::{Arn, literal_prefix};
use crate::iam::context::Context;
use crate::iam::evaluate::{Decision, Evaluation, Outcome, PolicySet, Request, evaluate};
use crate::iam::managed::{self, Lookup};
use crate::iam::policy::{Policy, PolicyVersion};
use crate::iam::principal::RequestPrincipal;
use crate::input::roles::{Boundary, Role, RoleSet};
use crate::report::{ActionLine, DecidingStatement, Finding, LineDecision, RoleKind};

/// Places in the input the roles were read from.
pub struct Located<'a> {
    index: LineIndex<'a>,
    input: InputName,
}

impl Located<'_> {
    #[must_use]
    pub fn locate(&self, span: crate::diagnostic::Span) -> crate::diagnostic::Location {
        self.index.locate(self.input, span)
    }
}

/// The caller of the requests made with one role's credentials in one region.
struct Caller {
    principal: RequestPrincipal,
    account: String,
    context: Context,
}

/// Who calls with the role's credentials, and what is known of the request context of such
/// a call in `region`; every other key is unknown, and conditions on it make a decision
/// conditional.
fn caller(role: &Role, region: Option<String>, ctx: &TaskContext) -> Caller {
    // A template leaves the account to deploy time (`*`): it is the task's account.
    let account = match role.arn.value.split(':').nth(4) {
        Some(a) if !a.is_empty() && a != "*" => a.to_owned(),
        _ => ctx.account.clone().unwrap_or_else(|| "*".into()),
    };
    let partition = role.arn.value.split(':').nth(1).unwrap_or("aws");
    let principal = RequestPrincipal::parse(&format!(
        "arn:{partition}:sts::{account}:assumed-role/{}/ecs-task",
        role.name()
    ));
    let mut c = Context::open();
    c.set("aws:PrincipalArn", vec![role.arn.value.clone()]);
    c.set("aws:PrincipalAccount", vec![account.clone()]);
    c.set("aws:PrincipalType", vec!["AssumedRole".into()]);
    c.set("aws:SecureTransport", vec!["true".into()]);
    c.set_absent("aws:username");
    if let Some(region) = region {
        c.set("aws:RequestedRegion", vec![region]);
    }
    Caller {
        principal,
        account,
        context: c,
    }
}

/// A role's permission policies, gathered once for as long as the roles do not change.
#[derive(Clone, Default)]
struct RolePolicies {
    identity: Vec<Policy>,
    boundary: Vec<Policy>,
    /// Attached policies that are neither bundled nor given: a decision may be incomplete.
    missing: Vec<String>,
    /// The findings raised while gathering them (a managed policy ARN that is wrong or not
    /// given), raised again by every analysis that uses the role.
    findings: Vec<Finding>,
}

/// What a line's decision sets, kept to answer the same question again.
#[derive(Clone)]
struct Decided {
    decision: LineDecision,
    decided_by: Vec<DecidingStatement>,
    depends_on: Vec<String>,
}

/// What the decisions of one analysis leave for the next one, valid while the roles (their
/// text and the input it is), and where the task runs, stay the same.
///
/// The page analyses again at every pause in typing; most edits leave the roles as they were
/// and change few lines, so most lines are decided by looking their question up. Every entry is
/// a function of the roles, the task context and its key, so an analysis gives the same report
/// with a memo as without one (a test runs the corpus through one memo to check it).
#[derive(Default)]
pub struct Memo {
    /// The reading of the roles (see [`super::Roles::reading`]), the input they were read from,
    /// and the task context the entries hold for.
    valid_for: Option<(u64, InputName, TaskContext)>,
    policies: HashMap<String, RolePolicies>,
    /// For each role ARN and action (lower case), its policies with only the statements whose
    /// `Action` covers the action. Many lines share an action (every container pulls its image),
    /// so the actions of a role's statements are matched once per action rather than once per
    /// line, and each line goes through the few statements that can apply. The explanations stay
    /// the same: the analysis leaves statements whose `Action` does not match out of them.
    /// Keyed by `"<role ARN>\n<action>"`: one map type for these caches keeps the page's
    /// bundle smaller than a map per key type.
    by_action: HashMap<String, ForAction>,
    /// For each role ARN and region: who calls and the known request context.
    /// Keyed by `"<role ARN>\n<region>"`.
    callers: HashMap<String, Caller>,
    /// Where in `decided` each line's answer is, keyed by its resource, action, role kind, role
    /// ARN and known context, and where each wrong-role question's is, keyed by resource,
    /// action, `"?"` and role ARN. (A map to positions rather than a map of answers: the
    /// analysis already has this map type, and each new one costs the page's bundle kilobytes.)
    answered: HashMap<String, usize>,
    decided: Vec<Decided>,
    /// The lines of the roles text, once an analysis has needed a place in it.
    roles_lines: Option<crate::diagnostic::Lines>,
}

impl Memo {
    /// The answer remembered under `key`.
    fn recalled(&self, key: &str) -> Option<&Decided> {
        self.answered.get(key).and_then(|&i| self.decided.get(i))
    }

    fn remember(&mut self, key: String, answer: Decided) {
        self.answered.insert(key, self.decided.len());
        self.decided.push(answer);
    }

    /// Empties the memo unless it holds for these roles and this task context.
    fn hold_for(&mut self, reading: u64, input: InputName, ctx: &TaskContext) {
        let same = self
            .valid_for
            .as_ref()
            .is_some_and(|(r, i, c)| *r == reading && *i == input && c == ctx);
        if !same {
            *self = Self {
                valid_for: Some((reading, input, ctx.clone())),
                ..Self::default()
            };
        }
    }
}

/// A role's policies for one action, with what lets a line skip the statements whose
/// `Resource` cannot match its resource.
#[derive(Default)]
struct ForAction {
    identity: Vec<Policy>,
    boundary: Vec<Policy>,
    identity_index: ResourceIndex,
    boundary_index: ResourceIndex,
}

impl ForAction {
    fn new(all: Option<&RolePolicies>, action: &str) -> Self {
        let keep = |list: Option<&Vec<Policy>>| list.map(|p| for_action(p, action));
        let identity = keep(all.map(|p| &p.identity)).unwrap_or_default();
        let boundary = keep(all.map(|p| &p.boundary)).unwrap_or_default();
        Self {
            identity_index: ResourceIndex::new(&identity),
            boundary_index: ResourceIndex::new(&boundary),
            identity,
            boundary,
        }
    }
}

/// Which statements of a list of policies (flat: policy by policy, statement by statement) can
/// apply to a resource. Every resource a `Resource` pattern matches starts with the pattern's
/// text before its first wildcard; for a full ARN pattern with a literal service, the resource's
/// service is that one and its resource part starts with the pattern's resource part up to its
/// first wildcard (the region and account may be wildcards). In a role with hundreds of
/// statements, a line's resource passes these tests for only a few.
#[derive(Default)]
struct ResourceIndex {
    /// Statements evaluated whatever the resource: no `Resource`, `NotResource`, a pattern that
    /// starts with a wildcard or holds a policy variable.
    always: Vec<bool>,
    /// (literal prefix of the whole pattern, flat statement position), sorted.
    by_text: Vec<(String, usize)>,
    /// (`service` U+0001 literal prefix of the resource part, flat statement position), sorted.
    by_part: Vec<(String, usize)>,
}

/// The key of an ARN, or of a full ARN pattern with a literal service, in `by_part`.
fn part_key(service: &str, resource_part: &str) -> String {
    format!("{service}\u{1}{resource_part}")
}

impl ResourceIndex {
    fn new(policies: &[Policy]) -> Self {
        let mut index = Self::default();
        for (at, (policy, st)) in policies
            .iter()
            .flat_map(|p| p.statements.iter().map(move |s| (p, s)))
            .enumerate()
        {
            let patterns = match &st.resources {
                Some(r) if !r.negated => &r.items,
                _ => {
                    index.always.push(true);
                    continue;
                }
            };
            let mut keys = Vec::new();
            for p in patterns {
                let variable = policy.version == PolicyVersion::V2012_10_17 && p.contains("${");
                let arn = Arn::parse(p).filter(|a| literal_prefix(a.service) == a.service);
                match arn {
                    _ if variable => break,
                    Some(a) => keys.push((true, part_key(a.service, literal_prefix(a.resource)))),
                    None if !literal_prefix(p).is_empty() => {
                        keys.push((false, literal_prefix(p).to_owned()));
                    }
                    None => break,
                }
            }
            if keys.len() < patterns.len() {
                index.always.push(true);
                continue;
            }
            index.always.push(false);
            for (by_part, key) in keys {
                if by_part {
                    index.by_part.push((key, at));
                } else {
                    index.by_text.push((key, at));
                }
            }
        }
        index.by_text.sort_unstable();
        index.by_part.sort_unstable();
        index
    }

    /// The statements to skip for `resource`: those that none of the tests above lets through.
    /// Empty (skip none) when every statement is to be evaluated anyway.
    fn skip_for(&self, resource: &str) -> Vec<bool> {
        if self.by_text.is_empty() && self.by_part.is_empty() {
            return Vec::new();
        }
        let mut keep = self.always.clone();
        let marked = match Arn::parse(resource) {
            Some(arn) => mark(
                &self.by_part,
                &part_key(arn.service, arn.resource),
                &mut keep,
            ),
            // Not an ARN: patterns match it as whole text; let every full ARN pattern through.
            None => {
                for (_, at) in &self.by_part {
                    if let Some(k) = keep.get_mut(*at) {
                        *k = true;
                    }
                }
                true
            }
        };
        if !marked || !mark(&self.by_text, resource, &mut keep) {
            return Vec::new();
        }
        keep.into_iter().map(|k| !k).collect()
    }
}

/// Marks in `keep` the statements of every key of the sorted `list` that starts `text`; false
/// when `text` cannot be cut at its keys' lengths (not ASCII): then nothing may be skipped.
fn mark(list: &[(String, usize)], text: &str, keep: &mut [bool]) -> bool {
    // The keys that start `text`, longest first: the greatest key not above the probe is either
    // a prefix of it (keep its statements, then look for shorter ones) or shares only its first
    // `n` bytes, and then no key longer than `n` starts `text`.
    let mut probe_len = text.len();
    loop {
        let Some(probe) = text.get(..probe_len) else {
            return false;
        };
        let below = list.partition_point(|(k, _)| k.as_str() <= probe);
        let Some((key, _)) = below.checked_sub(1).and_then(|i| list.get(i)) else {
            return true;
        };
        if probe.starts_with(key.as_str()) {
            for (_, at) in list
                .get(..below)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|(k, _)| k == key)
            {
                if let Some(k) = keep.get_mut(*at) {
                    *k = true;
                }
            }
            match key.len().checked_sub(1) {
                Some(shorter) => probe_len = shorter,
                None => return true,
            }
        } else {
            probe_len = key
                .bytes()
                .zip(probe.bytes())
                .take_while(|(a, b)| a == b)
                .count();
        }
    }
}

pub struct Decider<'a> {
    roles: &'a RoleSet,
    index: Located<'a>,
    ctx: &'a TaskContext,
    memo: &'a mut Memo,
    /// The roles whose gathering findings this analysis has raised.
    raised: Vec<String>,
    /// Roles the task names through a value rolecall could not resolve (a template intrinsic).
    pub unresolved: Vec<RoleKind>,
    pub findings: Vec<Finding>,
}

impl<'a> Decider<'a> {
    #[must_use]
    pub fn new(
        roles: &'a RoleSet,
        roles_text: &'a str,
        input: InputName,
        reading: u64,
        ctx: &'a TaskContext,
        memo: &'a mut Memo,
    ) -> Self {
        memo.hold_for(reading, input, ctx);
        Self {
            roles,
            index: Located {
                index: LineIndex::with_lines(roles_text, memo.roles_lines.take()),
                input,
            },
            ctx,
            memo,
            raised: Vec::new(),
            unresolved: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// The instance role: the given role that trusts `ec2.amazonaws.com` and that the task
    /// definition and service do not name.
    #[must_use]
    pub fn instance_role(&self, named: &[&str]) -> Option<&'a Role> {
        self.roles.roles.iter().find(|r| {
            !named.contains(&r.arn.value.as_str())
                && r.trust_policy
                    .as_ref()
                    .is_some_and(|t| trusts(t, "ec2.amazonaws.com"))
        })
    }

    /// Sets `decision`, `decided_by` and `depends_on` of one line.
    pub fn decide(&mut self, line: &mut ActionLine) {
        let Some(arn) = line.role_arn.clone() else {
            // Nobody to make the call: no credentials at all, or a required role is missing.
            line.decision = Some(match line.role {
                RoleKind::Instance => LineDecision::NoPolicy,
                kind if self.unresolved.contains(&kind) => LineDecision::NoPolicy,
                _ => LineDecision::Denied,
            });
            return;
        };
        // The service-linked role's policy is AWS's and cannot change: decide with it even when
        // the roles input leaves the role out.
        let implicit;
        let role = match self.roles.role(&arn) {
            Some(role) => role,
            None if line.role == RoleKind::ServiceLinked || super::is_service_linked(&arn) => {
                implicit = service_linked_role(&arn);
                &implicit
            }
            None => {
                line.decision = Some(LineDecision::NoPolicy);
                return;
            }
        };
        self.touch(role);
        // Keys are joined rather than formatted (`format!` is several times slower in wasm, and
        // these are built for every line of every analysis), the resource first: keys that start
        // with the same role ARN made every comparison in the map read that far.
        let mut key = [&line.resource, &line.action, line.role.as_str(), &arn].join("\n");
        for (k, v) in &line.context {
            key.push('\n');
            key.push_str(k);
            key.push(v.as_ref().map_or('\u{0}', |_| '='));
            key.push_str(v.as_deref().unwrap_or_default());
        }
        if let Some(d) = self.memo.recalled(&key) {
            line.decision = Some(d.decision);
            line.decided_by.clone_from(&d.decided_by);
            line.depends_on.clone_from(&d.depends_on);
            return;
        }
        let evaluation = self.evaluate_with(role, &line.action, &line.resource, &line.context);
        let missing = self
            .memo
            .policies
            .get(&arn)
            .is_some_and(|p| !p.missing.is_empty());
        let suffix_unknown = evaluation.decision == Decision::ImplicitlyDenied
            && self.allows_some_suffix(role, &line.action, &line.resource);
        let decision = match evaluation.decision {
            Decision::Allowed => LineDecision::Allowed,
            Decision::ExplicitlyDenied => LineDecision::Denied,
            // An attached policy we cannot read might be the one that allows.
            Decision::ImplicitlyDenied if missing => LineDecision::NoPolicy,
            Decision::ImplicitlyDenied if suffix_unknown => LineDecision::Conditional,
            Decision::ImplicitlyDenied => LineDecision::Denied,
            Decision::Conditional => LineDecision::Conditional,
        };
        line.decision = Some(decision);
        line.decided_by = evaluation
            .decided_by
            .iter()
            .filter_map(|&i| evaluation.statements.get(i))
            .map(|s| DecidingStatement {
                policy_type: s.policy_type.as_str().into(),
                policy: s.policy.clone(),
                effect: s.effect.into(),
                statement: s.sid.clone().unwrap_or_else(|| s.index.to_string()),
                location: (!managed::is_aws_managed(&s.policy)).then(|| self.index.locate(s.span)),
            })
            .collect();
        line.depends_on = evaluation
            .statements
            .iter()
            .flat_map(|s| match &s.outcome {
                Outcome::Conditional { keys } => keys.clone(),
                _ => Vec::new(),
            })
            .fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
        if suffix_unknown {
            line.depends_on
                .push("the secret's six-character ARN suffix".into());
        }
        self.memo.remember(
            key,
            Decided {
                decision,
                decided_by: line.decided_by.clone(),
                depends_on: line.depends_on.clone(),
            },
        );
    }

    /// Gathers the role's policies unless the memo holds them, and raises the findings that
    /// gathering them raised, once per analysis, when the analysis first uses the role.
    fn touch(&mut self, role: &Role) {
        let arn = &role.arn.value;
        if !self.memo.policies.contains_key(arn) {
            let gathered = self.gather(role);
            self.memo.policies.insert(arn.clone(), gathered);
        }
        if !self.raised.contains(arn) {
            self.raised.push(arn.clone());
            if let Some(p) = self.memo.policies.get(arn) {
                self.findings.extend(p.findings.iter().cloned());
            }
        }
    }

    /// For a secret named by a partial ARN (`name-??????`): whether the role allows it for one
    /// particular suffix, so that the answer depends on the secret's real ARN.
    fn allows_some_suffix(&mut self, role: &Role, action: &str, resource: &str) -> bool {
        let Some(base) = resource.strip_suffix("??????") else {
            return false;
        };
        // The candidates are copied out so that the memo is free for `allows`; the policies are
        // not.
        let candidates: Vec<String> = self
            .memo
            .policies
            .get(&role.arn.value)
            .into_iter()
            .flat_map(|p| p.identity.iter())
            .flat_map(|p| p.statements.iter())
            .filter(|s| s.effect == crate::iam::policy::Effect::Allow)
            .filter_map(|s| s.resources.as_ref())
            .flat_map(|r| r.items.iter())
            .filter(|p| p.len() == resource.len() && p.starts_with(base))
            .cloned()
            .collect();
        candidates.iter().any(|c| self.allows(role, action, c))
    }

    /// Whether `role` may perform `action` on `resource`.
    pub fn allows(&mut self, role: &Role, action: &str, resource: &str) -> bool {
        self.touch(role);
        let key = [resource, action, "?", &role.arn.value].join("\n");
        if let Some(d) = self.memo.recalled(&key) {
            return d.decision == LineDecision::Allowed;
        }
        let allowed = self.evaluate(role, action, resource).decision == Decision::Allowed;
        self.memo.remember(
            key,
            Decided {
                decision: if allowed {
                    LineDecision::Allowed
                } else {
                    LineDecision::Denied
                },
                decided_by: Vec::new(),
                depends_on: Vec::new(),
            },
        );
        allowed
    }

    fn evaluate(&mut self, role: &Role, action: &str, resource: &str) -> Evaluation {
        self.evaluate_with(role, action, resource, &[])
    }

    fn evaluate_with(
        &mut self,
        role: &Role,
        action: &str,
        resource: &str,
        known: &[(String, Option<String>)],
    ) -> Evaluation {
        self.touch(role);
        let key = [role.arn.value.as_str(), &action.to_ascii_lowercase()].join("\n");
        let all = self.memo.policies.get(&role.arn.value);
        let policies = self
            .memo
            .by_action
            .entry(key)
            .or_insert_with(|| ForAction::new(all, action));
        let skip_identity = policies.identity_index.skip_for(resource);
        let skip_boundary = policies.boundary_index.skip_for(resource);
        // The principal and the context depend on the role and the resource's region only.
        let region = resource
            .split(':')
            .nth(3)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .or_else(|| self.ctx.region.clone());
        let ctx = self.ctx;
        let caller = self
            .memo
            .callers
            .entry(
                [
                    role.arn.value.as_str(),
                    region.as_deref().unwrap_or_default(),
                ]
                .join("\n"),
            )
            .or_insert_with(|| caller(role, region, ctx));
        let resource_account = resource
            .split(':')
            .nth(4)
            .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(&caller.account);
        let extended;
        let context = if known.is_empty() {
            &caller.context
        } else {
            let mut c = caller.context.clone();
            for (key, value) in known {
                match value {
                    Some(v) => c.set(key, vec![v.clone()]),
                    None => c.set_absent(key),
                }
            }
            extended = c;
            &extended
        };
        let set = PolicySet {
            identity: &policies.identity,
            resource: self.roles.resource_policy(resource),
            boundary: &policies.boundary,
            actions_prefiltered: true,
            skip_identity: &skip_identity,
            skip_boundary: &skip_boundary,
            ..PolicySet::default()
        };
        let request = Request {
            principal: &caller.principal,
            action,
            resource,
            resource_account: Some(resource_account),
            context,
        };
        evaluate(&set, &request)
    }

    fn gather(&self, role: &Role) -> RolePolicies {
        let mut p = RolePolicies {
            identity: role.inline.clone(),
            ..RolePolicies::default()
        };
        for arn in &role.managed {
            match self.policy_by_arn(&arn.value, arn.span, &mut p.findings) {
                Some(policy) => p.identity.push(policy),
                None => p.missing.push(arn.value.clone()),
            }
        }
        match &role.boundary {
            Some(Boundary::Document(doc)) => p.boundary.push(doc.clone()),
            Some(Boundary::Arn(arn)) => {
                match self.policy_by_arn(&arn.value, arn.span, &mut p.findings) {
                    Some(policy) => p.boundary.push(policy),
                    None => p.missing.push(arn.value.clone()),
                }
            }
            None => {}
        }
        p
    }

    fn policy_by_arn(
        &self,
        arn: &str,
        span: crate::diagnostic::Span,
        out: &mut Vec<Finding>,
    ) -> Option<Policy> {
        if let Some(policy) = self.roles.customer_managed(arn) {
            return Some(policy.clone());
        }
        let at = Some(self.index.locate(span));
        match managed::lookup(arn) {
            Lookup::Found(m) => Some(m.policy),
            Lookup::WrongPath(m) => {
                out.push(findings::MANAGED_POLICY_ARN_WRONG.raise(
                    format!(
                        "`{arn}` is not the ARN of an AWS managed policy: `{}` is `{}`",
                        m.name, m.arn
                    ),
                    at,
                ));
                None
            }
            Lookup::NotBundled => {
                out.push(findings::MANAGED_POLICY_NOT_GIVEN.raise(
                    format!("the policy `{arn}` is attached but its document was not given: decisions that it could change are `no-policy`"),
                    at,
                ));
                None
            }
        }
    }
}

/// The policies with only their statements whose `Action` covers `action`. Every policy stays,
/// even when none of its statements does: a permissions boundary with no matching statement
/// still denies.
fn for_action(policies: &[Policy], action: &str) -> Vec<Policy> {
    policies
        .iter()
        .map(|p| Policy {
            name: p.name.clone(),
            version: p.version,
            id: p.id.clone(),
            statements: p
                .statements
                .iter()
                .filter(|s| s.matches_action(action))
                .cloned()
                .collect(),
            span: p.span,
        })
        .collect()
}

/// A service-linked role with its one policy: `AmazonECSServiceRolePolicy` for ECS's
/// `AWSServiceRoleForECS`, `AWSApplicationAutoscalingECSServicePolicy` for Application Auto
/// Scaling's role for ECS services.
fn service_linked_role(arn: &str) -> Role {
    use crate::input::Spanned;
    let policy = if arn.contains("/ecs.application-autoscaling.amazonaws.com/") {
        "arn:aws:iam::aws:policy/aws-service-role/AWSApplicationAutoscalingECSServicePolicy"
    } else {
        "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"
    };
    Role {
        arn: Spanned {
            value: arn.to_owned(),
            span: crate::diagnostic::Span::default(),
        },
        trust_policy: None,
        managed: vec![Spanned {
            value: policy.into(),
            span: crate::diagnostic::Span::default(),
        }],
        inline: Vec::new(),
        boundary: None,
    }
}

/// Whether a trust policy has any Allow of `sts:AssumeRole` for the service principal.
#[must_use]
pub fn trusts(trust: &Policy, service: &str) -> bool {
    let principal = RequestPrincipal::Service(service.to_owned());
    let mut context = Context::open();
    context.set_absent("aws:username");
    let set = PolicySet {
        resource: Some(trust),
        ..PolicySet::default()
    };
    let request = Request {
        principal: &principal,
        action: "sts:AssumeRole",
        resource: "arn:aws:iam::000000000000:role/trusting",
        resource_account: None,
        context: &context,
    };
    // Conditional trust (on aws:SourceAccount…) still names the service.
    matches!(
        evaluate(&set, &request).decision,
        Decision::Allowed | Decision::Conditional
    )
}

/// Decides every line and raises the findings that need the roles: denied actions,
/// permissions on the wrong role, trust problems.
pub fn decide_all(
    actions: &mut [ActionLine],
    findings_out: &mut Vec<Finding>,
    task_roles: &[(RoleKind, &str)],
    unresolved: &[RoleKind],
    given: &super::Roles<'_>,
    ctx: &TaskContext,
    memo: &mut Memo,
) {
    let roles = given.set;
    let mut decider = Decider::new(roles, given.text, given.input, given.reading, ctx, memo);
    decider.unresolved = unresolved.to_vec();
    let named: Vec<&str> = task_roles.iter().map(|(_, arn)| *arn).collect();
    let instance = decider.instance_role(&named);
    for line in actions.iter_mut() {
        if line.role == RoleKind::Instance && line.role_arn.is_none() {
            line.role_arn = instance.map(|r| r.arn.value.clone());
        }
        decider.decide(line);
    }
    // The roles of this task that could hold a misplaced permission.
    let mut candidates: Vec<(RoleKind, &Role)> = task_roles
        .iter()
        .filter_map(|(kind, arn)| roles.role(arn).map(|r| (*kind, r)))
        .collect();
    if let Some(r) = instance {
        candidates.push((RoleKind::Instance, r));
    }
    for line in actions.iter() {
        if line.decision != Some(LineDecision::Denied) {
            continue;
        }
        let at = Some(line.source.location);
        // Joined rather than formatted: a task may have hundreds of denied lines, and
        // `format!` is several times slower in wasm.
        let who = match (line.role, line.role_arn.as_deref()) {
            (RoleKind::None, _) => "task, which has no credentials".to_owned(),
            (kind, Some(arn)) => [kind.label(), " `", arn, "`"].concat(),
            (kind, None) => [kind.label(), ", which is not named"].concat(),
        };
        // Creating the cache repository matters only until it exists: a warning, not an error.
        let denied = if line.rule == "ecr-pull-through-create-repository" {
            findings::PULL_THROUGH_CACHE_CREATE_DENIED
        } else {
            findings::ACTION_DENIED
        };
        decider.findings.push(
            denied.raise(
                [
                    "`",
                    &line.action,
                    "` on `",
                    &line.resource,
                    "` is denied for the ",
                    &who,
                    ": ",
                    &line.reason,
                ]
                .concat(),
                at,
            ),
        );
        if line.rule == "secrets-kms-decrypt" {
            decider.findings.push(findings::KMS_DECRYPT_MISSING.raise(
                format!("the {who} may not decrypt with the customer managed key `{}`, which protects the task's secrets: the task fails with \"AccessDeniedException: Access to KMS is not allowed\"", line.resource),
                at,
            ));
        }
        if line.rule == "awslogs-create-group" {
            decider.findings.push(findings::CREATE_GROUP_WITHOUT_PERMISSION.raise(
                format!("`awslogs-create-group` is `\"true\"` but the {who} may not call `logs:CreateLogGroup` on `{}`", line.resource),
                at,
            ));
        }
        for (kind, other) in &candidates {
            if Some(other.arn.value.as_str()) == line.role_arn.as_deref() {
                continue;
            }
            if decider.allows(other, &line.action, &line.resource) {
                decider
                    .findings
                    .push(findings::PERMISSION_ON_WRONG_ROLE.raise(
                        format!(
                            "`{}` on `{}` is allowed for the {} `{}`, but the {who} performs it",
                            line.action,
                            line.resource,
                            kind.label(),
                            other.arn.value
                        ),
                        at,
                    ));
            }
        }
    }
    for (kind, role) in &candidates {
        trust_findings(*kind, role, &decider.index, &mut decider.findings);
        if matches!(kind, RoleKind::Task | RoleKind::Execution)
            && let Some(infra) = role
                .managed
                .iter()
                .find(|m| m.value.contains("/AmazonECSInfrastructureRolePolicy"))
        {
            decider.findings.push(findings::INFRASTRUCTURE_ROLE_POLICY_ON_TASK_ROLE.raise(
                format!(
                    "the {} `{}` has `{}` attached: that policy is for the infrastructure role, which ECS itself assumes",
                    kind.label(),
                    role.arn.value,
                    infra.value.rsplit('/').next().unwrap_or_default()
                ),
                Some(decider.index.locate(infra.span)),
            ));
        }
    }
    #[cfg(feature = "catalog")]
    decider.findings.extend(super::lint::lint(
        &candidates,
        roles,
        actions,
        given.text,
        given.input,
    ));
    findings_out.append(&mut decider.findings);
    decider.memo.roles_lines = decider.index.index.into_lines();
}

fn trust_findings(kind: RoleKind, role: &Role, index: &Located<'_>, out: &mut Vec<Finding>) {
    let Some(trust) = &role.trust_policy else {
        return;
    };
    let at = Some(index.locate(trust.span));
    let service = match kind {
        RoleKind::Task | RoleKind::Execution => "ecs-tasks.amazonaws.com",
        RoleKind::Instance => "ec2.amazonaws.com",
        RoleKind::Infrastructure | RoleKind::ServiceScheduler => "ecs.amazonaws.com",
        RoleKind::Autoscaling => "application-autoscaling.amazonaws.com",
        _ => return,
    };
    if !trusts(trust, service) {
        out.push(findings::TRUST_POLICY_WRONG_PRINCIPAL.raise(
            format!(
                "the {} `{}` does not let `{service}` assume it, so ECS cannot use it",
                kind.label(),
                role.arn.value
            ),
            at,
        ));
        return;
    }
    if matches!(kind, RoleKind::Task | RoleKind::Execution) {
        let unguarded = trust.statements.iter().any(|s| {
            s.effect == crate::iam::policy::Effect::Allow
                && s.principals
                    .as_ref()
                    .is_some_and(|p| p.service.iter().any(|x| x == service) || p.any)
                && !s.conditions.iter().any(|c| {
                    c.key.eq_ignore_ascii_case("aws:SourceAccount")
                        || c.key.eq_ignore_ascii_case("aws:SourceArn")
                })
        });
        if unguarded {
            // AWS documents the condition for task roles; for execution roles its documentation
            // shows the plain trust policy, so say how sure this is.
            let certainty = if kind == RoleKind::Execution {
                " (AWS documents these conditions for task roles; for execution roles its own example has none, so treat this as hardening)"
            } else {
                ""
            };
            out.push(findings::MISSING_CONFUSED_DEPUTY_CONDITION.raise(
                format!(
                    "the trust policy of the {} `{}` lets `{service}` assume it without an `aws:SourceAccount` or `aws:SourceArn` condition{certainty}",
                    kind.label(),
                    role.arn.value
                ),
                at,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::arn::resource_matches;
    use crate::iam::policy;
    use crate::input::json;

    /// The index only ever skips statements whose `Resource` cannot match: for every pattern
    /// shape (literal, trailing `*`, wildcards in the region, account or service, short
    /// patterns, `NotResource`, variables, non-ARN text) against ARNs and other text.
    #[test]
    fn the_resource_index_skips_only_statements_that_cannot_match() {
        let patterns = [
            "*",
            "arn:aws:ecr:us-east-1:111122223333:repository/web",
            "arn:aws:ecr:us-east-1:111122223333:repository/web*",
            "arn:aws:ecr:*:111122223333:repository/web",
            "arn:aws:ecr:*:*:repository/*",
            "arn:aws:e?r:us-east-1:111122223333:repository/web",
            "arn:aws:*:us-east-1:111122223333:repository/web",
            "arn:aws:logs:*:111122223333:log-group:/ecs/web:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/*",
            "arn:aws:sqs:*",
            "arn:aws:sqs:us-*:q",
            "arn:aws:s3:::bucket/${aws:username}/*",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            "not-an-arn*",
            "arn:aws:ecr:us-east-1:111122223333",
        ];
        let resources = [
            "arn:aws:ecr:us-east-1:111122223333:repository/web",
            "arn:aws:ecr:eu-west-1:444455556666:repository/web",
            "arn:aws:ecr:us-east-1:111122223333:repository/web-2",
            "arn:aws:ecr:us-east-1:111122223333:repository/api",
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:x",
            "arn:aws:sqs:us-east-1:111122223333:q",
            "arn:aws:s3:::bucket/alice/k",
            "arn:aws:s3:::bucket",
            "not-an-arn-at-all",
            "arn:aws:ecr:us-east-1:111122223333",
            "*",
        ];
        let statements: Vec<String> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let element = if i % 5 == 4 {
                    "NotResource"
                } else {
                    "Resource"
                };
                format!(r#"{{"Effect":"Allow","Action":"*","{element}":"{p}"}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let node = json::parse(&text).unwrap();
        let (policy, _) = policy::read("p", &node).unwrap();
        let index = ResourceIndex::new(std::slice::from_ref(&policy));
        for resource in resources {
            let skip = index.skip_for(resource);
            for (st, skipped) in policy.statements.iter().zip(&skip) {
                let r = st.resources.as_ref().unwrap();
                let matched = r.items.iter().any(|p| resource_matches(p, resource));
                if *skipped {
                    assert!(
                        !r.negated && !matched,
                        "skipped {:?} for {resource}",
                        r.items
                    );
                }
            }
            // Something is skipped where it should be: the literal ECR pattern for another
            // repository.
            if resource.ends_with("repository/api") {
                assert_eq!(skip.get(1), Some(&true));
            }
        }
    }
}
