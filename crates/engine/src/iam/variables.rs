//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`.
//!
//! Substitution happens once, left to right: a value that itself contains `${…}` is inserted as
//! text and never expanded again. `${*}` and `${?}` stand for the characters themselves, and so
//! do `*` and `?` inside a substituted value: they are inserted as literal markers
//! (see [`wildcard::escape`](super::wildcard::escape)), which only wildcard matching reads.

use super::context::{Context, Lookup};

/// The outcome of substituting the variables of one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Substituted {
    Text(String),
    /// A variable's key is absent and has no default: the element cannot match.
    Missing(String),
    /// A variable's key is unknown (ECS analysis): the element may or may not match.
    Unknown(String),
}

/// Replaces the policy variables in `text` from `context`.
#[must_use]
pub fn substitute(text: &str, context: &Context) -> Substituted {
    if !text.contains("${") {
        return Substituted::Text(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            // An unclosed `${` is plain text.
            out.push_str(rest.get(start..).unwrap_or_default());
            return Substituted::Text(out);
        };
        let inner = after.get(..end).unwrap_or_default();
        rest = after.get(end + 1..).unwrap_or_default();
        match inner {
            "*" => out.push(super::wildcard::LITERAL_STAR),
            "?" => out.push(super::wildcard::LITERAL_QUESTION),
            "$" => out.push('$'),
            _ => {
                let (key, default) = split_default(inner);
                match context.get(key) {
                    // Multi-valued keys cannot be variables; their first value is not a
                    // meaningful answer, so treat them as missing.
                    Lookup::Present([value]) => out.push_str(&super::wildcard::escape(value)),
                    Lookup::Present(_) | Lookup::Absent => match default {
                        Some(d) => out.push_str(&super::wildcard::escape(d)),
                        None => return Substituted::Missing(key.to_owned()),
                    },
                    // Even with a default, the element depends on the unknown key.
                    Lookup::Unknown => return Substituted::Unknown(key.to_owned()),
                }
            }
        }
    }
    out.push_str(rest);
    Substituted::Text(out)
}

/// `key, 'default'` → (`key`, `Some("default")`).
fn split_default(inner: &str) -> (&str, Option<&str>) {
    match inner.split_once(',') {
        Some((key, default)) => {
            let d = default.trim();
            let d = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(d);
            (key.trim(), Some(d))
        }
        None => (inner.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut c = Context::complete();
        c.set("aws:username", vec!["alice".into()]);
        c.set("aws:PrincipalTag/team", vec!["${aws:username}".into()]);
        c
    }

    #[test]
    fn substitutes_keys_defaults_and_escapes() {
        let c = ctx();
        assert_eq!(
            substitute("home/${aws:username}/*", &c),
            Substituted::Text("home/alice/*".into())
        );
        assert_eq!(
            substitute("${AWS:UserName}", &c),
            Substituted::Text("alice".into())
        );
        assert_eq!(
            substitute("${aws:userid, 'none'}", &c),
            Substituted::Text("none".into())
        );
        let Substituted::Text(escaped) = substitute("a${*}b${?}c${$}", &c) else {
            panic!("not substituted")
        };
        assert_eq!(crate::iam::wildcard::unescape(&escaped), "a*b?c$");
        assert!(!crate::iam::wildcard::matches(&escaped, "axbyc$"));
        assert_eq!(
            substitute("${aws:userid}", &c),
            Substituted::Missing("aws:userid".into())
        );
        assert_eq!(
            substitute("${unclosed", &c),
            Substituted::Text("${unclosed".into())
        );
    }

    #[test]
    fn values_are_not_expanded_again() {
        assert_eq!(
            substitute("${aws:PrincipalTag/team}", &ctx()),
            Substituted::Text("${aws:username}".into())
        );
    }

    #[test]
    fn unknown_keys_make_the_element_unknown() {
        assert_eq!(
            substitute("${aws:SourceIp}", &Context::open()),
            Substituted::Unknown("aws:SourceIp".into())
        );
    }
}
