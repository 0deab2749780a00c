//! Statements the user wrote that allow an action the task needs on more resources than it
//! touches with it: `*`, or a wildcard that also covers other resources of the same kind (another
//! repository, another log group, every object of the bucket). AWS managed policies are AWS's and
//! are not linted; actions with no resource type (only `*` grants them) are left out.
//!
//! "Other resources of the same kind" are made concrete: for each resource a line needs, the
//! same ARN with one named part replaced (its Region, its account, or one name of the resource
//! part that the line knows, following the catalogue's ARN template for the action). A pattern
//! that matches the needed ARN and one of these is broader than the task needs. Parts the line
//! itself leaves open (`log-stream:web/web/*`, a secret's `-??????`) are never replaced, so a
//! pattern as wide as what the task needs is not flagged.

use std::collections::BTreeMap;

use super::findings;
use crate::diagnostic::{Location, Span};
use crate::iam::arn::{Arn, literal_prefix, resource_matches};
use crate::iam::catalog::{Catalog, ResourceMatch};
use crate::iam::policy::{Effect, Policy, Statement};
use crate::input::roles::Role;
use crate::report::{ActionLine, Finding, RoleKind};

/// What the task needs one action for, from one role.
struct Needed<'a> {
    /// The action as the rules write it.
    action: &'a str,
    /// Sorted, so that the candidates for a pattern are the run that starts with its literal
    /// prefix: each pattern is checked against a few resources, not all of them.
    resources: Vec<&'a str>,
    /// Resources of the same kinds that the task does not need; sorted.
    others: Vec<String>,
}

/// Whether `pattern` matches one of `sorted`. A resource a pattern matches starts with the
/// pattern's text before its first wildcard, so only that run of the sorted list is tried.
fn matches_any<S: AsRef<str>>(pattern: &str, sorted: &[S]) -> bool {
    let literal = literal_prefix(pattern);
    let start = sorted.partition_point(|r| r.as_ref() < literal);
    sorted
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|r| r.as_ref().starts_with(literal))
        .any(|r| resource_matches(pattern, r.as_ref()))
}

/// A value no real resource name, Region or account is: it stands for "another one".
const OTHER_NAME: &str = "rolecall-other";
const OTHER_REGION: &str = "zz-other-1";

/// The findings for the written policies of one role.
pub fn lint(
    kind: RoleKind,
    role: &Role,
    policies: &[&Policy],
    actions: &[ActionLine],
    catalog: &Catalog,
    locate: &dyn Fn(Span) -> Location,
    out: &mut Vec<Finding>,
) {
    let needed = needed(role, actions, catalog);
    if needed.is_empty() {
        return;
    }
    // Policies repeat the same patterns from statement to statement: judge each (action,
    // pattern) once.
    let mut judged: BTreeMap<String, bool> = BTreeMap::new();
    for policy in policies {
        for st in &policy.statements {
            let Some(resources) = st.resources.as_ref() else {
                continue;
            };
            if st.effect != Effect::Allow || resources.negated {
                continue;
            }
            let broad = broad_grants(st, &needed, &mut judged);
            if broad.is_empty() {
                continue;
            }
            out.push(findings::ROLE_GRANTS_BROAD_RESOURCE.raise(
                message(kind, role, policy, st, &broad),
                Some(locate(resources.span)),
            ));
        }
    }
}

/// The role's lines by action (lower case), for actions with resource types.
fn needed<'a>(
    role: &Role,
    actions: &'a [ActionLine],
    catalog: &Catalog,
) -> BTreeMap<String, Needed<'a>> {
    let mut by_action: BTreeMap<String, Needed<'a>> = BTreeMap::new();
    for line in actions
        .iter()
        .filter(|l| l.role_arn.as_deref() == Some(role.arn.value.as_str()))
        .filter(|l| l.resource != "*")
    {
        let key = line.action.to_ascii_lowercase();
        let entry = match by_action.get_mut(&key) {
            Some(entry) => entry,
            None => {
                if catalog
                    .action(&line.action)
                    .is_none_or(|a| a.is_wildcard_only())
                {
                    continue;
                }
                by_action.entry(key).or_insert(Needed {
                    action: &line.action,
                    resources: Vec::new(),
                    others: Vec::new(),
                })
            }
        };
        entry.resources.push(&line.resource);
    }
    for n in by_action.values_mut() {
        n.resources.sort_unstable();
        n.resources.dedup();
        for r in &n.resources {
            if let ResourceMatch::Type(t) = catalog.resource_type_for(n.action, r) {
                n.others.extend(others(t.arn_template(), r));
            }
        }
        n.others.sort_unstable();
        n.others.dedup();
    }
    by_action
}

/// `(action, pattern, resources needed)` for each needed action the statement allows on a
/// pattern broader than the task needs.
fn broad_grants<'n, 's>(
    st: &'s Statement,
    needed: &'n BTreeMap<String, Needed<'n>>,
    judged: &mut BTreeMap<String, bool>,
) -> Vec<(&'n str, &'s str, &'n [&'n str])> {
    let mut broad = Vec::new();
    let patterns = st.resources.as_ref().map_or(&[][..], |r| &r.items[..]);
    for (key, n) in needed.iter().filter(|(_, n)| st.matches_action(n.action)) {
        // Policy variables make a pattern per request: not judged here.
        let too_wide = patterns.iter().find(|p| {
            *judged.entry(format!("{key}\n{p}")).or_insert_with(|| {
                !p.contains("${")
                    && (p.as_str() == "*"
                        || (matches_any(p, &n.resources) && matches_any(p, &n.others)))
            })
        });
        if let Some(pattern) = too_wide {
            broad.push((n.action, pattern.as_str(), &n.resources[..]));
        }
    }
    broad
}

