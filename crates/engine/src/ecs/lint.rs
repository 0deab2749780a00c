//! Checks of the policies the user wrote for the task's roles, with the IAM catalogue: actions
//! that do not exist, wildcard-only actions scoped to ARNs, what a role grants beyond what the
//! task needs, and (in `broad.rs`) needed actions granted on more resources than the task
//! touches. AWS managed policies are AWS's and are not linted.

use std::collections::BTreeSet;

use super::findings;
use crate::diagnostic::{InputName, LineIndex};
use crate::iam::catalog::{AccessLevel, ActionLookup, Catalog};
use crate::iam::policy::{Effect, Policy};
use crate::input::roles::{Role, RoleSet};
use crate::report::{ActionLine, Finding, RoleKind};

/// The findings for the policies of `roles` (the task's roles, by kind).
#[must_use]
pub fn lint(
    roles: &[(RoleKind, &Role)],
    set: &RoleSet,
    actions: &[ActionLine],
    text: &str,
    input: InputName,
) -> Vec<Finding> {
    let index = LineIndex::new(text);
    let catalog = Catalog::get();
    let mut out = Vec::new();
    for (kind, role) in roles {
        let policies = written_policies(role, set);
        for policy in &policies {
            for st in policy
                .statements
                .iter()
                .filter(|s| s.effect == Effect::Allow && !s.actions.negated)
            {
                let at = Some(index.locate(input, st.actions.span));
                for pattern in &st.actions.items {
                    if pattern.contains(['*', '?']) {
                        continue;
                    }
                    match catalog.lookup(pattern) {
                        ActionLookup::UnknownAction | ActionLookup::UnknownService => {
                            let hint = catalog
                                .suggest(pattern)
                                .map(|s| format!(": did you mean `{s}`?"))
                                .unwrap_or_default();
                            out.push(findings::UNKNOWN_ACTION.raise(
                                format!("`{pattern}` in policy `{}` of the {} is not an IAM action{hint}", policy.name, kind.label()),
                                at,
                            ));
                        }
                        ActionLookup::Known(info) if info.is_wildcard_only() => {
                            let scoped = st
                                .resources
                                .as_ref()
                                .is_some_and(|r| !r.negated && !r.items.iter().any(|i| i == "*"));
                            if scoped {
                                out.push(findings::WILDCARD_ONLY_ACTION_SCOPED.raise(
                                    format!(
                                        "`{}` has no resource type, so only `\"Resource\": \"*\"` grants it; in policy `{}` of the {} it is scoped to specific ARNs and grants nothing",
                                        info.name(),
                                        policy.name,
                                        kind.label()
                                    ),
                                    at,
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        let at = Some(index.locate(input, role.arn.span));
        unused_grants(*kind, role, &policies, actions, catalog, at, &mut out);
        super::broad::lint(
            *kind,
            role,
            &policies,
            actions,
            catalog,
            &|span| index.locate(input, span),
            &mut out,
        );
    }
    out
}

/// Inline and customer managed policies: the ones the user can change.
fn written_policies<'a>(role: &'a Role, set: &'a RoleSet) -> Vec<&'a Policy> {
    let mut out: Vec<&Policy> = role.inline.iter().collect();
    out.extend(
        role.managed
            .iter()
            .filter_map(|arn| set.customer_managed(&arn.value)),
    );
    out
}

/// What the written policies allow beyond the actions the task needs from this role.
fn unused_grants(
    kind: RoleKind,
    role: &Role,
    policies: &[&Policy],
    actions: &[ActionLine],
    catalog: &Catalog,
    at: Option<crate::diagnostic::Location>,
    out: &mut Vec<Finding>,
) {
    let needed: BTreeSet<String> = actions
        .iter()
        .filter(|l| l.role_arn.as_deref() == Some(role.arn.value.as_str()))
        .map(|l| l.action.to_ascii_lowercase())
        .collect();
    // Each distinct pattern expanded once: large roles repeat the same few (`logs:*`…).
    let patterns: BTreeSet<String> = policies
        .iter()
        .flat_map(|p| p.statements.iter())
        .filter(|s| s.effect == Effect::Allow && !s.actions.negated)
        .flat_map(|s| s.actions.items.iter())
        .map(|p| p.to_ascii_lowercase())
        .collect();
    let granted: BTreeSet<&str> = patterns.iter().flat_map(|p| catalog.expand(p)).collect();
    let unused: Vec<&str> = granted
        .into_iter()
        .filter(|a| !needed.contains(&a.to_ascii_lowercase()))
        .collect();
    if unused.is_empty() {
        return;
    }
    let risky: Vec<&str> = unused
        .iter()
        .copied()
        .filter(|a| {
            catalog.action(a).is_some_and(|i| {
                matches!(
                    i.access_level(),
                    AccessLevel::Write | AccessLevel::PermissionsManagement
                )
            })
        })
        .collect();
    let (kind_of_finding, examples) = if risky.is_empty() {
        (findings::ROLE_GRANTS_UNUSED_READS, &unused)
    } else {
        (findings::ROLE_GRANTS_UNUSED_WRITES, &risky)
    };
    let shown: Vec<String> = examples.iter().take(5).map(|a| format!("`{a}`")).collect();
    let more = examples.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    out.push(kind_of_finding.raise(
        format!(
            "the {} `{}` is allowed {} this task does not need ({} of them write or change permissions), e.g. {}{more}",
            kind.label(),
            role.arn.value,
            plural(unused.len(), "action"),
            risky.len(),
            shown.join(", ")
        ),
        at,
    ));
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
