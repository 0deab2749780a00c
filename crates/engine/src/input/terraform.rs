//! Terraform JSON: `terraform show -json` of the state (`values.root_module`) or of a plan file
//! (`planned_values.root_module`), child modules included. The first `aws_ecs_task_definition`
//! resource's `values` are normalised to the API's camelCase.
//!
//! The arguments are snake_case (`execution_role_arn`, `requires_compatibilities`), nested blocks
//! are lists of one object (`efs_volume_configuration: [{…}]`) and `volume` is a list of blocks;
//! unset strings are `""` in the state and are read as not set. `container_definitions` is a
//! JSON string holding the camelCase container array: it is decoded here, with a map from every
//! decoded byte back to its place in the escaped string literal, so each node inside it (and a
//! syntax error) points at its exact place in the pasted text even though every `"` in it is
//! written `\"`. In a plan, values known only after apply (`resource_changes[].change
//! .after_unknown`) are notes, or an error for `container_definitions`.

use super::cluster::ExecConfig;
use super::json::{self, JsonError};
use super::node::{Member, Node, NodeKind};
use super::scaling::ScalableTarget;
use super::task_definition::Spanned;
use super::{Found, InputError, InputNote, TaskDefinitionFormat};
use crate::diagnostic::{Severity, Span};

const RESOURCE: &str = "aws_ecs_task_definition";

/// Blocks that Terraform nests at most once, as a list of one object.
const SINGLE_BLOCKS: [&str; 7] = [
    "efs_volume_configuration",
    "authorization_config",
    "fsx_windows_file_server_volume_configuration",
    "docker_volume_configuration",
    "proxy_configuration",
    "runtime_platform",
    "ephemeral_storage",
];

/// Arguments whose keys are the user's.
const MAPS: [&str; 5] = ["tags", "tags_all", "properties", "driver_opts", "labels"];

/// The arguments the task definition model reads, whose unknown values are worth a note
/// (`container_definitions` unknown is an error).
const READ: [&str; 6] = [
    "task_role_arn",
    "execution_role_arn",
    "network_mode",
    "requires_compatibilities",
    "volume",
    "proxy_configuration",
];

/// How deep child modules may nest.
const MAX_MODULE_DEPTH: usize = 64;

/// Whether a document is Terraform's JSON output.
pub(crate) fn is_terraform(root: &Node) -> bool {
    root.get("format_version").is_some()
        && (root.get("values").is_some()
            || root.get("planned_values").is_some()
            || root.get("terraform_version").is_some())
}

