//! Condition operators and their evaluation against a request context.

use std::net::IpAddr;

use super::arn::resource_matches;
use super::context::{Context, Lookup};
use super::policy::{Condition, PolicyVersion};
use super::variables::{Substituted, substitute};
use super::wildcard;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const OPERATORS: &[(&str, BaseOperator)] = {
    use BaseOperator as B;
    &[
        ("StringEquals", B::StringEquals),
        ("StringNotEquals", B::StringNotEquals),
        ("StringEqualsIgnoreCase", B::StringEqualsIgnoreCase),
        ("StringNotEqualsIgnoreCase", B::StringNotEqualsIgnoreCase),
        ("StringLike", B::StringLike),
        ("StringNotLike", B::StringNotLike),
        ("NumericEquals", B::NumericEquals),
        ("NumericNotEquals", B::NumericNotEquals),
        ("NumericLessThan", B::NumericLessThan),
        ("NumericLessThanEquals", B::NumericLessThanEquals),
        ("NumericGreaterThan", B::NumericGreaterThan),
        ("NumericGreaterThanEquals", B::NumericGreaterThanEquals),
        ("DateEquals", B::DateEquals),
        ("DateNotEquals", B::DateNotEquals),
        ("DateLessThan", B::DateLessThan),
        ("DateLessThanEquals", B::DateLessThanEquals),
        ("DateGreaterThan", B::DateGreaterThan),
        ("DateGreaterThanEquals", B::DateGreaterThanEquals),
        ("Bool", B::Bool),
        ("BinaryEquals", B::BinaryEquals),
        ("IpAddress", B::IpAddress),
        ("NotIpAddress", B::NotIpAddress),
        ("ArnEquals", B::ArnEquals),
        ("ArnLike", B::ArnLike),
        ("ArnNotEquals", B::ArnNotEquals),
        ("ArnNotLike", B::ArnNotLike),
        ("Null", B::Null),
    ]
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub base: BaseOperator,
    pub if_exists: bool,
    pub set: Option<SetQualifier>,
}

impl BaseOperator {
    /// Operators that are true when no value matches (`StringNotEquals`…).
    #[must_use]
    pub fn negated(self) -> bool {
        use BaseOperator as B;
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }
}

/// Reads `ForAnyValue:StringLikeIfExists` and the like. Operator names are case-sensitive.
///
/// # Errors
/// A message naming the unknown operator, with a suggestion where the case is wrong.
pub fn parse_operator(text: &str) -> Result<Operator, String> {
    let (set, rest) = if let Some(r) = text.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), r)
    } else if let Some(r) = text.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), r)
    } else {
        (None, text)
    };
    let (name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(n) => (n, true),
        None => (rest, false),
    };
    if let Some((_, base)) = OPERATORS.iter().find(|(n, _)| *n == name) {
        if *base == BaseOperator::Null && (if_exists || set.is_some()) {
            return Err(format!(
                "`{text}` is not a condition operator: `Null` takes no qualifier"
            ));
        }
        return Ok(Operator {
            base: *base,
            if_exists,
            set,
        });
    }
    let hint = OPERATORS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(n, _)| format!(": operators are case-sensitive, did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!("unknown condition operator `{text}`{hint}"))
}

/// A three-valued answer: conditions on unknown keys are neither true nor false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    /// Depends on these unknown context keys.
    Unknown(Vec<String>),
}

/// Evaluates one condition (one operator and key, any number of values, ORed).
#[must_use]
pub fn evaluate(condition: &Condition, context: &Context, version: PolicyVersion) -> Truth {
    let op = condition.operator;
    let lookup = context.get(&condition.key);
    if op.base == BaseOperator::Null {
        return match lookup {
            Lookup::Unknown => Truth::Unknown(vec![condition.key.clone()]),
            _ => {
                let absent = matches!(lookup, Lookup::Absent);
                let want_absent = condition
                    .values
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case("true"));
                let want_present = condition
                    .values
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case("false"));
                truth((absent && want_absent) || (!absent && want_present))
            }
        };
    }
    let context_values: &[String] = match lookup {
        Lookup::Unknown => return Truth::Unknown(vec![condition.key.clone()]),
        Lookup::Absent => {
            return match (op.if_exists, op.set) {
                (true, _) => Truth::True,
                // "ForAllValues" over an empty set is vacuously true.
                (false, Some(SetQualifier::ForAllValues)) => Truth::True,
                (false, Some(SetQualifier::ForAnyValue)) => Truth::False,
                (false, None) => truth(op.base.negated()),
            };
        }
        Lookup::Present(values) => values,
    };
    // Policy variables in the values, for 2012-10-17 policies.
    let mut policy_values = Vec::with_capacity(condition.values.len());
    for v in &condition.values {
        if version == PolicyVersion::V2008_10_17 {
            policy_values.push(v.clone());
            continue;
        }
        match substitute(v, context) {
            Substituted::Text(t) => policy_values.push(t),
            // A variable whose key is missing leaves the condition unsatisfiable.
            Substituted::Missing(_) => return Truth::False,
            Substituted::Unknown(key) => return Truth::Unknown(vec![key]),
        }
    }
    // Only the Like operators read wildcards; the others compare the characters themselves.
    if !matches!(
        op.base,
        BaseOperator::StringLike
            | BaseOperator::StringNotLike
            | BaseOperator::ArnLike
            | BaseOperator::ArnNotLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnNotEquals
    ) {
        for v in &mut policy_values {
            *v = wildcard::unescape(v);
        }
    }
    let one = |value: &str| matches_any(op.base, value, &policy_values);
    let result = match op.set {
        Some(SetQualifier::ForAllValues) => context_values.iter().all(|v| one(v)),
        Some(SetQualifier::ForAnyValue) => context_values.iter().any(|v| one(v)),
        // Without a qualifier an operator compares one value; a multi-valued key never
        // satisfies it (use ForAnyValue or ForAllValues).
        None => match context_values {
            [value] => one(value),
            _ => false,
        },
    };
    truth(result)
}

