//! The IAM policy language, read from a [`Node`] tree with the span of every element kept.
//!
//! A statement that cannot be understood is reported and left out; the rest of the policy still
//! counts (as the decision then may be wrong, such problems are errors, never silent).

use crate::diagnostic::Span;
use crate::input::node::{Member, Node, NodeKind};

use super::condition::{Operator, parse_operator};

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// How the user or the report names it: an inline policy's name, a managed policy's ARN…
    pub name: String,
    pub version: PolicyVersion,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyVersion {
    V2012_10_17,
    /// `2008-10-17`, or no `Version`: policy variables are plain text then.
    V2008_10_17,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the policy's `Statement` list, from 0.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Action` (`negated: false`) or `NotAction`.
    pub actions: Patterns,
    /// `Resource` or `NotResource`; absent in trust policies.
    pub resources: Option<Patterns>,
    /// `Principal` or `NotPrincipal`; absent in identity policies.
    pub principals: Option<Principals>,
    pub conditions: Vec<Condition>,
    pub span: Span,
}

/// A list of patterns, or everything but them (`NotAction`, `NotResource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patterns {
    pub negated: bool,
    pub items: Vec<String>,
    pub span: Span,
}

impl Statement {
    /// Whether the statement's `Action` (or `NotAction`) covers the action: IAM compares actions
    /// without regard to case.
    #[must_use]
    pub fn matches_action(&self, action: &str) -> bool {
        let hit = self
            .actions
            .items
            .iter()
            .any(|p| super::wildcard::matches_ignore_case(p, action));
        hit != self.actions.negated
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principals {
    /// `NotPrincipal`.
    pub negated: bool,
    /// `"Principal": "*"`.
    pub any: bool,
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: Operator,
    /// As written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator_text: String,
    /// As written; keys compare without regard to case.
    pub key: String,
    /// JSON numbers and booleans are kept as the text they are written as.
    pub values: Vec<String>,
    pub span: Span,
}

/// A problem in a policy document. The evaluator reports these next to its decision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PolicyProblem {
    pub code: &'static str,
    /// Errors make a statement (or the policy) unusable; warnings do not.
    pub fatal: bool,
    pub message: String,
    pub span: Span,
}

impl PolicyProblem {
    fn error(code: &'static str, message: String, span: Span) -> Self {
        Self {
            code,
            fatal: true,
            message,
            span,
        }
    }
    fn warning(code: &'static str, message: String, span: Span) -> Self {
        Self {
            code,
            fatal: false,
            message,
            span,
        }
    }
}

/// The elements of a policy and of a statement, in the order the IAM User Guide documents them.
pub const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
pub const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Reads a policy document. `Err` only when nothing of it can be used.
///
/// # Errors
/// The problem that makes the whole document unusable (not an object, no `Statement`).
pub fn read(name: &str, root: &Node) -> Result<(Policy, Vec<PolicyProblem>), PolicyProblem> {
    let Some(members) = root.as_object() else {
        return Err(PolicyProblem::error(
            "POLICY_NOT_AN_OBJECT",
            format!(
                "policy `{name}` must be a JSON object, found {}",
                root.kind_name()
            ),
            root.span,
        ));
    };
    let mut problems = Vec::new();
    unknown_elements(members, POLICY_ELEMENTS, "policy", &mut problems);
    let version = match root.get("Version") {
        None => {
            problems.push(PolicyProblem::warning(
                "POLICY_VERSION_MISSING",
                format!("policy `{name}` has no `Version`: AWS reads it as `2008-10-17`, where policy variables such as `${{aws:username}}` are plain text"),
                Span::new(root.span.start, root.span.start + 1),
            ));
            PolicyVersion::V2008_10_17
        }
        Some(v) => match v.as_str() {
            Some("2012-10-17") => PolicyVersion::V2012_10_17,
            Some("2008-10-17") => PolicyVersion::V2008_10_17,
            _ => {
                problems.push(PolicyProblem::error(
                    "POLICY_VERSION_INVALID",
                    format!(
                        "`Version` must be `2012-10-17` or `2008-10-17`, found {}",
                        describe(v)
                    ),
                    v.span,
                ));
                PolicyVersion::V2012_10_17
            }
        },
    };
    let id = root.get("Id").and_then(Node::as_str).map(str::to_owned);
    let Some(statement_node) = root.get("Statement") else {
        return Err(PolicyProblem::error(
            "POLICY_STATEMENT_MISSING",
            format!("policy `{name}` has no `Statement`"),
            root.span,
        ));
    };
    let statement_nodes: Vec<&Node> = match &statement_node.kind {
        NodeKind::Array(items) => items.iter().collect(),
        NodeKind::Object(_) => vec![statement_node],
        _ => {
            return Err(PolicyProblem::error(
                "POLICY_STATEMENT_INVALID",
                format!(
                    "`Statement` must be an object or an array of objects, found {}",
                    statement_node.kind_name()
                ),
                statement_node.span,
            ));
        }
    };
    let mut statements = Vec::new();
    let mut sids: Vec<(&str, Span)> = Vec::new();
    for (index, node) in statement_nodes.into_iter().enumerate() {
        if let Some(statement) = read_statement(index, node, &mut problems) {
            if let Some(sid) = node.get("Sid").filter(|_| statement.sid.is_some()) {
                let text = sid.as_str().unwrap_or_default();
                if sids.iter().any(|(s, _)| *s == text) {
                    problems.push(PolicyProblem::warning(
                        "DUPLICATE_SID",
                        format!("`Sid` `{text}` is used by more than one statement; IAM requires unique Sids"),
                        sid.span,
                    ));
                }
                sids.push((text, sid.span));
            }
            statements.push(statement);
        }
    }
    let policy = Policy {
        name: name.to_owned(),
        version,
        id,
        statements,
        span: root.span,
    };
    Ok((policy, problems))
}

fn read_statement(
    index: usize,
    node: &Node,
    problems: &mut Vec<PolicyProblem>,
) -> Option<Statement> {
    let Some(members) = node.as_object() else {
        problems.push(PolicyProblem::error(
            "STATEMENT_NOT_AN_OBJECT",
            format!(
                "statement {index} must be an object, found {}",
                node.kind_name()
            ),
            node.span,
        ));
        return None;
    };
    let before = problems.len();
    unknown_elements(members, STATEMENT_ELEMENTS, "statement", problems);
    let sid = match node.get("Sid") {
        Some(s) => match s.as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                problems.push(PolicyProblem::error(
                    "SID_INVALID",
                    format!("`Sid` must be a string, found {}", s.kind_name()),
                    s.span,
                ));
                None
            }
        },
        None => None,
    };
    let label = sid.as_ref().map_or_else(
        || format!("statement {index}"),
        |s| format!("statement `{s}`"),
    );
    let effect = match node.get("Effect") {
        None => {
            problems.push(PolicyProblem::error(
                "EFFECT_MISSING",
                format!("{label} has no `Effect`"),
                node.span,
            ));
            None
        }
        Some(e) => match e.as_str() {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            _ => {
                problems.push(PolicyProblem::error(
                    "EFFECT_INVALID",
                    format!(
                        "`Effect` must be `Allow` or `Deny` (with that case), found {}",
                        describe(e)
                    ),
                    e.span,
                ));
                None
            }
        },
    };
    let actions = pair(node, "Action", "NotAction", &label, problems);
    if actions.is_none() && node.get("Action").is_none() && node.get("NotAction").is_none() {
        problems.push(PolicyProblem::error(
            "ACTION_MISSING",
            format!("{label} has neither `Action` nor `NotAction`"),
            node.span,
        ));
    }
    let resources = pair(node, "Resource", "NotResource", &label, problems);
    let principals = principals(node, &label, problems);
    let conditions = conditions(node, problems);
    let fatal = problems
        .get(before..)
        .unwrap_or_default()
        .iter()
        .any(|p| p.fatal);
    match (effect, actions, fatal) {
        (Some(effect), Some(actions), false) => Some(Statement {
            index,
            sid,
            effect,
            actions,
            resources,
            principals,
            conditions,
            span: node.span,
        }),
        _ => None,
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a string or a non-empty array of strings.
fn pair(
    node: &Node,
    plain: &str,
    not: &str,
    label: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Option<Patterns> {
    let (negated, value) = match (node.get(plain), node.get(not)) {
        (Some(_), Some(n)) => {
            problems.push(PolicyProblem::error(
                "ELEMENT_CONFLICT",
                format!("{label} has both `{plain}` and `{not}`: use one"),
                n.span,
            ));
            return None;
        }
        (Some(v), None) => (false, v),
        (None, Some(v)) => (true, v),
        (None, None) => return None,
    };
    let element = if negated { not } else { plain };
    let items = strings(value, element, problems)?;
    if items.is_empty() {
        problems.push(PolicyProblem::error(
            "ELEMENT_EMPTY",
            format!("`{element}` is an empty list"),
            value.span,
        ));
        return None;
    }
    Some(Patterns {
        negated,
        items,
        span: value.span,
    })
}

fn principals(node: &Node, label: &str, problems: &mut Vec<PolicyProblem>) -> Option<Principals> {
    let (negated, value) = match (node.get("Principal"), node.get("NotPrincipal")) {
        (Some(_), Some(n)) => {
            problems.push(PolicyProblem::error(
                "ELEMENT_CONFLICT",
                format!("{label} has both `Principal` and `NotPrincipal`: use one"),
                n.span,
            ));
            return None;
        }
        (Some(v), None) => (false, v),
        (None, Some(v)) => (true, v),
        (None, None) => return None,
    };
    let element = if negated { "NotPrincipal" } else { "Principal" };
    let mut p = Principals {
        negated,
        any: false,
        aws: Vec::new(),
        service: Vec::new(),
        federated: Vec::new(),
        canonical_user: Vec::new(),
        span: value.span,
    };
    match &value.kind {
        NodeKind::String(s) if s == "*" => p.any = true,
        NodeKind::Object(members) => {
            for m in members {
                let list = match m.key.as_str() {
                    "AWS" => &mut p.aws,
                    "Service" => &mut p.service,
                    "Federated" => &mut p.federated,
                    "CanonicalUser" => &mut p.canonical_user,
                    other => {
                        problems.push(PolicyProblem::error(
                            "PRINCIPAL_TYPE_UNKNOWN",
                            format!("`{element}` has an unknown principal type `{other}`: use `AWS`, `Service`, `Federated` or `CanonicalUser`"),
                            m.key_span,
                        ));
                        continue;
                    }
                };
                if let Some(items) = strings(&m.value, &m.key, problems) {
                    list.extend(items);
                }
            }
        }
        _ => {
            problems.push(PolicyProblem::error(
                "PRINCIPAL_INVALID",
                format!("`{element}` must be `\"*\"` or an object such as {{\"Service\": \"ecs-tasks.amazonaws.com\"}}, found {}", describe(value)),
                value.span,
            ));
            return None;
        }
    }
    Some(p)
}

fn conditions(node: &Node, problems: &mut Vec<PolicyProblem>) -> Vec<Condition> {
    let Some(block) = node.get("Condition") else {
        return Vec::new();
    };
    let Some(operators) = block.as_object() else {
        problems.push(PolicyProblem::error(
            "CONDITION_INVALID",
            format!(
                "`Condition` must be an object of operators, found {}",
                block.kind_name()
            ),
            block.span,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for op in operators {
        let operator = match parse_operator(&op.key) {
            Ok(operator) => operator,
            Err(message) => {
                problems.push(PolicyProblem::error(
                    "CONDITION_OPERATOR_UNKNOWN",
                    message,
                    op.key_span,
                ));
                continue;
            }
        };
        let Some(keys) = op.value.as_object() else {
            problems.push(PolicyProblem::error(
                "CONDITION_INVALID",
                format!(
                    "`{}` must map condition keys to values, found {}",
                    op.key,
                    op.value.kind_name()
                ),
                op.value.span,
            ));
            continue;
        };
        for k in keys {
            if let Some(values) = condition_values(k, problems) {
                out.push(Condition {
                    operator,
                    operator_text: op.key.clone(),
                    key: k.key.clone(),
                    values,
                    span: Span::new(k.key_span.start, k.value.span.end),
                });
            }
        }
    }
    out
}

fn condition_values(k: &Member, problems: &mut Vec<PolicyProblem>) -> Option<Vec<String>> {
    let scalar = |n: &Node| match &n.kind {
        NodeKind::String(s) | NodeKind::Number(s) => Some(s.clone()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let values: Option<Vec<String>> = match &k.value.kind {
        NodeKind::Array(items) => items.iter().map(scalar).collect(),
        _ => scalar(&k.value).map(|v| vec![v]),
    };
    if values.is_none() {
        problems.push(PolicyProblem::error(
            "CONDITION_VALUE_INVALID",
            format!(
                "the values of condition key `{}` must be strings, numbers or booleans",
                k.key
            ),
            k.value.span,
        ));
    }
    values
}

/// A string or an array of strings.
fn strings(node: &Node, element: &str, problems: &mut Vec<PolicyProblem>) -> Option<Vec<String>> {
    match &node.kind {
        NodeKind::String(s) => Some(vec![s.clone()]),
        NodeKind::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str() {
                    Some(s) => out.push(s.to_owned()),
                    None => problems.push(PolicyProblem::error(
                        "ELEMENT_INVALID",
                        format!(
                            "every entry of `{element}` must be a string, found {}",
                            item.kind_name()
                        ),
                        item.span,
                    )),
                }
            }
            Some(out)
        }
        _ => {
            problems.push(PolicyProblem::error(
                "ELEMENT_INVALID",
                format!(
                    "`{element}` must be a string or an array of strings, found {}",
                    node.kind_name()
                ),
                node.span,
            ));
            None
        }
    }
}

fn unknown_elements(
    members: &[Member],
    known: &[&str],
    what: &str,
    problems: &mut Vec<PolicyProblem>,
) {
    for m in members {
        if known.contains(&m.key.as_str()) {
            continue;
        }
        let suggestion = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&m.key))
            .map(|k| format!(": element names are case-sensitive, did you mean `{k}`?"))
            .unwrap_or_default();
        problems.push(PolicyProblem::error(
            "ELEMENT_UNKNOWN",
            format!("unknown {what} element `{}`{suggestion}", m.key),
            m.key_span,
        ));
    }
}

fn describe(node: &Node) -> String {
    match node.as_str() {
        Some(s) => format!("`{s}`"),
        None => node.kind_name().to_owned(),
    }
}
