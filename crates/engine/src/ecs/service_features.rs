//! Features of the service definition and the application's own calls.

use super::features::{Detected, FeatureUse, TaskContext};
use super::findings;
use super::rules::Feature;
use crate::diagnostic::InputName;
use crate::input::app_actions::AppAction;
use crate::input::service::Service;

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
    for note in &mut d.notes {
        note.input = InputName::Service;
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