fn truth(b: bool) -> Truth {
    if b { Truth::True } else { Truth::False }
}

/// Whether one context value satisfies the operator against the policy's values: for a
/// positive operator, it matches one of them; for a negated one, it matches none.
fn matches_any(op: BaseOperator, value: &str, policy_values: &[String]) -> bool {
    use BaseOperator as B;
    let any = |f: &dyn Fn(&str) -> bool| policy_values.iter().any(|p| f(p));
    match op {
        B::StringEquals => any(&|p| p == value),
        B::StringNotEquals => !any(&|p| p == value),
        // ASCII case folding: what policies and request values are in practice, and it keeps
        // Unicode case tables out of the page's bundle.
        B::StringEqualsIgnoreCase => any(&|p| p.eq_ignore_ascii_case(value)),
        B::StringNotEqualsIgnoreCase => !any(&|p| p.eq_ignore_ascii_case(value)),
        B::StringLike => any(&|p| wildcard::matches(p, value)),
        B::StringNotLike => !any(&|p| wildcard::matches(p, value)),
        B::NumericEquals => numeric(value, policy_values, |a, b| a == b),
        B::NumericNotEquals => !numeric(value, policy_values, |a, b| a == b),
        B::NumericLessThan => numeric(value, policy_values, |a, b| a < b),
        B::NumericLessThanEquals => numeric(value, policy_values, |a, b| a <= b),
        B::NumericGreaterThan => numeric(value, policy_values, |a, b| a > b),
        B::NumericGreaterThanEquals => numeric(value, policy_values, |a, b| a >= b),
        B::DateEquals => date(value, policy_values, |a, b| a == b),
        B::DateNotEquals => !date(value, policy_values, |a, b| a == b),
        B::DateLessThan => date(value, policy_values, |a, b| a < b),
        B::DateLessThanEquals => date(value, policy_values, |a, b| a <= b),
        B::DateGreaterThan => date(value, policy_values, |a, b| a > b),
        B::DateGreaterThanEquals => date(value, policy_values, |a, b| a >= b),
        B::Bool => any(&|p| {
            p.eq_ignore_ascii_case(value)
                && (p.eq_ignore_ascii_case("true") || p.eq_ignore_ascii_case("false"))
        }),
        B::BinaryEquals => any(&|p| p == value),
        B::IpAddress => any(&|p| ip_in(value, p)),
        B::NotIpAddress => !any(&|p| ip_in(value, p)),
        B::ArnEquals | B::ArnLike => any(&|p| arn_like(p, value)),
        B::ArnNotEquals | B::ArnNotLike => !any(&|p| arn_like(p, value)),
        // Handled before values are compared.
        B::Null => false,
    }
}

fn numeric(value: &str, policy_values: &[String], cmp: impl Fn(f64, f64) -> bool) -> bool {
    let Ok(v) = value.trim().parse::<f64>() else {
        return false;
    };
    policy_values
        .iter()
        .filter_map(|p| p.trim().parse::<f64>().ok())
        .any(|p| cmp(v, p))
}

fn date(value: &str, policy_values: &[String], cmp: impl Fn(i128, i128) -> bool) -> bool {
    let Some(v) = parse_date(value) else {
        return false;
    };
    policy_values
        .iter()
        .filter_map(|p| parse_date(p))
        .any(|p| cmp(v, p))
}

/// ARN operators compare part by part, like resources; a value that is not an ARN never matches.
fn arn_like(pattern: &str, value: &str) -> bool {
    value.starts_with("arn:") && value.split(':').count() >= 6 && resource_matches(pattern, value)
}

