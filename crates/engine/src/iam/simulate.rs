//! `simulate`: one request against a set of policies, in the JSON shape of the
//! `@cloud-copilot/iam-simulate` library so that its users can bring their files.
//!
//! `contextVariables` is the complete request context: a key not given is absent, nothing is
//! derived from the principal or the resource, and the answer is one of the three definite ones.

use serde::Serialize;

use super::context::Context;
use super::evaluate::{Decision, Evaluation, PolicySet, Request, evaluate};
use super::policy::{self, Policy, PolicyProblem};
use super::principal::RequestPrincipal;
use crate::diagnostic::{LineIndex, Span};
use crate::input::json;
use crate::input::node::{Node, NodeKind};

/// The answer for one simulation, as `rolecall simulate` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SimulationAnswer {
    Decided { result: Decision, explain: Explain },
    Invalid { error: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explain {
    #[serde(flatten)]
    pub evaluation: Evaluation,
    /// Problems found in the policies; a statement with an error was left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// Simulates the request of one simulation given as JSON text.
#[must_use]
pub fn simulate_text(text: &str) -> SimulationAnswer {
    let index = LineIndex::new(text);
    let place = |span: Span| {
        let (line, column) = index.line_column(span.start);
        format!("{line}:{column}")
    };
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => return invalid(format!("{}: {}", place(e.span), e.message)),
    };
    match simulate(&root) {
        Ok((evaluation, problems)) => SimulationAnswer::Decided {
            result: evaluation.decision,
            explain: Explain {
                evaluation,
                problems: problems
                    .iter()
                    .map(|p| format!("{}: {} [{}]", place(p.span), p.message, p.code))
                    .collect(),
            },
        },
        Err(Invalid { message, span }) => invalid(format!("{}: {message}", place(span))),
    }
}

fn invalid(error: String) -> SimulationAnswer {
    SimulationAnswer::Invalid { error }
}

/// Why a simulation could not be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    pub span: Span,
}

fn err<T>(message: impl Into<String>, span: Span) -> Result<T, Invalid> {
    Err(Invalid {
        message: message.into(),
        span,
    })
}

/// Simulates the request of one parsed simulation.
///
/// # Errors
/// When the simulation's shape is wrong or a policy cannot be read at all.
pub fn simulate(root: &Node) -> Result<(Evaluation, Vec<PolicyProblem>), Invalid> {
    if root.as_object().is_none() {
        return err(
            format!(
                "a simulation must be a JSON object, found {}",
                root.kind_name()
            ),
            root.span,
        );
    }
    let mut problems = Vec::new();
    let identity = named_policies(root, "identityPolicies", &mut problems)?;
    let boundary = named_policies(root, "permissionBoundaryPolicies", &mut problems)?;
    let scps = levels(root, "serviceControlPolicies", &mut problems)?;
    let rcps = levels(root, "resourceControlPolicies", &mut problems)?;
    let resource = optional_policy(root, "resourcePolicy", "resource policy", &mut problems)?;
    let session = optional_policy(root, "sessionPolicy", "session policy", &mut problems)?;

    let Some(request) = root.get("request") else {
        return err("the simulation has no `request`", root.span);
    };
    let principal = required_str(request, "principal")?;
    let action = required_str(request, "action")?;
    validate_action(&action, request)?;
    let Some(resource_node) = request.get("resource") else {
        return err("`request.resource` is missing", request.span);
    };
    let (resource_arn, resource_account) = match &resource_node.kind {
        NodeKind::String(s) => (s.clone(), None),
        NodeKind::Object(_) => (
            required_str(resource_node, "resource")?,
            resource_node
                .get("accountId")
                .and_then(Node::as_str)
                .map(str::to_owned),
        ),
        _ => {
            return err(
                "`request.resource` must be an object `{resource, accountId}`",
                resource_node.span,
            );
        }
    };
    let context = context(request)?;
    let principal = RequestPrincipal::parse(&principal);
    let set = PolicySet {
        identity: &identity,
        resource: resource.as_ref(),
        boundary: &boundary,
        scps: &scps,
        rcps: &rcps,
        session: session.as_ref(),
        explain_unmatched: true,
        actions_prefiltered: false,
        skip_identity: &[],
        skip_boundary: &[],
    };
    let req = Request {
        principal: &principal,
        action: &action,
        resource: &resource_arn,
        resource_account: resource_account.as_deref(),
        context: &context,
    };
    Ok((evaluate(&set, &req), problems))
}