fn message(
    kind: RoleKind,
    role: &Role,
    policy: &Policy,
    st: &Statement,
    broad: &[(&str, &str, &[&str])],
) -> String {
    let statement = st
        .sid
        .as_ref()
        .map_or_else(|| format!("#{}", st.index), |sid| format!("`{sid}`"));
    // Actions granted on the same pattern for the same resources read as one.
    let mut grouped: Vec<(Vec<&str>, &str, &[&str])> = Vec::new();
    for &(action, pattern, resources) in broad {
        match grouped
            .iter_mut()
            .find(|(_, p, r)| *p == pattern && *r == resources)
        {
            Some((actions, _, _)) => actions.push(action),
            None => grouped.push((vec![action], pattern, resources)),
        }
    }
    let shown: Vec<String> = grouped
        .iter()
        .take(3)
        .map(|(actions, pattern, resources)| {
            let actions: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
            let listed: Vec<String> = resources.iter().take(3).map(|r| format!("`{r}`")).collect();
            let more = resources.len().saturating_sub(listed.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{} on `{pattern}`, where the task needs only {}{more}",
                actions.join(", "),
                listed.join(", ")
            )
        })
        .collect();
    let more = grouped.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    let conditions = if st.conditions.is_empty() {
        ""
    } else {
        " (its conditions may narrow it)"
    };
    format!(
        "statement {statement} of policy `{}` in the {} `{}` allows {}{more}{conditions}",
        policy.name,
        kind.label(),
        role.arn.value,
        shown.join("; ")
    )
}

/// The resource with one known part replaced: its Region, its account, or a name of its resource
/// part, found by walking the ARN template (`repository/${RepositoryName}`,
/// `log-group:${LogGroupName}:log-stream:${LogStreamName}`). Parts holding a wildcard are the
/// line's own unknowns and stay.
fn others(template: &str, resource: &str) -> Vec<String> {
    let (Some(t), Some(r)) = (Arn::parse(template), Arn::parse(resource)) else {
        return Vec::new();
    };
    let known = |s: &str| !s.is_empty() && !s.contains(['*', '?']);
    let mut out = Vec::new();
    let head = format!("arn:{}:{}:", r.partition, r.service);
    if t.region.starts_with("${") && known(r.region) {
        out.push(format!("{head}{OTHER_REGION}:{}:{}", r.account, r.resource));
    }
    if t.account.starts_with("${") && known(r.account) {
        let other = if r.account == "000000000000" {
            "000000000001"
        } else {
            "000000000000"
        };
        out.push(format!("{head}{}:{other}:{}", r.region, r.resource));
    }
    let prefix = format!("{head}{}:{}:", r.region, r.account);
    for (start, end) in names(t.resource, r.resource) {
        let (Some(before), Some(value), Some(after)) = (
            r.resource.get(..start),
            r.resource.get(start..end),
            r.resource.get(end..),
        ) else {
            continue;
        };
        if known(value) {
            out.push(format!("{prefix}{before}{OTHER_NAME}{after}"));
        }
    }
    out
}

/// The byte ranges of the resource part that the template's `${…}` placeholders stand for: each
/// runs to the first occurrence of the literal text after it, or to the end.
fn names(template: &str, resource: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut t = template;
    let mut at = 0;
    while !t.is_empty() {
        match t.find("${") {
            Some(0) => {
                let Some(close) = t.find('}') else {
                    return ranges;
                };
                t = t.get(close + 1..).unwrap_or_default();
                let literal = t.split("${").next().unwrap_or_default();
                let rest = resource.get(at..).unwrap_or_default();
                let len = if literal.is_empty() {
                    rest.len()
                } else {
                    // A name has at least one character.
                    match rest.get(1..).and_then(|r| r.find(literal)) {
                        Some(i) => i + 1,
                        None => return ranges,
                    }
                };
                ranges.push((at, at + len));
                at += len;
            }
            found => {
                let literal = t.get(..found.unwrap_or(t.len())).unwrap_or_default();
                if !resource.get(at..).unwrap_or_default().starts_with(literal) {
                    return ranges;
                }
                at += literal.len();
                t = t.get(literal.len()..).unwrap_or_default();
            }
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_template() {
        let r = "log-group:/ecs/web:log-stream:web/web/*";
        let ranges = names("log-group:${LogGroupName}:log-stream:${LogStreamName}", r);
        let parts: Vec<&str> = ranges.iter().map(|&(s, e)| &r[s..e]).collect();
        assert_eq!(parts, ["/ecs/web", "web/web/*"]);
        let r = "bucket/env/app.env";
        let ranges = names("${BucketName}/${ObjectName}", r);
        let parts: Vec<&str> = ranges.iter().map(|&(s, e)| &r[s..e]).collect();
        assert_eq!(parts, ["bucket", "env/app.env"]);
        assert!(names("repository/${RepositoryName}", "user/x").is_empty());
    }

    #[test]
    fn other_resources_replace_one_known_part() {
        let template = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
        let got = others(
            template,
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/web/*",
        );
        assert_eq!(
            got,
            [
                "arn:aws:logs:zz-other-1:111122223333:log-group:/ecs/web:log-stream:web/web/*",
                "arn:aws:logs:us-east-1:000000000000:log-group:/ecs/web:log-stream:web/web/*",
                "arn:aws:logs:us-east-1:111122223333:log-group:rolecall-other:log-stream:web/web/*",
            ]
        );
        // What the line does not know is not another resource.
        let group = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:*";
        assert!(got.iter().all(|o| !resource_matches(group, o)));
        assert!(
            got.iter()
                .any(|o| resource_matches("arn:aws:logs:*:*:*", o))
        );
    }
}