/// The first `aws_ecs_task_definition` of a state or plan, in camelCase.
pub(crate) fn task_definition(
    root: &Node,
    text: &str,
) -> Result<(Found, TaskDefinitionFormat), Vec<InputError>> {
    let (format, document, module) = match root.get("planned_values") {
        Some(planned) => (
            TaskDefinitionFormat::TerraformPlan,
            "Terraform plan",
            planned.get("root_module"),
        ),
        None => (
            TaskDefinitionFormat::TerraformState,
            "Terraform state",
            root.get("values").and_then(|v| v.get("root_module")),
        ),
    };
    let mut resources = Vec::new();
    if let Some(module) = module {
        collect(module, Some(RESOURCE), &mut resources, 0);
    }
    let Some(first) = resources.first() else {
        return Err(vec![InputError::NoTaskDefinition {
            document,
            resource: RESOURCE,
            span: root
                .member("planned_values")
                .or_else(|| root.member("values"))
                .map_or(root.span, |m| m.key_span),
        }]);
    };
    let (address, address_span) = address(first);
    let Some(values) = first.get("values").filter(|v| v.as_object().is_some()) else {
        return Err(vec![InputError::Missing {
            path: format!("{address}.values"),
            span: first.span,
        }]);
    };
    let mut notes = Vec::new();
    if resources.len() > 1 {
        let names: Vec<String> = resources
            .iter()
            .map(|r| format!("`{}`", self::address(r).0))
            .collect();
        notes.push(InputNote {
            code: "SEVERAL_TASK_DEFINITIONS",
            severity: Severity::Info,
            message: format!(
                "the {document} has {} `{RESOURCE}` resources ({}): this reads the first, `{address}`",
                resources.len(),
                names.join(", ")
            ),
            span: address_span,
            field: None,
        });
    }
    let unknown = after_unknown(root, &address);
    let mut members = Vec::new();
    for m in unknown.and_then(Node::as_object).unwrap_or_default() {
        let role_argument = matches!(m.key.as_str(), "task_role_arn" | "execution_role_arn");
        if role_argument
            && matches!(m.value.kind, NodeKind::Bool(true))
            && let Some(role) = planned_role(root, module, &address, &m.key, account(values))
        {
            notes.push(InputNote {
                code: "VALUE_UNKNOWN",
                severity: Severity::Info,
                message: format!(
                    "`{address}.{}` is known only after `terraform apply`: read as `{}`, the ARN \
                     of `{}`, planned with it",
                    m.key, role.arn, role.address
                ),
                span: role.span,
                field: None,
            });
            members.push(Member {
                key: camel(&m.key),
                key_span: role.span,
                value: Node {
                    span: role.span,
                    kind: NodeKind::String(role.arn),
                },
            });
            continue;
        }
        if READ.contains(&m.key.as_str()) {
            unknown_values(
                &m.value,
                &format!("{address}.{}", m.key),
                &camel(&m.key),
                m.key_span,
                &mut notes,
            );
        }
    }
    for m in values.as_object().unwrap_or_default() {
        let key = match m.key.as_str() {
            "container_definitions" => {
                let value = match &m.value.kind {
                    NodeKind::String(_) => {
                        Some(inner_json(&m.value, text, &address).map_err(|e| vec![e])?)
                    }
                    NodeKind::Null => None,
                    // An array is read as is; anything else is reported by the reader.
                    _ => Some(m.value.clone()),
                };
                if let Some(value) = value {
                    members.push(Member {
                        key: "containerDefinitions".into(),
                        key_span: m.key_span,
                        value,
                    });
                }
                continue;
            }
            "arn" => "taskDefinitionArn".to_owned(),
            other => camel(other),
        };
        if let Some(value) = convert(&m.value, &m.key) {
            members.push(Member {
                key,
                key_span: m.key_span,
                value,
            });
        }
    }
    let unknown_containers = unknown
        .and_then(|u| u.get("container_definitions"))
        .is_some_and(|v| matches!(v.kind, NodeKind::Bool(true)));
    if unknown_containers && !members.iter().any(|m| m.key == "containerDefinitions") {
        return Err(vec![InputError::Unresolved {
            path: format!("{address}.container_definitions"),
            why: "it is known only after `terraform apply`".into(),
            span: address_span,
        }]);
    }
    let scalable_targets = module.map(scalable_targets).unwrap_or_default();
    let exec_config = module.and_then(|m| exec_config(root, m, &mut notes));
    Ok((
        Found {
            body: Node {
                span: values.span,
                kind: NodeKind::Object(members),
            },
            prefix: format!("{address}."),
            resource: Spanned {
                value: address,
                span: address_span,
            },
            notes,
            scalable_targets,
            exec_config,
        },
        format,
    ))
}

