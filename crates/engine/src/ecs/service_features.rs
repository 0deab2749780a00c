//! Features of the service definition and the application's own calls.

use super::features::{Detected, FeatureUse, TaskContext};
use super::findings;
use super::rules::Feature;
use crate::diagnostic::InputName;
use crate::input::app_actions::AppAction;
use crate::input::service::Service;
use crate::input::task_definition::Spanned;

fn service_use(
    feature: Feature,
    path: String,
    span: crate::diagnostic::Span,
    bindings: Vec<(&'static str, String)>,
) -> FeatureUse {
    FeatureUse {
        input: InputName::Service,
        context: Vec::new(),
        feature,
        container: String::new(),
        path,
        span,
        bindings,
    }
}

/// Every feature the service uses.
#[must_use]
pub fn detect(service: &Service, ctx: &TaskContext, awsvpc: bool) -> Detected {
    let mut d = Detected::default();
    let prefix = match service.format {
        crate::input::service::ServiceFormat::DescribeServices => "services[0].",
        crate::input::service::ServiceFormat::CreateService => "",
    };
    if let Some(exec) = service.enable_execute_command.as_ref().filter(|e| e.value) {
        d.uses.push(service_use(
            Feature::EcsExec,
            format!("{prefix}enableExecuteCommand"),
            exec.span,
            vec![("container", String::new())],
        ));
    }
    for (i, lb) in service.load_balancers.iter().enumerate() {
        let path = format!("{prefix}loadBalancers[{i}]");
        if let Some(tg) = &lb.target_group_arn {
            d.uses.push(service_use(
                Feature::LoadBalancerTarget,
                path,
                tg.span,
                vec![("target_group", tg.value.clone())],
            ));
        } else if let Some(name) = &lb.load_balancer_name {
            let mut b = ctx.bindings();
            b.push(("name", name.value.clone()));
            d.uses.push(service_use(
                Feature::ClassicLoadBalancer,
                path,
                name.span,
                b,
            ));
        }
    }
    if let Some(role) = &service.role
        && awsvpc
    {
        d.note(
            findings::SERVICE_ROLE_WITH_AWSVPC,
            format!("the service names the role `{}`, but its task definition uses the `awsvpc` network mode, which requires the service-linked role", role.value),
            role.span,
        );
    }
    for (i, registry) in service.service_registries.iter().enumerate() {
        d.uses.push(service_use(
            Feature::ServiceRegistry,
            format!("{prefix}serviceRegistries[{i}]"),
            registry.span,
            vec![("registry", registry.value.clone())],
        ));
    }
    for (i, v) in service.ebs_volumes.iter().enumerate() {
        let path = format!("{prefix}volumeConfigurations[{i}].managedEBSVolume");
        let mut b = ctx.bindings();
        b.push(("volume", v.name.clone()));
        let span = match &v.role_arn {
            Some(role) => {
                b.push(("role", role.value.clone()));
                role.span
            }
            None => {
                // The calls still happen, with a role nobody named: they fail.
                d.note(
                    findings::INFRASTRUCTURE_ROLE_POLICY_ON_TASK_ROLE,
                    format!("EBS volume `{}` is configured at launch without `roleArn`: ECS needs an infrastructure role to create and attach it", v.name),
                    v.span,
                );
                v.span
            }
        };
        let cluster = service
            .cluster
            .as_ref()
            .map_or("*", |c| c.value.rsplit('/').next().unwrap_or("*"));
        // The tags ECS puts on the volumes it manages, which the managed policy's conditions check.
        let task_arn = format!(
            "arn:{}:ecs:{}:{}:task/{cluster}/*",
            ctx.partition,
            ctx.region.as_deref().unwrap_or("*"),
            ctx.account.as_deref().unwrap_or("*")
        );
        let context = vec![
            (
                "aws:RequestTag/AmazonECSCreated".to_owned(),
                Some(task_arn.clone()),
            ),
            (
                "aws:ResourceTag/AmazonECSCreated".to_owned(),
                Some(task_arn),
            ),
            (
                "aws:RequestTag/AmazonECSManaged".to_owned(),
                Some("true".to_owned()),
            ),
            (
                "aws:ResourceTag/AmazonECSManaged".to_owned(),
                Some("true".to_owned()),
            ),
            (
                "ec2:CreateAction".to_owned(),
                Some("CreateVolume".to_owned()),
            ),
        ];
        let mut volume = service_use(Feature::EbsVolume, path.clone(), span, b.clone());
        volume.context.clone_from(&context);
        d.uses.push(volume);
        if let Some(snapshot) = &v.snapshot_id {
            let mut b = b;
            b.push(("snapshot", snapshot.value.clone()));
            let mut from_snapshot = service_use(Feature::EbsSnapshot, path, snapshot.span, b);
            from_snapshot.context = context;
            d.uses.push(from_snapshot);
        }
    }
    service_connect_tls(service, ctx, prefix, &mut d);
    for note in &mut d.notes {
        note.input = InputName::Service;
    }
    d
}

/// Service Connect TLS: the infrastructure role's calls for each service that enables it.
fn service_connect_tls(service: &Service, ctx: &TaskContext, prefix: &str, d: &mut Detected) {
    if service.service_connect_tls.is_empty() {
        return;
    }
    let region = ctx.region.as_deref().unwrap_or("*");
    let account = ctx.account.as_deref().unwrap_or("*");
    // The tags and template the conditions of AWS's managed policy for the role check: ECS tags
    // the secrets it creates with the service, marks them owned by Service Connect, and issues
    // end-entity certificates. Whether the CA carries `AmazonECSManaged` is the user's doing,
    // unknown here: decisions that depend on it are conditional.
    let service_arn = service.service_arn.as_ref().map_or_else(
        || {
            format!(
                "arn:{}:ecs:{region}:{account}:service/{}/{}",
                ctx.partition,
                service
                    .cluster
                    .as_ref()
                    .map_or("*", |c| c.value.rsplit('/').next().unwrap_or("*")),
                service
                    .service_name
                    .as_ref()
                    .map_or("*", |n| n.value.as_str())
            )
        },
        |a| a.value.clone(),
    );
    let mut context = vec![
        (
            "aws:RequestTag/AmazonECSCreated".to_owned(),
            Some(service_arn),
        ),
        (
            "aws:RequestTag/AmazonECSManaged".to_owned(),
            Some("true".to_owned()),
        ),
        (
            "secretsmanager:ResourceTag/aws:secretsmanager:owningService".to_owned(),
            Some("ecs-sc".to_owned()),
        ),
        (
            "acm-pca:TemplateArn".to_owned(),
            Some("arn:aws:acm-pca:::template/EndEntityCertificate/V1".to_owned()),
        ),
    ];
    if let Some(account) = &ctx.account {
        context.push(("aws:ResourceAccount".to_owned(), Some(account.clone())));
    }
    for tls in &service.service_connect_tls {
        let path = format!("{prefix}{}", tls.path);
        let mut b = ctx.bindings();
        b.push(("name", tls.name.clone()));
        if let Some(ca) = &tls.certificate_authority {
            b.push(("ca", ca.value.clone()));
        }
        let span = match &tls.role_arn {
            Some(role) => {
                b.push(("role", role.value.clone()));
                role.span
            }
            None => {
                d.note(
                    findings::SERVICE_CONNECT_TLS_ROLE_MISSING,
                    format!(
                        "Service Connect service `{}` enables TLS without `roleArn`: ECS has no infrastructure role to issue and rotate its certificates with",
                        tls.name
                    ),
                    tls.span,
                );
                tls.span
            }
        };
        let key = tls.kms_key.as_ref().map(|key| {
            (
                format!("{path}.kmsKey"),
                key.span,
                kms_key_arn(&key.value, ctx),
            )
        });
        let mut tls_use = service_use(Feature::ServiceConnectTls, path, span, b.clone());
        tls_use.context.clone_from(&context);
        d.uses.push(tls_use);
        if let Some((key_path, key_span, arn)) = key {
            b.push(("key", arn));
            let mut with_key = service_use(Feature::ServiceConnectTlsKey, key_path, key_span, b);
            with_key.context.clone_from(&context);
            d.uses.push(with_key);
        }
    }
}

/// ECS Exec's session logging and encryption, from the `executeCommandConfiguration` of the
/// cluster in the task definition's document (a CloudFormation template or Terraform JSON).
#[must_use]
pub fn exec_logging(td: &crate::input::TaskDefinition, ctx: &TaskContext) -> Detected {
    let mut d = Detected::default();
    let Some(c) = &td.exec_config else {
        return d;
    };
    let cf = c.path.starts_with("Resources.");
    let cluster = c
        .path
        .split(if cf { ".Properties" } else { ".configuration" })
        .next()
        .unwrap_or_default();
    let cluster = cluster.strip_prefix("Resources.").unwrap_or(cluster);
    let mut b = ctx.bindings();
    b.push(("cluster", cluster.to_owned()));
    b.push(("logging", c.logging.clone()));
    let mut add = |feature, field: (&str, &str), value: &Spanned<String>, more: Vec<_>| {
        let mut bindings = b.clone();
        bindings.extend(more);
        d.uses.push(FeatureUse {
            input: InputName::TaskDefinition,
            context: Vec::new(),
            feature,
            container: String::new(),
            path: format!("{}.{}", c.path, if cf { field.0 } else { field.1 }),
            span: value.span,
            bindings,
        });
    };
    if let Some(key) = &c.kms_key_id {
        let arn = kms_key_arn(&key.value, ctx);
        add(
            Feature::EcsExecKey,
            ("KmsKeyId", "kms_key_id"),
            key,
            vec![("key", arn)],
        );
    }
    if c.logging != "DEFAULT" && c.logging != "NONE" {
        if let Some(group) = &c.log_group {
            let field = (
                "LogConfiguration.CloudWatchLogGroupName",
                "log_configuration[0].cloud_watch_log_group_name",
            );
            let more = vec![("group", group.value.clone())];
            add(Feature::EcsExecCloudWatchLogs, field, group, more);
        }
        if let Some(bucket) = &c.s3_bucket {
            let field = (
                "LogConfiguration.S3BucketName",
                "log_configuration[0].s3_bucket_name",
            );
            let prefix = c.s3_key_prefix.clone().unwrap_or_default();
            let scope = if prefix.is_empty() {
                String::new()
            } else {
                format!(
                    " under the key prefix `{prefix}`; narrowing `s3:PutObject` to the prefix is rolecall's least-privilege choice, AWS's example policy grants the whole bucket"
                )
            };
            let more = vec![
                ("bucket", bucket.value.clone()),
                ("prefix", prefix),
                ("scope", scope),
            ];
            add(Feature::EcsExecS3Logs, field, bucket, more);
        }
    }
    if c.logging == "DEFAULT" {
        d.note(
            findings::ECS_EXEC_LOGGING_DEFAULT,
            format!(
                "ECS Exec on cluster `{cluster}` with logging `DEFAULT`: session logs follow the containers' awslogs configuration, and rolecall lists no task role permissions for them (unverified: AWS's ECS Exec page does not say exactly which ones this needs)"
            ),
            c.span,
        );
    }
    d
}

/// A KMS key as IAM names it: an ARN as given, a key id in the task's account and Region; an
/// alias stands for a key rolecall cannot know.
fn kms_key_arn(key: &str, ctx: &TaskContext) -> String {
    if key.starts_with("arn:") && !key.contains(":alias/") {
        return key.to_owned();
    }
    let region = ctx.region.as_deref().unwrap_or("*");
    let account = ctx.account.as_deref().unwrap_or("*");
    let id = if key.starts_with("alias/") || key.contains(":alias/") {
        "*"
    } else {
        key
    };
    format!("arn:{}:kms:{region}:{account}:key/{id}", ctx.partition)
}

/// Application Auto Scaling of the service, from the scalable targets the task definition's
/// document defines (a CloudFormation template or Terraform JSON).
#[must_use]
pub fn scaling(td: &crate::input::TaskDefinition, ctx: &TaskContext) -> Detected {
    let mut d = Detected::default();
    let region = ctx.region.as_deref().unwrap_or("*");
    let account = ctx.account.as_deref().unwrap_or("*");
    for target in &td.scalable_targets {
        let mut b = ctx.bindings();
        b.push((
            "service",
            target.service_arn(&ctx.partition, region, account),
        ));
        b.push(("target", target.path.clone()));
        let (path, span) = match &target.role_arn {
            Some(role) => {
                if !role.value.contains(":role/aws-service-role/") {
                    d.note(
                        findings::AUTOSCALING_LEGACY_ROLE,
                        format!(
                            "scalable target `{}` names the role `{}`: rolecall takes Application Auto Scaling to scale the service with it, as with the legacy `ecsAutoscaleRole` (unverified: AWS's current pages say only that the service-linked role is the default and that role is no longer required)",
                            target.path, role.value
                        ),
                        role.span,
                    );
                    b.push(("role", role.value.clone()));
                }
                let field = if target.path.starts_with("Resources.") {
                    "Properties.RoleARN"
                } else {
                    "role_arn"
                };
                (format!("{}.{field}", target.path), role.span)
            }
            None => (target.path.clone(), target.span),
        };
        d.uses.push(FeatureUse {
            input: InputName::TaskDefinition,
            context: Vec::new(),
            feature: Feature::ServiceAutoScaling,
            container: String::new(),
            path,
            span,
            bindings: b.clone(),
        });
        for (policy, span) in &target.target_tracking {
            let mut pb = b.clone();
            pb.push(("policy", policy.clone()));
            d.uses.push(FeatureUse {
                input: InputName::TaskDefinition,
                context: Vec::new(),
                feature: Feature::TargetTrackingScaling,
                container: String::new(),
                path: policy.clone(),
                span: *span,
                bindings: pb,
            });
        }
    }
    d
}

/// The application's own calls.
#[must_use]
pub fn app_actions(actions: &[AppAction]) -> Vec<FeatureUse> {
    actions
        .iter()
        .map(|a| FeatureUse {
            input: InputName::AppActions,
            context: Vec::new(),
            feature: Feature::AppAction,
            container: String::new(),
            path: format!("[{}]", a.index),
            span: a.span,
            bindings: vec![
                ("action", a.action.value.clone()),
                ("resource", a.resource.value.clone()),
            ],
        })
        .collect()
}