/// An action that does not exist cannot be simulated: say so, with the nearest one.
fn validate_action(action: &str, request: &Node) -> Result<(), Invalid> {
    use super::catalog::{ActionLookup, Catalog};
    let span = request.get("action").map_or(request.span, |a| a.span);
    let catalog = Catalog::get();
    let hint = || {
        catalog
            .suggest(action)
            .map(|s| format!(": did you mean `{s}`?"))
            .unwrap_or_default()
    };
    match catalog.lookup(action) {
        ActionLookup::Known(_) | ActionLookup::NotBundled => Ok(()),
        ActionLookup::UnknownAction => err(
            format!("`{action}` is not an action of its service{}", hint()),
            span,
        ),
        ActionLookup::UnknownService => err(
            format!("no AWS service has the prefix of `{action}`{}", hint()),
            span,
        ),
        ActionLookup::Malformed => err(
            format!("`{action}` is not an action: write `service:Action`"),
            span,
        ),
    }
}

fn required_str(node: &Node, key: &str) -> Result<String, Invalid> {
    match node.get(key) {
        Some(v) => match v.as_str() {
            Some(s) => Ok(s.to_owned()),
            None => err(
                format!("`request.{key}` must be a string, found {}", v.kind_name()),
                v.span,
            ),
        },
        None => err(format!("`request.{key}` is missing"), node.span),
    }
}

fn read_policy(
    name: &str,
    node: &Node,
    problems: &mut Vec<PolicyProblem>,
) -> Result<Policy, Invalid> {
    // Policies may also arrive as JSON text inside a string.
    let parsed;
    let node = match node.as_str() {
        Some(text) => {
            parsed = json::parse(text).map_err(|e| Invalid {
                message: format!("policy `{name}`: {}", e.message),
                span: node.span,
            })?;
            &parsed
        }
        None => node,
    };
    match policy::read(name, node) {
        Ok((p, mut found)) => {
            problems.append(&mut found);
            Ok(p)
        }
        Err(problem) => err(problem.message, problem.span),
    }
}

fn named_policies(
    root: &Node,
    key: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Result<Vec<Policy>, Invalid> {
    let Some(list) = root.get(key) else {
        return Ok(Vec::new());
    };
    let Some(items) = list.as_array() else {
        return err(
            format!("`{key}` must be an array of {{name, policy}}"),
            list.span,
        );
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = item
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| format!("{key}[{i}]"), str::to_owned);
            match item.get("policy") {
                Some(p) => read_policy(&name, p, problems),
                None => err(format!("`{key}[{i}]` has no `policy`"), item.span),
            }
        })
        .collect()
}

fn levels(
    root: &Node,
    key: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Result<Vec<Vec<Policy>>, Invalid> {
    let Some(list) = root.get(key) else {
        return Ok(Vec::new());
    };
    let Some(items) = list.as_array() else {
        return err(
            format!("`{key}` must be an array of {{orgIdentifier, policies}}"),
            list.span,
        );
    };
    items
        .iter()
        .map(|level| named_policies(level, "policies", problems))
        .collect()
}

fn optional_policy(
    root: &Node,
    key: &str,
    name: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Result<Option<Policy>, Invalid> {
    match root.get(key) {
        None => Ok(None),
        Some(n) if n.kind == NodeKind::Null => Ok(None),
        Some(n) => read_policy(name, n, problems).map(Some),
    }
}

fn context(request: &Node) -> Result<Context, Invalid> {
    let mut context = Context::complete();
    let Some(vars) = request.get("contextVariables") else {
        return Ok(context);
    };
    let Some(members) = vars.as_object() else {
        return err("`contextVariables` must be an object", vars.span);
    };
    let scalar = |n: &Node| match &n.kind {
        NodeKind::String(s) | NodeKind::Number(s) => Some(s.clone()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    for m in members {
        let values = match &m.value.kind {
            NodeKind::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
            _ => scalar(&m.value).map(|v| vec![v]),
        };
        match values {
            Some(values) => context.set(&m.key, values),
            None => {
                return err(
                    format!(
                        "context key `{}` must be a string or an array of strings",
                        m.key
                    ),
                    m.value.span,
                );
            }
        }
    }
    Ok(context)
}