/// The `aws_appautoscaling_target`s of ECS services (`service_namespace = "ecs"`) in the module
/// and its children, with the `aws_appautoscaling_policy`s of type `TargetTrackingScaling` on
/// the same `resource_id` (or, when it is not known before apply, on the only ECS target).
fn scalable_targets(module: &Node) -> Vec<ScalableTarget> {
    let text = |r: &Node, key: &str| -> Option<Spanned<String>> {
        let v = r.get("values")?.get(key)?;
        v.as_str().filter(|s| !s.is_empty()).map(|s| Spanned {
            value: s.to_owned(),
            span: v.span,
        })
    };
    let ecs = |r: &Node| text(r, "service_namespace").is_some_and(|n| n.value == "ecs");
    let place = |r: &Node, kind: &str| match r.member("address") {
        Some(m) if m.value.as_str().is_some() => (
            m.value.as_str().unwrap_or_default().to_owned(),
            m.value.span,
        ),
        _ => {
            let name = r.get("name").and_then(Node::as_str).unwrap_or("?");
            (format!("{kind}.{name}"), r.span)
        }
    };
    let mut found = Vec::new();
    collect(module, Some("aws_appautoscaling_target"), &mut found, 0);
    let mut targets: Vec<ScalableTarget> = found
        .into_iter()
        .filter(|r| ecs(r))
        .map(|r| {
            let (path, span) = place(r, "aws_appautoscaling_target");
            ScalableTarget {
                path,
                span,
                resource_id: text(r, "resource_id").map(|id| id.value),
                role_arn: text(r, "role_arn"),
                target_tracking: Vec::new(),
            }
        })
        .collect();
    if targets.is_empty() {
        return targets;
    }
    let mut policies = Vec::new();
    collect(module, Some("aws_appautoscaling_policy"), &mut policies, 0);
    for p in policies.into_iter().filter(|p| {
        ecs(p) && text(p, "policy_type").is_some_and(|t| t.value == "TargetTrackingScaling")
    }) {
        let same = text(p, "resource_id").map(|id| id.value);
        let only = targets.len() == 1;
        let index = targets
            .iter()
            .position(|t| same.is_some() && t.resource_id == same)
            .or_else(|| (same.is_none() && only).then_some(0));
        if let Some(target) = index.and_then(|i| targets.get_mut(i)) {
            target
                .target_tracking
                .push(place(p, "aws_appautoscaling_policy"));
        }
    }
    targets
}

/// The first object of a nested block: `block[0]`.
fn block<'n>(node: Option<&'n Node>, key: &str) -> Option<&'n Node> {
    node?.get(key)?.as_array()?.first()
}

/// `configuration[0].execute_command_configuration[0]` of the `aws_ecs_cluster` that runs the
/// module's services (see [`super::cluster::pick`]: a service's `cluster` is the cluster's ARN
/// or name). In a plan, a value known only after apply is `*`.
fn exec_config(root: &Node, module: &Node, notes: &mut Vec<InputNote>) -> Option<ExecConfig> {
    let mut resources = Vec::new();
    collect(module, Some("aws_ecs_cluster"), &mut resources, 0);
    let address = |r: &Node| {
        r.get("address")
            .and_then(Node::as_str)
            .unwrap_or("aws_ecs_cluster")
            .to_owned()
    };
    let mut clusters = Vec::new();
    let mut names = Vec::new();
    for r in resources {
        let address = address(r);
        let exec = "execute_command_configuration";
        let config = block(block(r.get("values"), "configuration"), exec);
        let unknown = block(block(after_unknown(root, &address), "configuration"), exec);
        let config = config.map(|c| {
            let log = block(Some(c), "log_configuration");
            let unknown_log = block(unknown, "log_configuration");
            let value = |node: Option<&Node>, unknown: Option<&Node>, key: &str| match node
                .and_then(|n| n.get(key))
            {
                Some(v) if v.as_str().is_some_and(|s| !s.is_empty()) => Some(Spanned {
                    value: v.as_str().unwrap_or_default().to_owned(),
                    span: v.span,
                }),
                _ => unknown
                    .and_then(|u| u.get(key))
                    .filter(|u| matches!(u.kind, NodeKind::Bool(true)))
                    .map(|u| Spanned {
                        value: "*".to_owned(),
                        span: u.span,
                    }),
            };
            ExecConfig {
                path: format!("{address}.configuration[0].{exec}[0]"),
                span: c.span,
                logging: value(Some(c), unknown, "logging")
                    .map_or_else(|| "DEFAULT".to_owned(), |l| l.value),
                kms_key_id: value(Some(c), unknown, "kms_key_id"),
                log_group: value(log, unknown_log, "cloud_watch_log_group_name"),
                s3_bucket: value(log, unknown_log, "s3_bucket_name"),
                s3_key_prefix: value(log, unknown_log, "s3_key_prefix").map(|p| p.value),
            }
        });
        if let Some(name) = r
            .get("values")
            .and_then(|v| v.get("name"))
            .and_then(Node::as_str)
        {
            names.push((name.to_owned(), address.clone()));
        }
        clusters.push((address, config));
    }
    let mut services = Vec::new();
    collect(module, Some("aws_ecs_service"), &mut services, 0);
    let named: Vec<String> = services
        .iter()
        .filter_map(|s| s.get("values")?.get("cluster")?.as_str())
        .filter_map(|c| {
            let name = c.rsplit('/').next().unwrap_or(c);
            names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, a)| a.clone())
        })
        .collect();
    let configured = clusters.iter().any(|(_, c)| c.is_some());
    match super::cluster::pick(clusters, &named) {
        Ok(config) => config.flatten(),
        Err(ids) => {
            if configured {
                notes.push(super::cluster::ambiguous(&ids, module.span));
            }
            None
        }
    }
}

