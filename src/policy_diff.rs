//! What the user pasted for a role, next to what rolecall suggests: their inline policies'
//! statements gathered into one document, and a line diff of the two pretty-printed. Pure, so
//! it is tested natively.

use rolecall_engine::iam::policy::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
use serde_json::{Value, json};

/// What the Roles & policies editor holds for one role.
#[derive(Debug, Clone, PartialEq)]
pub enum Pasted {
    /// The editor is empty or is not JSON.
    Nothing,
    /// The role is not in it.
    NoRole,
    /// Its inline policies' statements in one document (`None` when it has none), and the
    /// managed policies it names, which are not compared.
    Role {
        inline: Option<Value>,
        managed: Vec<String>,
    },
}

/// Reads a role out of the Roles & policies text.
#[must_use]
pub fn pasted(roles_text: &str, role_arn: Option<&str>) -> Pasted {
    pasted_from(crate::json_text::parse(roles_text).ok().as_ref(), role_arn)
}

/// Reads a role out of the Roles & policies document, parsed once for every role (`None`
/// when the text is not JSON).
#[must_use]
pub fn pasted_from(doc: Option<&Value>, role_arn: Option<&str>) -> Pasted {
    let Some(doc) = doc else {
        return Pasted::Nothing;
    };
    let Some(role) = role_arn.and_then(|arn| doc.get("roles")?.get(arn)) else {
        return Pasted::NoRole;
    };
    let statements: Vec<Value> = role
        .get("inlinePolicies")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|policies| policies.values())
        .flat_map(|policy| match policy.get("Statement") {
            Some(Value::Array(all)) => all.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        })
        .collect();
    let managed = role
        .get("managedPolicies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str())
        .map(|m| m.rsplit('/').next().unwrap_or(m).to_owned())
        .collect();
    let inline = (!statements.is_empty())
        .then(|| json!({ "Version": "2012-10-17", "Statement": statements }));
    Pasted::Role { inline, managed }
}

/// Policy JSON as the page shows it: two-space indents, the keys of a policy and of its
/// statements in the order IAM documents them (`Version` before `Statement`, `Sid`, `Effect`…),
/// whatever order they were pasted in, so that a diff compares like with like.
#[must_use]
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, 0);
    out
}

fn write(out: &mut String, value: &Value, depth: usize) {
    let indent = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { "," });
                indent(out, depth + 1);
                write(out, item, depth + 1);
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            // The engine's element lists, policy then statement, give IAM's documented order.
            let order = || POLICY_ELEMENTS.iter().chain(STATEMENT_ELEMENTS);
            let rank = |k: &str| order().position(|o| *o == k).unwrap_or(usize::MAX);
            keys.sort_by_key(|k| rank(k));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                out.push_str(if i == 0 { "" } else { "," });
                indent(out, depth + 1);
                crate::json_text::push_string(out, key);
                out.push_str(": ");
                if let Some(item) = map.get(key) {
                    write(out, item, depth + 1);
                }
            }
            indent(out, depth);
            out.push('}');
        }
        other => crate::json_text::push_scalar(out, other),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    /// Only in the suggestion: a grant the role lacks.
    Added,
    /// Only in what was pasted: a grant the task does not need.
    Removed,
}

/// Diffs are of policies, a few hundred lines; beyond this the diff is all removed then all
/// added rather than a quadratic table.
const MAX_CELLS: usize = 1 << 20;

/// A line diff, old to new, by longest common subsequence.
#[must_use]
pub fn line_diff<'a>(old: &'a str, new: &'a str) -> Vec<(Change, &'a str)> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        let removed = a.iter().map(|l| (Change::Removed, *l));
        return removed
            .chain(b.iter().map(|l| (Change::Added, *l)))
            .collect();
    }
    // lcs[i * (m + 1) + j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if a.get(i) == b.get(j) {
                lcs.get(at(i + 1, j + 1)).map_or(0, |v| v + 1)
            } else {
                let down = lcs.get(at(i + 1, j)).copied().unwrap_or(0);
                down.max(lcs.get(at(i, j + 1)).copied().unwrap_or(0))
            };
            if let Some(cell) = lcs.get_mut(at(i, j)) {
                *cell = value;
            }
        }
    }
    let get = |i: usize, j: usize| lcs.get(at(i, j)).copied().unwrap_or(0);
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if x == y {
            out.push((Change::Same, *x));
            (i, j) = (i + 1, j + 1);
        } else if get(i + 1, j) >= get(i, j + 1) {
            out.push((Change::Removed, *x));
            i += 1;
        } else {
            out.push((Change::Added, *y));
            j += 1;
        }
    }
    out.extend(a.iter().skip(i).map(|l| (Change::Removed, *l)));
    out.extend(b.iter().skip(j).map(|l| (Change::Added, *l)));
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "a test fails by panicking")]
    use super::*;
    use crate::examples::DEFAULT;

    #[test]
    fn diffs_lines() {
        let diff = line_diff("a\nb\nc\n", "a\nx\nc\nd");
        assert_eq!(
            diff,
            vec![
                (Change::Same, "a"),
                (Change::Removed, "b"),
                (Change::Added, "x"),
                (Change::Same, "c"),
                (Change::Added, "d"),
            ]
        );
        assert_eq!(line_diff("", "a"), vec![(Change::Added, "a")]);
        assert_eq!(line_diff("a", ""), vec![(Change::Removed, "a")]);
    }

    #[test]
    fn reads_a_pasted_role() {
        let roles = DEFAULT.roles.unwrap_or_default();
        let Pasted::Role { inline, managed } = pasted(
            roles,
            Some("arn:aws:iam::111122223333:role/ecsTaskExecutionRole"),
        ) else {
            panic!("the default example's execution role")
        };
        assert_eq!(managed, ["AmazonECSTaskExecutionRolePolicy"]);
        let text = pretty(&inline.unwrap_or_default());
        assert!(text.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"ReadDatabaseSecret\",\n      \"Effect\": \"Allow\",\n      \"Action\""), "{text}");
        assert_eq!(
            pretty(&json!({"b": [], "a": {}})),
            "{\n  \"a\": {},\n  \"b\": []\n}"
        );
        assert!(text.contains("ReadDatabaseSecret") && text.contains("ReadSessionKey"));
        assert_eq!(pasted(roles, Some("arn:aws:iam::1:role/x")), Pasted::NoRole);
        assert_eq!(pasted(roles, None), Pasted::NoRole);
        assert_eq!(pasted("{", Some("x")), Pasted::Nothing);
    }
}
