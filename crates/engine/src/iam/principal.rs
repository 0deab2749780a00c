//! Who makes a request, and how a policy's `Principal` names them.

use super::arn::Arn;
use super::policy::Principals;

/// The principal of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestPrincipal {
    /// An AWS service, e.g. `ecs-tasks.amazonaws.com`.
    Service(String),
    /// An IAM role session (`arn:aws:sts::…:assumed-role/NAME/SESSION`), or a role named by its
    /// ARN, which acts as one of its sessions.
    RoleSession {
        arn: String,
        role_arn: String,
        account: String,
    },
    /// An IAM user, or any other ARN in an account.
    Other { arn: String, account: String },
}

impl RequestPrincipal {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let Some(arn) = Arn::parse(text) else {
            return Self::Service(text.to_owned());
        };
        let account = arn.account.to_owned();
        if arn.service == "sts"
            && let Some(rest) = arn.resource.strip_prefix("assumed-role/")
        {
            let name = rest.split('/').next().unwrap_or_default();
            return Self::RoleSession {
                arn: text.to_owned(),
                role_arn: format!("arn:{}:iam::{account}:role/{name}", arn.partition),
                account,
            };
        }
        if arn.service == "iam" && arn.resource.starts_with("role/") {
            // A role's path is part of its ARN but not of its sessions' ARNs.
            return Self::RoleSession {
                arn: text.to_owned(),
                role_arn: text.to_owned(),
                account,
            };
        }
        Self::Other {
            arn: text.to_owned(),
            account,
        }
    }

    #[must_use]
    pub fn account(&self) -> Option<&str> {
        match self {
            Self::Service(_) => None,
            Self::RoleSession { account, .. } | Self::Other { account, .. } => Some(account),
        }
    }

    #[must_use]
    pub fn arn(&self) -> &str {
        match self {
            Self::Service(s) => s,
            Self::RoleSession { arn, .. } | Self::Other { arn, .. } => arn,
        }
    }
}

/// How a `Principal` element named the request's principal; this decides whether a same-account
/// resource policy's Allow stands on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalMatch {
    /// `"*"`: everyone.
    Everyone,
    /// The principal's account (`123456789012` or `arn:…:root`): the account delegates to its
    /// identity policies.
    Account,
    /// The role of a role session: limited by the permissions boundary and session policy.
    Role,
    /// The exact principal: a user, a role session, a service.
    Exact,
}

/// How `principals` names `who`, or `None` when it does not (after `NotPrincipal`'s negation).
#[must_use]
pub fn matches(principals: &Principals, who: &RequestPrincipal) -> Option<PrincipalMatch> {
    let named = named(principals, who);
    if principals.negated {
        // NotPrincipal applies to everyone not listed. Listing an account exempts the account
        // principal itself, not everyone in it (IAM User Guide, "NotPrincipal").
        let exempt = matches!(named, Some(PrincipalMatch::Exact | PrincipalMatch::Role));
        return if exempt {
            None
        } else {
            Some(PrincipalMatch::Everyone)
        };
    }
    named
}

fn named(p: &Principals, who: &RequestPrincipal) -> Option<PrincipalMatch> {
    if p.any || p.aws.iter().any(|a| a == "*") {
        return Some(PrincipalMatch::Everyone);
    }
    match who {
        RequestPrincipal::Service(service) => p
            .service
            .iter()
            .any(|s| s.eq_ignore_ascii_case(service))
            .then_some(PrincipalMatch::Exact),
        RequestPrincipal::RoleSession {
            arn,
            role_arn,
            account,
        } => {
            let mut best = None;
            for a in &p.aws {
                // Naming the role (even when the request names the role too) grants to the
                // role, which its sessions act as; only a session ARN is the exact principal.
                let m = if same_role(a, role_arn) {
                    Some(PrincipalMatch::Role)
                } else if a == arn {
                    Some(PrincipalMatch::Exact)
                } else if is_account(a, account) {
                    Some(PrincipalMatch::Account)
                } else {
                    None
                };
                best = best.max(m);
            }
            best
        }
        RequestPrincipal::Other { arn, account } => {
            if p.aws.iter().any(|a| a == arn) {
                Some(PrincipalMatch::Exact)
            } else if p.aws.iter().any(|a| is_account(a, account)) {
                Some(PrincipalMatch::Account)
            } else {
                None
            }
        }
    }
}

/// A role ARN in a policy names the role whatever its path: sessions carry only the name.
fn same_role(policy_arn: &str, role_arn: &str) -> bool {
    let name = |arn: &str| {
        Arn::parse(arn).and_then(|a| {
            (a.service == "iam" && a.resource.starts_with("role/")).then(|| {
                (
                    a.account.to_owned(),
                    a.resource.rsplit('/').next().unwrap_or_default().to_owned(),
                )
            })
        })
    };
    // Role names are unique without regard to case.
    matches!((name(policy_arn), name(role_arn)), (Some((a, x)), Some((b, y))) if a == b && x.eq_ignore_ascii_case(&y))
}

fn is_account(value: &str, account: &str) -> bool {
    value == account
        || Arn::parse(value)
            .is_some_and(|a| a.service == "iam" && a.account == account && a.resource == "root")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    fn aws(list: &[&str]) -> Principals {
        Principals {
            negated: false,
            any: false,
            aws: list.iter().map(|s| (*s).to_owned()).collect(),
            service: Vec::new(),
            federated: Vec::new(),
            canonical_user: Vec::new(),
            span: Span::default(),
        }
    }

    #[test]
    fn sessions_match_their_role_and_account() {
        let who = RequestPrincipal::parse("arn:aws:sts::111122223333:assumed-role/web-task/abc");
        assert_eq!(
            matches(&aws(&["arn:aws:iam::111122223333:role/web-task"]), &who),
            Some(PrincipalMatch::Role)
        );
        assert_eq!(
            matches(
                &aws(&["arn:aws:iam::111122223333:role/path/web-task"]),
                &who
            ),
            Some(PrincipalMatch::Role)
        );
        assert_eq!(
            matches(&aws(&["111122223333"]), &who),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            matches(&aws(&["arn:aws:iam::111122223333:root"]), &who),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            matches(&aws(&["arn:aws:iam::444455556666:root"]), &who),
            None
        );
        assert_eq!(
            matches(
                &aws(&["arn:aws:sts::111122223333:assumed-role/web-task/abc"]),
                &who
            ),
            Some(PrincipalMatch::Exact)
        );
    }

    #[test]
    fn services_and_not_principal() {
        let who = RequestPrincipal::parse("ecs-tasks.amazonaws.com");
        let mut p = aws(&[]);
        p.service.push("ecs-tasks.amazonaws.com".into());
        assert_eq!(matches(&p, &who), Some(PrincipalMatch::Exact));
        p.negated = true;
        assert_eq!(matches(&p, &who), None);
        assert_eq!(
            matches(&p, &RequestPrincipal::parse("ec2.amazonaws.com")),
            Some(PrincipalMatch::Everyone)
        );
    }
}