/// Whether `ip` lies in `cidr` (`203.0.113.0/24`, `2001:db8::/32`, or one address).
fn ip_in(ip: &str, cidr: &str) -> bool {
    let Ok(ip) = ip.trim().parse::<IpAddr>() else {
        return false;
    };
    let (net, len) = match cidr.trim().split_once('/') {
        Some((n, l)) => (n, l.parse::<u32>().ok()),
        None => (cidr.trim(), None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let len = len.unwrap_or(32);
            len <= 32
                && prefix_eq(
                    u128::from(a.to_bits()) << 96,
                    u128::from(n.to_bits()) << 96,
                    len,
                )
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let len = len.unwrap_or(128);
            len <= 128 && prefix_eq(a.to_bits(), n.to_bits(), len)
        }
        _ => false,
    }
}

fn prefix_eq(a: u128, b: u128, len: u32) -> bool {
    if len == 0 {
        return true;
    }
    let mask = u128::MAX << (128 - len);
    a & mask == b & mask
}

/// Milliseconds since the Unix epoch, from epoch seconds or ISO 8601
/// (`2026-01-31`, `2026-01-31T12:00Z`, `2026-01-31T12:00:00.5+02:00`).
#[must_use]
pub fn parse_date(text: &str) -> Option<i128> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i128>().ok().map(|s| s * 1000);
    }
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = match t.split_once(['T', 't']) {
        Some((d, rest)) => (d, Some(rest)),
        None => (t, None),
    };
    let mut d = date.splitn(3, '-');
    let (y, m, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let mut millis = i128::from(days_from_civil(y, m, day)) * 86_400_000;
    if let Some(time) = time {
        let (clock, offset_minutes) = split_offset(time)?;
        let mut parts = clock.splitn(3, ':');
        let h = num(parts.next()?)?;
        let min = num(parts.next()?)?;
        let (s, frac) = match parts.next() {
            Some(sec) => match sec.split_once('.') {
                Some((s, f)) => (num(s)?, f),
                None => (num(sec)?, ""),
            },
            None => (0, ""),
        };
        if h > 23 || min > 59 || s > 60 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_ms: i64 = format!("{frac:0<3}").get(..3)?.parse().ok()?;
        millis += i128::from(((h * 60 + min - offset_minutes) * 60 + s) * 1000 + frac_ms);
    }
    Some(millis)
}

