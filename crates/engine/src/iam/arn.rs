//! ARNs, and how a policy's `Resource` pattern matches one.
//!
//! `arn:partition:service:region:account:resource` — AWS matches the first five parts one by one,
//! so a wildcard never spans a `:` there, and matches the resource part (which may itself hold
//! `:` and `/`) as a whole. Matching is case-sensitive.

use super::wildcard;

/// The six parts of an ARN; `resource` keeps any further `:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits an ARN into its parts; `None` when it has fewer than six or does not start with `arn`.
    #[must_use]
    pub fn parse(text: &'a str) -> Option<Self> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Self {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

/// Whether a policy's resource pattern (variables already substituted) matches a resource.
#[must_use]
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match (Arn::parse(pattern), Arn::parse(resource)) {
        (Some(p), Some(r)) => {
            wildcard::matches(p.partition, r.partition)
                && wildcard::matches(p.service, r.service)
                && wildcard::matches(p.region, r.region)
                && wildcard::matches(p.account, r.account)
                && wildcard::matches(p.resource, r.resource)
        }
        // Not ARNs on both sides: a short pattern such as `arn:aws:sqs:*` or `arn:aws:sqs:*:q`,
        // where "if the * wildcard is the last character of a resource ARN segment, it can
        // expand to match beyond the colon boundaries" (IAM User Guide, Resource element), or a
        // request for a resource that is not an ARN: match the whole text.
        _ => wildcard::matches(pattern, resource),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let arn = Arn::parse("arn:aws:logs:us-east-1:123:log-group:/ecs/web:log-stream:x").unwrap();
        assert_eq!(arn.service, "logs");
        assert_eq!(arn.resource, "log-group:/ecs/web:log-stream:x");
        assert_eq!(Arn::parse("arn:aws:s3::"), None);
        assert_eq!(Arn::parse("not:an:arn:at:all:x"), None);
    }

    #[test]
    fn matching_is_per_part_and_case_sensitive() {
        let stream = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/web/1";
        assert!(resource_matches("*", stream));
        assert!(resource_matches(
            "arn:aws:logs:*:*:log-group:/ecs/web:*",
            stream
        ));
        assert!(resource_matches(
            "arn:aws:logs:us-east-?:111122223333:*",
            stream
        ));
        assert!(!resource_matches(
            "arn:aws:logs:*:log-group:/ecs/web:*",
            stream
        ));
        assert!(!resource_matches(
            "arn:aws:logs:*:*:log-group:/ECS/web:*",
            stream
        ));
        // A `*` in the region does not reach into the account.
        assert!(!resource_matches("arn:aws:logs:us-*:log-group:*", stream));
        assert!(resource_matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b"
        ));
        assert!(!resource_matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket"
        ));
        // In short patterns a segment-final `*` reaches past colons.
        assert!(resource_matches(
            "arn:aws:sqs:*",
            "arn:aws:sqs:us-east-1:111122223333:q"
        ));
        assert!(resource_matches(
            "arn:aws:sqs:us-*:q",
            "arn:aws:sqs:us-east-1:111122223333:q"
        ));
        assert!(!resource_matches(
            "arn:aws:sqs:eu-*:q",
            "arn:aws:sqs:us-east-1:111122223333:q"
        ));
    }
}