/// Writes a camelCase path of the task definition model (after the prefix) with Terraform's
/// names: `containerDefinitions[0].image` → `container_definitions[0].image`,
/// `volumes[1].efsVolumeConfiguration.authorizationConfig.iam` →
/// `volume[1].efs_volume_configuration[0].authorization_config[0].iam`.
pub(crate) fn source_path(model: &str) -> String {
    if let Some(rest) = model.strip_prefix("containerDefinitions") {
        // Inside the JSON string the names are the API's.
        return format!("container_definitions{rest}");
    }
    let mut out = Vec::new();
    for segment in model.split('.') {
        let (name, index) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let name = match name {
            "volumes" => "volume".to_owned(),
            "taskDefinitionArn" => "arn".to_owned(),
            "configuredAtLaunch" => "configure_at_launch".to_owned(),
            other => snake(other),
        };
        let index = if index.is_empty() && SINGLE_BLOCKS.contains(&name.as_str()) {
            "[0]"
        } else {
            index
        };
        out.push(format!("{name}{index}"));
    }
    out.join(".")
}

/// Notes for the `true`s of an `after_unknown` value: `path` is Terraform's, `model` the model's.
fn unknown_values(node: &Node, path: &str, model: &str, span: Span, notes: &mut Vec<InputNote>) {
    match &node.kind {
        NodeKind::Bool(true) => notes.push(InputNote {
            code: "VALUE_UNKNOWN",
            severity: Severity::Warning,
            message: format!("`{path}` is known only after `terraform apply`: it is left unknown"),
            span,
            field: Some(model.to_owned()),
        }),
        NodeKind::Array(items) => {
            let single = SINGLE_BLOCKS
                .iter()
                .any(|b| path.ends_with(&format!(".{b}")));
            for (i, item) in items.iter().enumerate() {
                let model = if single {
                    model.to_owned()
                } else {
                    format!("{model}[{i}]")
                };
                unknown_values(item, &format!("{path}[{i}]"), &model, span, notes);
            }
        }
        NodeKind::Object(members) => {
            for m in members {
                unknown_values(
                    &m.value,
                    &format!("{path}.{}", m.key),
                    &format!("{model}.{}", camel(&m.key)),
                    m.key_span,
                    notes,
                );
            }
        }
        _ => {}
    }
}