/// `12:00:00Z` → (`12:00:00`, 0); `12:00+02:00` → (`12:00`, 120).
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let (clock, offset) = (time.get(..i)?, time.get(i..)?);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (h, m) = offset
                .get(1..)?
                .split_once(':')
                .unwrap_or((offset.get(1..)?, "0"));
            Some((
                clock,
                sign * (h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?),
            ))
        }
        None => Some((time, 0)),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: parse_operator(op).unwrap(),
            operator_text: op.into(),
            key: key.into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            span: Span::default(),
        }
    }

    fn eval(op: &str, key: &str, values: &[&str], ctx: &Context) -> Truth {
        evaluate(&cond(op, key, values), ctx, PolicyVersion::V2012_10_17)
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::complete();
        for (k, v) in pairs {
            c.set(k, v.iter().map(|s| (*s).to_owned()).collect());
        }
        c
    }

    #[test]
    fn parses_qualified_operators() {
        let op = parse_operator("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.base, BaseOperator::StringLike);
        assert!(op.if_exists);
        assert_eq!(op.set, Some(SetQualifier::ForAnyValue));
        assert!(
            parse_operator("stringequals")
                .unwrap_err()
                .contains("did you mean `StringEquals`")
        );
        assert!(parse_operator("NullIfExists").is_err());
    }

    #[test]
    fn strings() {
        let c = ctx(&[("aws:PrincipalTag/team", &["Web"])]);
        assert_eq!(
            eval("StringEquals", "aws:principaltag/team", &["Web"], &c),
            Truth::True
        );
        assert_eq!(
            eval("StringEquals", "aws:PrincipalTag/team", &["web"], &c),
            Truth::False
        );
        assert_eq!(
            eval(
                "StringEqualsIgnoreCase",
                "aws:PrincipalTag/team",
                &["web"],
                &c
            ),
            Truth::True
        );
        assert_eq!(
            eval("StringLike", "aws:PrincipalTag/team", &["W*"], &c),
            Truth::True
        );
        assert_eq!(
            eval(
                "StringNotEquals",
                "aws:PrincipalTag/team",
                &["api", "db"],
                &c
            ),
            Truth::True
        );
        assert_eq!(
            eval("StringNotLike", "aws:PrincipalTag/team", &["W?b"], &c),
            Truth::False
        );
    }

    #[test]
    fn absent_keys() {
        let c = Context::complete();
        assert_eq!(eval("StringEquals", "k", &["v"], &c), Truth::False);
        assert_eq!(eval("StringNotEquals", "k", &["v"], &c), Truth::True);
        assert_eq!(eval("StringEqualsIfExists", "k", &["v"], &c), Truth::True);
        assert_eq!(
            eval("ForAllValues:StringEquals", "k", &["v"], &c),
            Truth::True
        );
        assert_eq!(
            eval("ForAnyValue:StringEquals", "k", &["v"], &c),
            Truth::False
        );
        assert_eq!(eval("Null", "k", &["true"], &c), Truth::True);
        assert_eq!(eval("Null", "k", &["false"], &c), Truth::False);
        assert_eq!(
            eval("StringEquals", "k", &["v"], &Context::open()),
            Truth::Unknown(vec!["k".into()])
        );
    }

    #[test]
    fn sets() {
        let c = ctx(&[("aws:TagKeys", &["env", "team"])]);
        assert_eq!(
            eval(
                "ForAllValues:StringEquals",
                "aws:TagKeys",
                &["env", "team", "x"],
                &c
            ),
            Truth::True
        );
        assert_eq!(
            eval("ForAllValues:StringEquals", "aws:TagKeys", &["env"], &c),
            Truth::False
        );
        assert_eq!(
            eval("ForAnyValue:StringEquals", "aws:TagKeys", &["team"], &c),
            Truth::True
        );
        assert_eq!(
            eval("ForAnyValue:StringNotEquals", "aws:TagKeys", &["team"], &c),
            Truth::True
        );
        assert_eq!(
            eval("ForAllValues:StringNotEquals", "aws:TagKeys", &["team"], &c),
            Truth::False
        );
    }

    #[test]
    fn numbers_dates_bools_ips_arns() {
        let c = ctx(&[
            ("n", &["10"]),
            ("aws:CurrentTime", &["2026-11-30T09:00:00Z"]),
            ("aws:SecureTransport", &["true"]),
            ("aws:SourceIp", &["203.0.113.7"]),
            ("ip6", &["2001:db8::1"]),
            (
                "aws:SourceArn",
                &["arn:aws:ecs:us-east-1:111122223333:task/c/abc"],
            ),
        ]);
        assert_eq!(eval("NumericLessThan", "n", &["10.5"], &c), Truth::True);
        assert_eq!(
            eval("NumericGreaterThanEquals", "n", &["11"], &c),
            Truth::False
        );
        assert_eq!(eval("NumericEquals", "n", &["ten"], &c), Truth::False);
        assert_eq!(
            eval("DateGreaterThan", "aws:CurrentTime", &["2026-11-30"], &c),
            Truth::True
        );
        assert_eq!(
            eval(
                "DateLessThan",
                "aws:CurrentTime",
                &["2026-11-30T10:00:00+02:00"],
                &c
            ),
            Truth::False
        );
        assert_eq!(
            eval("DateEquals", "aws:CurrentTime", &["1796029200"], &c),
            Truth::True
        );
        assert_eq!(
            eval("Bool", "aws:SecureTransport", &["True"], &c),
            Truth::True
        );
        assert_eq!(
            eval("Bool", "aws:SecureTransport", &["false"], &c),
            Truth::False
        );
        assert_eq!(
            eval("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &c),
            Truth::True
        );
        assert_eq!(
            eval("NotIpAddress", "aws:SourceIp", &["198.51.100.0/24"], &c),
            Truth::True
        );
        assert_eq!(
            eval("IpAddress", "ip6", &["2001:db8::/32"], &c),
            Truth::True
        );
        assert_eq!(
            eval("IpAddress", "ip6", &["203.0.113.0/24"], &c),
            Truth::False
        );
        assert_eq!(
            eval(
                "ArnLike",
                "aws:SourceArn",
                &["arn:aws:ecs:us-east-1:111122223333:*"],
                &c
            ),
            Truth::True
        );
        assert_eq!(
            eval(
                "ArnNotLike",
                "aws:SourceArn",
                &["arn:aws:ecs:*:444455556666:*"],
                &c
            ),
            Truth::True
        );
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(parse_date("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_date("1970-01-01T00:00:00.25Z"), Some(250));
        assert_eq!(parse_date("2000-03-01"), Some(951_868_800_000));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2026-13-01"), None);
    }

    #[test]
    fn variables_in_values() {
        let c = ctx(&[
            ("aws:username", &["alice"]),
            ("s3:prefix", &["home/alice/"]),
        ]);
        assert_eq!(
            eval("StringLike", "s3:prefix", &["home/${aws:username}/*"], &c),
            Truth::True
        );
        let raw = evaluate(
            &cond("StringLike", "s3:prefix", &["home/${aws:username}/*"]),
            &c,
            PolicyVersion::V2008_10_17,
        );
        assert_eq!(raw, Truth::False);
    }
}
