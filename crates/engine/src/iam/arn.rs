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
        let rest = text.strip_prefix("arn:")?;
        // The four colons after `arn:`, found byte by byte (`:` is ASCII, so every cut falls
        // on a character boundary); this runs for every pattern a request is matched against.
        let mut cuts = [0_usize; 4];
        let mut found = 0;
        for (i, b) in rest.bytes().enumerate() {
            if b == b':' {
                if let Some(cut) = cuts.get_mut(found) {
                    *cut = i;
                }
                found += 1;
                if found == cuts.len() {
                    break;
                }
            }
        }
        if found < cuts.len() {
            return None;
        }
        let [a, b, c, d] = cuts;
        Some(Self {
            partition: rest.get(..a)?,
            service: rest.get(a + 1..b)?,
            region: rest.get(b + 1..c)?,
            account: rest.get(c + 1..d)?,
            resource: rest.get(d + 1..)?,
        })
    }
}

/// The text of a resource pattern before its first wildcard (`*`, `?`, or a literal marker):
/// every resource the pattern matches starts with it, whatever the pattern's shape.
#[must_use]
pub fn literal_prefix(pattern: &str) -> &str {
    let end = pattern
        .bytes()
        .position(|b| matches!(b, b'*' | b'?') || !b.is_ascii())
        .unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or_default()
}

/// Whether a policy's resource pattern (variables already substituted) matches a resource.
#[must_use]
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    // Fast paths, exact for the two shapes most policies use. Without a wildcard, matching part
    // by part is equality. With one trailing `*` after the five colons of a full ARN, the parts
    // before the resource are literal and line up, and the `*` takes the rest of the resource
    // part, `:` and `/` included.
    // Whatever the shape, the text before the first wildcard is literal and must start the
    // resource (in a full ARN the parts before it are equal, colons included), which rejects
    // most patterns at the cost of one comparison.
    let prefix = literal_prefix(pattern);
    match prefix.len() {
        at if at == pattern.len() => return pattern == resource,
        at => {
            if !resource.starts_with(prefix) {
                return false;
            }
            if at + 1 == pattern.len()
                && pattern.as_bytes().get(at) == Some(&b'*')
                && prefix.bytes().filter(|&b| b == b':').count() >= 5
            {
                return true;
            }
        }
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