/// The managed resources of a module and its children, in order: those of type `kind` only,
/// when given.
fn collect<'n>(module: &'n Node, kind: Option<&str>, out: &mut Vec<&'n Node>, depth: usize) {
    if depth > MAX_MODULE_DEPTH {
        return;
    }
    for r in module
        .get("resources")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        let wanted = kind.is_none_or(|k| r.get("type").and_then(Node::as_str) == Some(k))
            && r.get("mode").and_then(Node::as_str) != Some("data");
        if wanted {
            out.push(r);
        }
    }
    for child in module
        .get("child_modules")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        collect(child, kind, out, depth + 1);
    }
}

/// The account of the task definition's known ARNs (`arn`, the other role), if any.
fn account(values: &Node) -> Option<&str> {
    ["arn", "execution_role_arn", "task_role_arn"]
        .iter()
        .filter_map(|k| values.get(k).and_then(Node::as_str))
        .filter_map(|arn| arn.split(':').nth(4))
        .find(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
}

/// A role planned in the same apply as the task definition that references it.
struct PlannedRole {
    arn: String,
    address: String,
    /// The reference in the plan's `configuration`.
    span: Span,
}

/// For a role ARN known only after apply: the `aws_iam_role` that the configuration's
/// expression references (`aws_iam_role.task.arn`), when the plan gives its name, as
/// `arn:aws:iam::<account>:role/<path><name>`, with `*` for an account no other ARN gives.
fn planned_role(
    root: &Node,
    planned: Option<&Node>,
    address: &str,
    argument: &str,
    account: Option<&str>,
) -> Option<PlannedRole> {
    let at = address.rfind(&format!("{RESOURCE}."))?;
    let (prefix, local) = address.split_at(at);
    // `configuration` names resources without their module or `count` / `for_each` index.
    let local = local.split('[').next().unwrap_or(local);
    let mut module = root.get("configuration")?.get("root_module")?;
    let mut segments = prefix.split_terminator('.');
    while let (Some("module"), Some(name)) = (segments.next(), segments.next()) {
        let name = name.split('[').next().unwrap_or(name);
        module = module.get("module_calls")?.get(name)?.get("module")?;
    }
    let expression = module
        .get("resources")?
        .as_array()?
        .iter()
        .find(|r| r.get("address").and_then(Node::as_str) == Some(local))?
        .get("expressions")?
        .member(argument)?;
    let role = expression
        .value
        .get("references")?
        .as_array()?
        .iter()
        .filter_map(Node::as_str)
        .find_map(|r| {
            r.strip_suffix(".arn")
                .filter(|r| r.starts_with("aws_iam_role."))
        })?;
    let role_address = format!("{prefix}{role}");
    let mut resources = Vec::new();
    collect(planned?, Some("aws_iam_role"), &mut resources, 0);
    let values = resources
        .into_iter()
        .find(|r| r.get("address").and_then(Node::as_str) == Some(role_address.as_str()))?
        .get("values")?;
    let name = values
        .get("name")
        .and_then(Node::as_str)
        .filter(|n| !n.is_empty())?;
    let path = values.get("path").and_then(Node::as_str).unwrap_or("/");
    Some(PlannedRole {
        arn: format!("arn:aws:iam::{}:role{path}{name}", account.unwrap_or("*")),
        address: role_address,
        span: expression.key_span,
    })
}

/// The resource's address and its place.
fn address(resource: &Node) -> (String, Span) {
    match resource.member("address") {
        Some(m) if m.value.as_str().is_some() => (
            m.value.as_str().unwrap_or_default().to_owned(),
            m.value.span,
        ),
        _ => {
            let name = resource.get("name").and_then(Node::as_str).unwrap_or("?");
            (format!("{RESOURCE}.{name}"), resource.span)
        }
    }
}

/// `change.after_unknown` of the resource's entry in a plan's `resource_changes`.
fn after_unknown<'n>(root: &'n Node, address: &str) -> Option<&'n Node> {
    root.get("resource_changes")?
        .as_array()?
        .iter()
        .find(|c| c.get("address").and_then(Node::as_str) == Some(address))?
        .get("change")?
        .get("after_unknown")
}

