//! Finds where a task definition uses each feature of the rules table, with the values the rule
//! templates need.

pub use super::context::TaskContext;
use super::findings::{self, FindingKind};
use super::image::{parse_ecr, pull_through_cache};
use super::rules::Feature;
use crate::diagnostic::{InputName, Span};
use crate::input::task_definition::SecretRef;
use crate::input::{ContainerDefinition, Spanned, TaskDefinition};

/// One place where an input uses a feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureUse {
    /// The input the place is in.
    pub input: InputName,
    pub feature: Feature,
    pub container: String,
    /// Path of the field in the input, e.g. `containerDefinitions[0].image`.
    pub path: String,
    pub span: Span,
    /// Values for the rule templates (`image`, `repository`, `group`…).
    pub bindings: Vec<(&'static str, String)>,
    /// Condition keys the calls are known to carry (`Some`) or to lack (`None`).
    pub context: Vec<(String, Option<String>)>,
}

impl FeatureUse {
    /// A use found in the task definition, with nothing known of its calls' context.
    fn in_task_definition(
        feature: Feature,
        container: String,
        path: String,
        span: Span,
        bindings: Vec<(&'static str, String)>,
    ) -> Self {
        Self {
            input: InputName::TaskDefinition,
            feature,
            container,
            path,
            span,
            bindings,
            context: Vec::new(),
        }
    }
}

/// A finding that detection itself can tell: a malformed reference, a missing setting.
#[derive(Debug, Clone)]
pub struct Note {
    pub input: InputName,
    pub kind: FindingKind,
    pub message: String,
    pub span: Span,
}

/// What detection found: feature uses in input order, and notes.
#[derive(Debug, Default)]
pub struct Detected {
    pub uses: Vec<FeatureUse>,
    pub notes: Vec<Note>,
}

impl Detected {
    pub fn note(&mut self, kind: FindingKind, message: String, span: Span) {
        self.notes.push(Note {
            input: InputName::TaskDefinition,
            kind,
            message,
            span,
        });
    }
}

/// Every feature use of every container, in container order, then the task's volumes and proxy.
/// `kms_keys` are the customer managed keys the user declared for the task's secrets.
#[must_use]
pub fn detect(td: &TaskDefinition, ctx: &TaskContext, kms_keys: &[Spanned<String>]) -> Detected {
    let mut d = Detected::default();
    for c in &td.containers {
        let path = format!("{}containerDefinitions[{}]", td.path_prefix, c.index);
        ecr_image(c, &path, &mut d.uses);
        awslogs(c, ctx, &path, &mut d.uses);
        secrets(c, ctx, &mut d);
        registry_credentials(c, ctx, &path, &mut d);
        environment_files(c, &path, &mut d);
        firelens(c, ctx, &path, &mut d);
        xray(c, &path, &mut d);
    }
    // The key is declared in the roles input; the line points at the first secret it protects.
    let first_secret = d
        .uses
        .iter()
        .find(|u| {
            matches!(
                u.feature,
                Feature::SecretsManagerSecret
                    | Feature::SsmParameter
                    | Feature::RegistryCredentials
            )
        })
        .map(|u| (u.path.clone(), u.span, u.container.clone()));
    if let Some((path, span, container)) = first_secret {
        for key in kms_keys {
            d.uses.push(FeatureUse::in_task_definition(
                Feature::SecretsKey,
                container.clone(),
                path.clone(),
                span,
                vec![("arn", key.value.clone())],
            ));
        }
    }
    volumes(td, ctx, &mut d);
    if let Some(proxy) = &td.proxy_configuration
        && proxy.kind.value == "APPMESH"
    {
        let mut bindings = ctx.bindings();
        bindings.push(("container", String::new()));
        // The Envoy container names its virtual node or gateway in `APPMESH_RESOURCE_ARN`
        // (App Mesh user guide, proxy authorization): that is the resource.
        let named = td
            .containers
            .iter()
            .flat_map(|c| c.environment.iter())
            .find(|(name, _)| name == "APPMESH_RESOURCE_ARN")
            .map(|(_, value)| value.value.clone());
        let any_node = format!(
            "arn:{}:appmesh:{}:{}:mesh/*/virtualNode/*",
            ctx.partition,
            ctx.region.as_deref().unwrap_or("*"),
            ctx.account.as_deref().unwrap_or("*")
        );
        bindings.push(("mesh_resource", named.unwrap_or(any_node)));
        d.uses.push(FeatureUse::in_task_definition(
            Feature::AppMesh,
            String::new(),
            format!("{}proxyConfiguration", td.path_prefix),
            proxy.kind.span,
            bindings,
        ));
        d.note(
            findings::APPMESH_END_OF_SUPPORT,
            "`proxyConfiguration` uses App Mesh, whose support ended on 2026-09-30".into(),
            proxy.kind.span,
        );
    }
    d
}

/// Where a `valueFrom` points.
enum SecretTarget {
    SecretsManager {
        arn: String,
        name: String,
        partial: bool,
    },
    Parameter {
        arn: String,
        name: String,
    },
    Invalid(String),
}

/// Reads a `valueFrom`: a Secrets Manager ARN (whose JSON key, version stage and version id are
/// not part of the IAM resource), a Parameter Store ARN, or a parameter name in the task's Region.
fn secret_target(value: &str, ctx: &TaskContext) -> SecretTarget {
    let parts: Vec<&str> = value.split(':').collect();
    match parts.as_slice() {
        [
            "arn",
            partition,
            "secretsmanager",
            region,
            account,
            "secret",
            name,
            rest @ ..,
        ] => {
            if !(rest.is_empty() || rest.len() == 3) {
                return SecretTarget::Invalid(format!(
                    "`{value}` is not a valid Secrets Manager reference: after the secret name come \
                     exactly three fields, `json-key:version-stage:version-id` (empty ones keep their colons)"
                ));
            }
            // A full ARN ends with `-` and six random characters; a partial one does not, and
            // the secret's real ARN matches `name-??????`.
            let partial = !has_random_suffix(name);
            let suffix = if partial { "-??????" } else { "" };
            SecretTarget::SecretsManager {
                arn: [
                    "arn:",
                    partition,
                    ":secretsmanager:",
                    region,
                    ":",
                    account,
                    ":secret:",
                    name,
                    suffix,
                ]
                .concat(),
                name: (*name).to_owned(),
                partial,
            }
        }
        ["arn", _, "ssm", _, _, resource] if resource.starts_with("parameter/") => {
            SecretTarget::Parameter {
                arn: value.to_owned(),
                name: resource.trim_start_matches("parameter").to_owned(),
            }
        }
        ["arn", ..] => SecretTarget::Invalid(format!(
            "`{value}` is neither a Secrets Manager secret nor a Parameter Store parameter"
        )),
        [_] if !value.is_empty() => {
            let name = value.trim_start_matches('/');
            let region = ctx.region.as_deref().unwrap_or("*");
            let account = ctx.account.as_deref().unwrap_or("*");
            SecretTarget::Parameter {
                arn: format!(
                    "arn:{}:ssm:{region}:{account}:parameter/{name}",
                    ctx.partition
                ),
                name: value.to_owned(),
            }
        }
        _ => SecretTarget::Invalid(format!("`{value}` is not a secret or parameter reference")),
    }
}

/// Region and account of a Parameter Store ARN.
fn ssm_place(arn: &str) -> (String, String) {
    let mut parts = arn.split(':').skip(3);
    let region = parts.next().unwrap_or("*").to_owned();
    let account = parts.next().unwrap_or("*").to_owned();
    (region, account)
}

fn has_random_suffix(name: &str) -> bool {
    name.rsplit_once('-').is_some_and(|(_, s)| {
        s.len() == 6 && (s.bytes().all(|b| b.is_ascii_alphanumeric()) || s == "??????")
    })
}

fn secrets(c: &ContainerDefinition, ctx: &TaskContext, d: &mut Detected) {
    let log_secrets = c
        .log_configuration
        .iter()
        .flat_map(|l| l.secret_options.iter());
    for s in c.secrets.iter().chain(log_secrets) {
        secret_use(s, &c.name.value, ctx, d);
    }
}

fn secret_use(s: &SecretRef, container: &str, ctx: &TaskContext, d: &mut Detected) {
    let base = vec![
        ("container", container.to_owned()),
        ("variable", s.name.clone()),
    ];
    match secret_target(&s.value_from.value, ctx) {
        SecretTarget::SecretsManager { arn, name, partial } => {
            let note = if partial {
                " (a partial ARN: the secret's ARN ends with six random characters)".to_owned()
            } else {
                String::new()
            };
            let mut bindings = base;
            bindings.extend([("arn", arn), ("name", name), ("note", note)]);
            d.uses.push(FeatureUse::in_task_definition(
                Feature::SecretsManagerSecret,
                container.to_owned(),
                s.path.clone(),
                s.value_from.span,
                bindings,
            ));
        }
        SecretTarget::Parameter { arn, name } => {
            // A parameter that references a Secrets Manager secret also reads the secret.
            if let Some(secret) = name
                .trim_start_matches('/')
                .strip_prefix("aws/reference/secretsmanager/")
            {
                let (region, account) = ssm_place(&arn);
                let mut b = base.clone();
                b.extend([
                    (
                        "arn",
                        format!(
                            "arn:{}:secretsmanager:{region}:{account}:secret:{secret}-??????",
                            ctx.partition
                        ),
                    ),
                    ("name", secret.to_owned()),
                    (
                        "note",
                        " (through the Parameter Store reference `/aws/reference/secretsmanager/`)"
                            .to_owned(),
                    ),
                ]);
                d.uses.push(FeatureUse::in_task_definition(
                    Feature::SecretsManagerSecret,
                    container.to_owned(),
                    s.path.clone(),
                    s.value_from.span,
                    b,
                ));
            }
            let mut bindings = base;
            bindings.extend([("arn", arn), ("name", name)]);
            d.uses.push(FeatureUse::in_task_definition(
                Feature::SsmParameter,
                container.to_owned(),
                s.path.clone(),
                s.value_from.span,
                bindings,
            ));
        }
        SecretTarget::Invalid(message) => d.note(
            findings::SECRET_REFERENCE_INVALID,
            message,
            s.value_from.span,
        ),
    }
}

fn registry_credentials(c: &ContainerDefinition, ctx: &TaskContext, path: &str, d: &mut Detected) {
    let Some(param) = &c.repository_credentials else {
        return;
    };
    // Same Region: a name is enough; the IAM resource is still the secret's ARN.
    let arn = match secret_target(&param.value, ctx) {
        SecretTarget::SecretsManager { arn, .. } => arn,
        _ => format!(
            "arn:{}:secretsmanager:{}:{}:secret:{}-??????",
            ctx.partition,
            ctx.region.as_deref().unwrap_or("*"),
            ctx.account.as_deref().unwrap_or("*"),
            param.value
        ),
    };
    let image = c
        .image
        .as_ref()
        .map(|i| i.value.clone())
        .unwrap_or_default();
    d.uses.push(FeatureUse::in_task_definition(
        Feature::RegistryCredentials,
        c.name.value.clone(),
        [path, ".repositoryCredentials.credentialsParameter"].concat(),
        param.span,
        vec![
            ("arn", arn),
            ("name", param.value.clone()),
            ("image", image),
            ("container", c.name.value.clone()),
        ],
    ));
}

/// `arn:aws:s3:::bucket/key` → (object ARN, bucket ARN).
fn s3_object(value: &str) -> Option<(String, String)> {
    let rest = value.strip_prefix("arn:")?;
    let (partition, path) = rest.split_once(":s3:::")?;
    let (bucket, key) = path.split_once('/')?;
    (!bucket.is_empty() && !key.is_empty())
        .then(|| (value.to_owned(), format!("arn:{partition}:s3:::{bucket}")))
}

fn environment_files(c: &ContainerDefinition, path: &str, d: &mut Detected) {
    for (i, f) in c.environment_files.iter().enumerate() {
        let Some((object, bucket)) = s3_object(&f.value) else {
            continue;
        };
        d.uses.push(FeatureUse::in_task_definition(
            Feature::EnvironmentFile,
            c.name.value.clone(),
            format!("{path}.environmentFiles[{i}]"),
            f.span,
            vec![
                ("object", object),
                ("bucket", bucket),
                ("container", c.name.value.clone()),
            ],
        ));
    }
}

fn firelens(c: &ContainerDefinition, ctx: &TaskContext, path: &str, d: &mut Detected) {
    if let Some(f) = &c.firelens
        && f.options
            .get("config-file-type")
            .is_some_and(|t| t.value == "s3")
        && let Some(value) = f.options.get("config-file-value")
    {
        match s3_object(&value.value) {
            Some((object, bucket)) => d.uses.push(FeatureUse::in_task_definition(Feature::FirelensS3Config, c.name.value.clone(), [path, ".firelensConfiguration.options.config-file-value"].concat(), value.span, vec![("object", object), ("bucket", bucket), ("container", c.name.value.clone())])),
            None => d.note(
                findings::FIRELENS_CONFIG_NOT_ARN,
                format!("the FireLens configuration file `{}` of container `{}` is not an S3 object ARN", value.value, c.name.value),
                value.span,
            ),
        }
    }
    let Some(log) = &c.log_configuration else {
        return;
    };
    if log.log_driver.value != "awsfirelens" {
        return;
    }
    let plugin = log
        .options
        .get("Name")
        .map(|n| n.value.to_ascii_lowercase())
        .unwrap_or_default();
    let (feature, stream_key) = match plugin.as_str() {
        "firehose" | "kinesis_firehose" => (Feature::FirelensFirehose, "delivery_stream"),
        "kinesis" | "kinesis_streams" => (Feature::FirelensKinesis, "stream"),
        _ => return,
    };
    let mut bindings = ctx.bindings();
    if let Some(region) = log.options.get("region") {
        bindings.retain(|(k, _)| *k != "region");
        bindings.push(("region", region.value.clone()));
    }
    if let Some(stream) = log.options.get(stream_key) {
        bindings.push(("stream", stream.value.clone()));
    }
    bindings.push(("container", c.name.value.clone()));
    d.uses.push(FeatureUse::in_task_definition(
        feature,
        c.name.value.clone(),
        [path, ".logConfiguration"].concat(),
        log.span,
        bindings,
    ));
}

/// The X-Ray daemon and the AWS Distro for OpenTelemetry collector, recognised by their images.
fn xray(c: &ContainerDefinition, path: &str, d: &mut Detected) {
    let Some(image) = &c.image else { return };
    let repo = image.value.rsplit('/').next().unwrap_or_default();
    let name = repo.split([':', '@']).next().unwrap_or_default();
    if matches!(name, "aws-xray-daemon" | "aws-otel-collector") {
        d.uses.push(FeatureUse::in_task_definition(
            Feature::XrayDaemon,
            c.name.value.clone(),
            [path, ".image"].concat(),
            image.span,
            vec![("container", c.name.value.clone())],
        ));
    }
}

fn volumes(td: &TaskDefinition, ctx: &TaskContext, d: &mut Detected) {
    for v in &td.volumes {
        let path = format!("{}volumes[{}]", td.path_prefix, v.index);
        let mut bindings = ctx.bindings();
        bindings.push(("volume", v.name.clone()));
        if let Some(efs) = &v.efs
            && efs.iam.as_ref().is_some_and(|i| i.value == "ENABLED")
        {
            if let Some(fs) = &efs.file_system_id {
                bindings.push(("fs", fs.value.clone()));
            }
            let span = efs.iam.as_ref().map_or(efs.span, |i| i.span);
            if efs
                .transit_encryption
                .as_ref()
                .is_none_or(|t| t.value != "ENABLED")
            {
                d.note(
                    findings::EFS_IAM_WITHOUT_TRANSIT_ENCRYPTION,
                    format!("volume `{}` uses EFS IAM authorization without `transitEncryption: ENABLED`", v.name),
                    span,
                );
            }
            let access_point = efs.access_point_id.as_ref().map(|ap| {
                format!(
                    "arn:{}:elasticfilesystem:{}:{}:access-point/{}",
                    ctx.partition,
                    ctx.region.as_deref().unwrap_or("*"),
                    ctx.account.as_deref().unwrap_or("*"),
                    ap.value
                )
            });
            // The mount helper connects through a mount target with the access point, if any.
            let efs_context = vec![
                ("elasticfilesystem:AccessPointArn".to_owned(), access_point),
                (
                    "elasticfilesystem:AccessedViaMountTarget".to_owned(),
                    Some("true".to_owned()),
                ),
            ];
            d.uses.push(FeatureUse {
                input: InputName::TaskDefinition,
                context: efs_context.clone(),
                feature: Feature::EfsIam,
                container: String::new(),
                path: [
                    path.as_str(),
                    ".efsVolumeConfiguration.authorizationConfig.iam",
                ]
                .concat(),
                span,
                bindings: bindings.clone(),
            });
            if let Some(writer) = td.containers.iter().find(|c| {
                c.mount_points
                    .iter()
                    .any(|m| m.source_volume == v.name && !m.read_only)
            }) {
                let mut b = bindings.clone();
                b.push(("container", writer.name.value.clone()));
                d.uses.push(FeatureUse {
                    input: InputName::TaskDefinition,
                    context: efs_context,
                    feature: Feature::EfsIamWrite,
                    container: writer.name.value.clone(),
                    path: [path.as_str(), ".efsVolumeConfiguration"].concat(),
                    span,
                    bindings: b,
                });
            }
        }
        if let Some(fsx) = &v.fsx {
            if let Some(fs) = &fsx.file_system_id {
                bindings.push(("fs", fs.value.clone()));
            }
            let fpath = [path.as_str(), ".fsxWindowsFileServerVolumeConfiguration"].concat();
            if let Some(cred) = &fsx.credentials_parameter {
                let feature = match secret_target(&cred.value, ctx) {
                    SecretTarget::SecretsManager { arn, .. } => {
                        Some((Feature::FsxCredentialsSecret, arn))
                    }
                    SecretTarget::Parameter { arn, .. } if cred.value.starts_with("arn:") => {
                        Some((Feature::FsxCredentialsParameter, arn))
                    }
                    _ => {
                        d.note(findings::SECRET_REFERENCE_INVALID, format!("`credentialsParameter` of volume `{}` must be a Secrets Manager or Parameter Store ARN", v.name), cred.span);
                        None
                    }
                };
                if let Some((feature, arn)) = feature {
                    let mut b = bindings.clone();
                    b.push(("arn", arn));
                    d.uses.push(FeatureUse::in_task_definition(
                        feature,
                        String::new(),
                        [fpath.as_str(), ".authorizationConfig.credentialsParameter"].concat(),
                        cred.span,
                        b,
                    ));
                }
            }
            d.uses.push(FeatureUse::in_task_definition(
                Feature::FsxVolume,
                String::new(),
                fpath,
                fsx.span,
                bindings,
            ));
        }
    }
}

fn ecr_image(c: &ContainerDefinition, path: &str, uses: &mut Vec<FeatureUse>) {
    let Some(image) = &c.image else { return };
    let Some(ecr) = parse_ecr(&image.value) else {
        return;
    };
    let cache = pull_through_cache(&ecr.repository);
    let pull = FeatureUse::in_task_definition(
        Feature::EcrImage,
        c.name.value.clone(),
        [path, ".image"].concat(),
        image.span,
        vec![
            ("image", image.value.clone()),
            ("reference", ecr.reference()),
            ("container", c.name.value.clone()),
            ("partition", ecr.partition.to_owned()),
            ("region", ecr.region),
            ("account", ecr.account),
            ("repository", ecr.repository),
        ],
    );
    // A cache repository is pulled from like any other, and may also import and be created.
    let cached = cache.map(|(namespace, upstream)| {
        let mut cached = pull.clone();
        cached.feature = Feature::EcrPullThroughCache;
        cached.bindings.extend([
            ("namespace", namespace.to_owned()),
            ("upstream", upstream.to_owned()),
        ]);
        cached
    });
    uses.push(pull);
    uses.extend(cached);
}

fn awslogs(c: &ContainerDefinition, ctx: &TaskContext, path: &str, uses: &mut Vec<FeatureUse>) {
    let Some(log) = &c.log_configuration else {
        return;
    };
    if log.log_driver.value != "awslogs" {
        return;
    }
    let mut bindings = ctx.bindings();
    bindings.push(("container", c.name.value.clone()));
    if let Some(region) = log.options.get("awslogs-region") {
        bindings.retain(|(k, _)| *k != "region");
        bindings.push(("region", region.value.clone()));
    }
    if let Some(group) = log.options.get("awslogs-group") {
        bindings.push(("group", group.value.clone()));
    }
    // Streams are named `prefix/container/task-id`; without a prefix, after the Docker
    // container ID: unknown before run time either way, but the prefix narrows it.
    if let Some(prefix) = log.options.get("awslogs-stream-prefix") {
        bindings.push((
            "stream",
            [prefix.value.as_str(), "/", &c.name.value, "/*"].concat(),
        ));
    }
    uses.push(FeatureUse::in_task_definition(
        Feature::AwsLogs,
        c.name.value.clone(),
        [path, ".logConfiguration"].concat(),
        log.span,
        bindings.clone(),
    ));
    if let Some(create) = log.options.get("awslogs-create-group")
        && parse_bool(&create.value)
    {
        uses.push(FeatureUse::in_task_definition(
            Feature::AwsLogsCreateGroup,
            c.name.value.clone(),
            [path, ".logConfiguration.options.awslogs-create-group"].concat(),
            create.span,
            bindings,
        ));
    }
}

/// The Docker daemon reads driver options with Go's `strconv.ParseBool`.
fn parse_bool(value: &str) -> bool {
    matches!(value, "1" | "t" | "T" | "true" | "TRUE" | "True")
}