/// A snake_case argument in camelCase.
fn camel(key: &str) -> String {
    if key == "configure_at_launch" {
        return "configuredAtLaunch".into();
    }
    if key == "volume" {
        return "volumes".into();
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A Terraform value in the API's shape; `None` for what Terraform writes for "not set" (`null`,
/// `""`, an empty list or set).
fn convert(node: &Node, key: &str) -> Option<Node> {
    let kind = match &node.kind {
        NodeKind::Null => return None,
        NodeKind::String(s) if s.is_empty() => return None,
        NodeKind::Array(items) if items.is_empty() => return None,
        NodeKind::Array(items) if SINGLE_BLOCKS.contains(&key) => {
            return items.first().and_then(|block| convert(block, ""));
        }
        NodeKind::Array(items) => {
            NodeKind::Array(items.iter().filter_map(|i| convert(i, "")).collect())
        }
        NodeKind::Object(_) if MAPS.contains(&key) => return Some(node.clone()),
        NodeKind::Object(members) => NodeKind::Object(
            members
                .iter()
                .filter_map(|m| {
                    convert(&m.value, &m.key).map(|value| Member {
                        key: camel(&m.key),
                        key_span: m.key_span,
                        value,
                    })
                })
                .collect(),
        ),
        _ => return Some(node.clone()),
    };
    Some(Node {
        span: node.span,
        kind,
    })
}

/// Parses the JSON held in a string node, with spans into the pasted text.
fn inner_json(node: &Node, text: &str, address: &str) -> Result<Node, InputError> {
    let raw = text.get(node.span.start..node.span.end).unwrap_or_default();
    let (decoded, map) = match decode(raw, node.span.start) {
        Some((decoded, map)) if Some(decoded.as_str()) == node.as_str() => (decoded, map),
        // Not a literal as expected: point everything at the string.
        _ => (node.as_str().unwrap_or_default().to_owned(), Vec::new()),
    };
    let place = |offset: usize| {
        map.get(offset).copied().unwrap_or(if offset == 0 {
            node.span.start
        } else {
            node.span.end
        })
    };
    match json::parse(&decoded) {
        Ok(inner) => Ok(remap(inner, &place)),
        Err(e) => Err(InputError::Json(JsonError {
            message: format!(
                "`{address}.container_definitions` is not valid JSON: {}",
                e.message
            ),
            help: e.help,
            span: Span::new(place(e.span.start), place(e.span.end)),
        })),
    }
}

fn remap(node: Node, place: &dyn Fn(usize) -> usize) -> Node {
    let span = Span::new(place(node.span.start), place(node.span.end));
    let kind = match node.kind {
        NodeKind::Array(items) => {
            NodeKind::Array(items.into_iter().map(|i| remap(i, place)).collect())
        }
        NodeKind::Object(members) => NodeKind::Object(
            members
                .into_iter()
                .map(|m| Member {
                    key: m.key,
                    key_span: Span::new(place(m.key_span.start), place(m.key_span.end)),
                    value: remap(m.value, place),
                })
                .collect(),
        ),
        other => other,
    };
    Node { span, kind }
}

/// Decodes a JSON string literal (quotes included) that starts at `base` in the text: the value,
/// and for each of its bytes (and one past the end) the offset in the text of the character or
/// escape it comes from.
fn decode(raw: &str, base: usize) -> Option<(String, Vec<usize>)> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut map = Vec::with_capacity(body.len() + 1);
    let mut chars = body.char_indices().peekable();
    let push = |out: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        out.push(c);
        map.extend(std::iter::repeat_n(base + 1 + at, c.len_utf8()));
    };
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            push(&mut out, &mut map, c, at);
            continue;
        }
        let (_, escape) = chars.next()?;
        let decoded = match escape {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A surrogate pair: `\uD83D\uDE00`.
                    if chars.next().map(|(_, c)| c) != Some('\\')
                        || chars.next().map(|(_, c)| c) != Some('u')
                    {
                        return None;
                    }
                    let low = hex4(&mut chars)?;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.checked_sub(0xDC00)?))?
                } else {
                    char::from_u32(unit)?
                }
            }
            _ => return None,
        };
        push(&mut out, &mut map, decoded, at);
    }
    map.push(base + raw.len() - 1);
    Some((out, map))
}

fn hex4(chars: &mut impl Iterator<Item = (usize, char)>) -> Option<u32> {
    let mut value = 0;
    for _ in 0..4 {
        value = value * 16 + chars.next()?.1.to_digit(16)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;
    use crate::input::read_task_definition;

    const STATE: &str = r#"{
  "format_version": "1.0",
  "terraform_version": "1.9.5",
  "values": {
    "root_module": {
      "child_modules": [{
        "address": "module.app",
        "resources": [{
          "address": "module.app.aws_ecs_task_definition.service",
          "mode": "managed",
          "type": "aws_ecs_task_definition",
          "name": "service",
          "values": {
            "arn": "arn:aws:ecs:us-east-1:123456789012:task-definition/service:3",
            "container_definitions": "[{\"name\":\"first\",\"image\":\"service-first\",\"essential\":true},{\"name\":\"second\",\"image\":[1]}]",
            "execution_role_arn": "",
            "family": "service",
            "network_mode": "awsvpc",
            "requires_compatibilities": ["FARGATE"],
            "task_role_arn": "arn:aws:iam::123456789012:role/service-task",
            "volume": [{
              "name": "service-storage",
              "configure_at_launch": false,
              "docker_volume_configuration": [],
              "efs_volume_configuration": [{
                "file_system_id": "fs-0123456789abcdef0",
                "root_directory": "/opt/data",
                "transit_encryption": "ENABLED",
                "transit_encryption_port": 2999,
                "authorization_config": [{"access_point_id": "fsap-0123456789abcdef0", "iam": "ENABLED"}]
              }],
              "fsx_windows_file_server_volume_configuration": []
            }]
          }
        }]
      }]
    }
  }
}"#;

    #[test]
    fn reads_state_in_a_child_module_with_spans_inside_the_string() {
        let errors = read_task_definition(STATE).unwrap_err();
        // The second container's image is an array: the error names Terraform's path and
        // points inside the escaped string.
        assert_eq!(
            errors[0].to_string(),
            "`module.app.aws_ecs_task_definition.service.container_definitions[1].image` must be \
             a string, found an array"
        );
        let span = errors[0].span();
        assert_eq!(&STATE[span.start..span.end], "[1]");
        let fixed = STATE.replace("[1]}]", "\\\"x\\\"}]");
        let td = read_task_definition(&fixed).unwrap();
        assert_eq!(td.format, TaskDefinitionFormat::TerraformState);
        assert_eq!(
            td.path_prefix,
            "module.app.aws_ecs_task_definition.service."
        );
        assert!(td.execution_role_arn.is_none(), "\"\" is not set");
        assert_eq!(
            td.task_role_arn.as_ref().unwrap().value,
            "arn:aws:iam::123456789012:role/service-task"
        );
        assert!(td.task_definition_arn.is_some());
        let first = &td.containers[0];
        assert_eq!(
            &fixed[first.name.span.start..first.name.span.end],
            "\\\"first\\\""
        );
        let (line, _) = LineIndex::new(&fixed).line_column(first.span.start);
        assert_eq!(line, 15);
        let efs = td.volumes[0].efs.as_ref().unwrap();
        assert_eq!(efs.iam.as_ref().unwrap().value, "ENABLED");
        assert_eq!(
            efs.access_point_id.as_ref().unwrap().value,
            "fsap-0123456789abcdef0"
        );
        assert!(!td.volumes[0].configured_at_launch);
        assert_eq!(
            td.source_path(
                "module.app.aws_ecs_task_definition.service.volumes[0].efsVolumeConfiguration.authorizationConfig.iam"
            ),
            "module.app.aws_ecs_task_definition.service.volume[0].efs_volume_configuration[0].authorization_config[0].iam"
        );
    }

    #[test]
    fn a_plan_with_unknown_values() {
        let text = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"address": "aws_ecs_task_definition.a", "mode": "managed", "type": "aws_ecs_task_definition", "name": "a",
             "values": {"family": "a", "container_definitions": "[{\"name\":\"a\",\"image\":\"nginx\"}]"}},
            {"address": "aws_ecs_task_definition.b", "mode": "managed", "type": "aws_ecs_task_definition", "name": "b",
             "values": {"family": "b"}}]}},
          "resource_changes": [
            {"address": "aws_ecs_task_definition.a", "change": {"after_unknown": {"arn": true, "execution_role_arn": true}}},
            {"address": "aws_ecs_task_definition.b", "change": {"after_unknown": {"container_definitions": true}}}]}"#;
        let td = read_task_definition(text).unwrap();
        assert_eq!(td.format, TaskDefinitionFormat::TerraformPlan);
        let codes: Vec<_> = td.notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, ["SEVERAL_TASK_DEFINITIONS", "VALUE_UNKNOWN"]);
        assert!(td.is_unknown("executionRoleArn"));
        // The second alone: its containers are not known yet.
        let only_b = text.replace(
            "\"type\": \"aws_ecs_task_definition\", \"name\": \"a\"",
            "\"type\": \"aws_s3_bucket\", \"name\": \"a\"",
        );
        let errors = read_task_definition(&only_b).unwrap_err();
        assert_eq!(errors[0].code(), "VALUE_UNRESOLVED");
        assert_eq!(
            errors[0].to_string(),
            "`aws_ecs_task_definition.b.container_definitions` cannot be read: it is known only after `terraform apply`"
        );
    }

    #[test]
    fn a_syntax_error_inside_the_string_is_placed() {
        let text = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
            {"address": "aws_ecs_task_definition.x", "type": "aws_ecs_task_definition", "name": "x",
             "values": {"container_definitions": "[{\"name\": \"a\",}]"}}]}}}"#;
        let errors = read_task_definition(text).unwrap_err();
        assert_eq!(errors[0].code(), "JSON_SYNTAX");
        assert!(
            errors[0].to_string().starts_with(
                "`aws_ecs_task_definition.x.container_definitions` is not valid JSON: "
            )
        );
        let span = errors[0].span();
        assert_eq!(&text[span.start..span.end], ",");
    }

    #[test]
    fn no_task_definition_in_the_state() {
        let text = r#"{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {"resources": []}}}"#;
        let errors = read_task_definition(text).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "the Terraform state has no `aws_ecs_task_definition` resource"
        );
    }

    #[test]
    fn decodes_escapes_with_their_places() {
        let raw = r#""a\"\u00e9\ud83d\ude00\n""#;
        let (decoded, map) = decode(raw, 10).unwrap();
        assert_eq!(decoded, "a\"é😀\n");
        assert_eq!(map.len(), decoded.len() + 1);
        assert_eq!(map[0], 11);
        assert_eq!(map[1], 12);
        assert_eq!(map[2], 14);
        assert_eq!(map[4], 20);
        assert_eq!(*map.last().unwrap(), 10 + raw.len() - 1);
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(camel("requires_compatibilities"), "requiresCompatibilities");
        assert_eq!(snake("requiresCompatibilities"), "requires_compatibilities");
        assert_eq!(source_path("executionRoleArn"), "execution_role_arn");
        assert_eq!(
            source_path("containerDefinitions[2].logConfiguration.options.awslogs-group"),
            "container_definitions[2].logConfiguration.options.awslogs-group"
        );
        assert_eq!(source_path("proxyConfiguration"), "proxy_configuration[0]");
    }
}
