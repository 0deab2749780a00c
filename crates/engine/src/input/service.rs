//! The ECS service: a CreateService request, or `aws ecs describe-services` output.

use super::node::{Node, NodeKind};
use super::task_definition::Spanned;
use crate::diagnostic::{Severity, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub format: ServiceFormat,
    pub span: Span,
    pub service_name: Option<Spanned<String>>,
    pub service_arn: Option<Spanned<String>>,
    pub cluster: Option<Spanned<String>>,
    pub launch_type: Option<Spanned<String>>,
    /// Capacity providers of the strategy, e.g. `FARGATE_SPOT`.
    pub capacity_providers: Vec<Spanned<String>>,
    pub load_balancers: Vec<LoadBalancer>,
    /// `serviceRegistries[].registryArn`.
    pub service_registries: Vec<Spanned<String>>,
    pub enable_execute_command: Option<Spanned<bool>>,
    /// The legacy service scheduler role: `role` in CreateService, `roleArn` in describe output.
    pub role: Option<Spanned<String>>,
    pub ebs_volumes: Vec<EbsVolume>,
    /// `serviceConnectConfiguration.services[].tls`, when Service Connect is enabled.
    pub service_connect_tls: Vec<ServiceConnectTls>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFormat {
    CreateService,
    DescribeServices,
}

impl ServiceFormat {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::CreateService => "CreateService request",
            Self::DescribeServices => "describe-services output",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancer {
    pub span: Span,
    pub target_group_arn: Option<Spanned<String>>,
    /// A Classic Load Balancer's name.
    pub load_balancer_name: Option<Spanned<String>>,
}

/// `volumeConfigurations[].managedEBSVolume`: an EBS volume ECS creates and attaches at launch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EbsVolume {
    pub span: Span,
    pub name: String,
    pub role_arn: Option<Spanned<String>>,
    pub snapshot_id: Option<Spanned<String>>,
    pub kms_key_id: Option<Spanned<String>>,
}

/// `serviceConnectConfiguration.services[i].tls`: ECS issues and rotates the TLS certificates of
/// a Service Connect service with an infrastructure role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceConnectTls {
    /// The `tls` object.
    pub span: Span,
    /// Path of the `tls` object, after the service's prefix:
    /// `serviceConnectConfiguration.services[0].tls`, or in describe-services output, where
    /// the configuration is the deployments', `deployments[0].serviceConnectConfiguration…`.
    pub path: String,
    /// `discoveryName`, else `portName`: how messages name the Service Connect service.
    pub name: String,
    pub role_arn: Option<Spanned<String>>,
    /// `issuerCertificateAuthority.awsPcaAuthorityArn`.
    pub certificate_authority: Option<Spanned<String>>,
    pub kms_key: Option<Spanned<String>>,
}

/// A problem in the service input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceProblem {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

/// Reads a service definition.
///
/// # Errors
/// When the document is not a service (nothing of it is usable).
pub fn read(root: &Node) -> Result<(Service, Vec<ServiceProblem>), ServiceProblem> {
    let mut problems = Vec::new();
    let (format, body) = match root.get("services").and_then(Node::as_array) {
        Some([first, rest @ ..]) => {
            if !rest.is_empty() {
                problems.push(ServiceProblem {
                    code: "SERVICE_SEVERAL",
                    severity: Severity::Warning,
                    message: format!(
                        "the output describes {} services: analysing the first",
                        rest.len() + 1
                    ),
                    span: root.span,
                });
            }
            (ServiceFormat::DescribeServices, first)
        }
        Some([]) => {
            return Err(ServiceProblem {
                code: "NOT_A_SERVICE",
                severity: Severity::Error,
                message: "`services` is empty: describe-services found no service".into(),
                span: root.span,
            });
        }
        None => (ServiceFormat::CreateService, root),
    };
    let looks_like_service = [
        "serviceName",
        "taskDefinition",
        "launchType",
        "loadBalancers",
        "desiredCount",
        "serviceArn",
    ]
    .iter()
    .any(|k| body.get(k).is_some());
    if body.as_object().is_none() || !looks_like_service {
        return Err(ServiceProblem {
            code: "NOT_A_SERVICE",
            severity: Severity::Error,
            message: "this is not a service definition: expected a CreateService request or `aws ecs describe-services` output".into(),
            span: root.span,
        });
    }
    let string = |node: &Node, key: &str| {
        node.get(key).and_then(|v| {
            v.as_str().map(|s| Spanned {
                value: s.to_owned(),
                span: v.span,
            })
        })
    };
    let objects = |node: &Node, key: &str| -> Vec<Node> {
        node.get(key)
            .and_then(Node::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter(|i| i.as_object().is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let load_balancers = objects(body, "loadBalancers")
        .iter()
        .map(|lb| LoadBalancer {
            span: lb.span,
            target_group_arn: string(lb, "targetGroupArn"),
            load_balancer_name: string(lb, "loadBalancerName"),
        })
        .collect();
    // describe-services shows the configuration on each deployment: the primary one's is the
    // service's.
    let deployments = objects(body, "deployments");
    let primary = deployments
        .iter()
        .position(|d| d.get("status").and_then(Node::as_str) == Some("PRIMARY"))
        .or_else(|| (!deployments.is_empty()).then_some(0));
    // EBS volumes configured at launch: the request's, or the primary deployment's.
    let mut volume_configurations = objects(body, "volumeConfigurations");
    if volume_configurations.is_empty()
        && let Some(d) = primary.and_then(|i| deployments.get(i))
    {
        volume_configurations = objects(d, "volumeConfigurations");
    }
    let ebs_volumes = volume_configurations
        .iter()
        .filter_map(|v| {
            let ebs = v.get("managedEBSVolume")?;
            Some(EbsVolume {
                span: ebs.span,
                name: v
                    .get("name")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                role_arn: string(ebs, "roleArn"),
                snapshot_id: string(ebs, "snapshotId"),
                kms_key_id: string(ebs, "kmsKeyId"),
            })
        })
        .collect();
    let service_connect = match body.get("serviceConnectConfiguration") {
        Some(c) => Some(("serviceConnectConfiguration".to_owned(), c)),
        None => primary.and_then(|i| {
            deployments.get(i).and_then(|d| {
                d.get("serviceConnectConfiguration")
                    .map(|c| (format!("deployments[{i}].serviceConnectConfiguration"), c))
            })
        }),
    };
    let service_connect_tls = service_connect
        .filter(|(_, c)| {
            !matches!(
                c.get("enabled").map(|e| &e.kind),
                Some(NodeKind::Bool(false))
            )
        })
        .map(|(path, c)| {
            objects(c, "services")
                .iter()
                .enumerate()
                .filter_map(|(index, sc)| {
                    let tls = sc.get("tls").filter(|t| t.as_object().is_some())?;
                    let name = string(sc, "discoveryName")
                        .or_else(|| string(sc, "portName"))
                        .map_or_else(|| format!("services[{index}]"), |n| n.value);
                    Some(ServiceConnectTls {
                        span: tls.span,
                        path: format!("{path}.services[{index}].tls"),
                        name,
                        role_arn: string(tls, "roleArn"),
                        certificate_authority: tls
                            .get("issuerCertificateAuthority")
                            .and_then(|ca| string(ca, "awsPcaAuthorityArn")),
                        kms_key: string(tls, "kmsKey"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let enable_execute_command = body.get("enableExecuteCommand").and_then(|v| match v.kind {
        NodeKind::Bool(b) => Some(Spanned {
            value: b,
            span: v.span,
        }),
        _ => None,
    });
    let service = Service {
        format,
        span: body.span,
        service_name: string(body, "serviceName"),
        service_arn: string(body, "serviceArn"),
        cluster: string(body, "cluster").or_else(|| string(body, "clusterArn")),
        launch_type: string(body, "launchType"),
        capacity_providers: objects(body, "capacityProviderStrategy")
            .iter()
            .filter_map(|c| string(c, "capacityProvider"))
            .collect(),
        load_balancers,
        service_registries: objects(body, "serviceRegistries")
            .iter()
            .filter_map(|r| string(r, "registryArn"))
            .collect(),
        enable_execute_command,
        // describe-services shows the service-linked role in `roleArn` when ECS uses it: that
        // is not a legacy service role.
        role: string(body, "role")
            .or_else(|| string(body, "roleArn"))
            .filter(|r| {
                !r.value
                    .contains(":role/aws-service-role/ecs.amazonaws.com/")
            }),
        ebs_volumes,
        service_connect_tls,
    };
    Ok((service, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json;

    #[test]
    fn reads_create_service_and_describe_output() {
        let create = r#"{"serviceName":"web","launchType":"FARGATE","enableExecuteCommand":true,
            "loadBalancers":[{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc","containerName":"web","containerPort":80}],
            "volumeConfigurations":[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::1:role/infra","sizeInGiB":20}}]}"#;
        let (s, problems) = read(&json::parse(create).unwrap()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(s.format, ServiceFormat::CreateService);
        assert!(s.enable_execute_command.unwrap().value);
        assert_eq!(s.load_balancers.len(), 1);
        assert_eq!(
            s.ebs_volumes[0].role_arn.as_ref().unwrap().value,
            "arn:aws:iam::1:role/infra"
        );

        let describe = r#"{"services":[{"serviceArn":"arn:aws:ecs:us-east-1:1:service/c/web","serviceName":"web","roleArn":"arn:aws:iam::1:role/ecsServiceRole",
            "capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}],"failures":[]}"#;
        let (s, _) = read(&json::parse(describe).unwrap()).unwrap();
        assert_eq!(s.format, ServiceFormat::DescribeServices);
        assert_eq!(s.role.unwrap().value, "arn:aws:iam::1:role/ecsServiceRole");
        assert_eq!(s.capacity_providers[0].value, "FARGATE_SPOT");

        // describe-services shows EBS volumes on the deployments: the primary one's count.
        let describe = r#"{"services":[{"serviceName":"db","deployments":[
            {"status":"ACTIVE","volumeConfigurations":[{"name":"old","managedEBSVolume":{"roleArn":"arn:aws:iam::1:role/old"}}]},
            {"status":"PRIMARY","volumeConfigurations":[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::1:role/infra","snapshotId":"snap-0abc"}}]}]}]}"#;
        let (s, _) = read(&json::parse(describe).unwrap()).unwrap();
        assert_eq!(s.ebs_volumes.len(), 1);
        assert_eq!(s.ebs_volumes[0].name, "data");
        assert_eq!(
            s.ebs_volumes[0].role_arn.as_ref().unwrap().value,
            "arn:aws:iam::1:role/infra"
        );
        assert_eq!(
            s.ebs_volumes[0].snapshot_id.as_ref().unwrap().value,
            "snap-0abc"
        );
    }

    #[test]
    fn reads_service_connect_tls_when_enabled() {
        let create = r#"{"serviceName":"api","serviceConnectConfiguration":{"enabled":true,"namespace":"shop",
            "services":[{"portName":"http","discoveryName":"api","tls":{"roleArn":"arn:aws:iam::1:role/infra","kmsKey":"k",
              "issuerCertificateAuthority":{"awsPcaAuthorityArn":"arn:aws:acm-pca:us-east-1:1:certificate-authority/ca"}}},
              {"portName":"admin"}]}}"#;
        let (s, _) = read(&json::parse(create).unwrap()).unwrap();
        assert_eq!(s.service_connect_tls.len(), 1);
        let tls = &s.service_connect_tls[0];
        assert_eq!(
            (tls.path.as_str(), tls.name.as_str()),
            ("serviceConnectConfiguration.services[0].tls", "api")
        );
        assert_eq!(
            tls.role_arn.as_ref().unwrap().value,
            "arn:aws:iam::1:role/infra"
        );
        assert_eq!(
            tls.certificate_authority.as_ref().unwrap().value,
            "arn:aws:acm-pca:us-east-1:1:certificate-authority/ca"
        );
        let disabled = create.replace("\"enabled\":true", "\"enabled\":false");
        let (s, _) = read(&json::parse(&disabled).unwrap()).unwrap();
        assert!(s.service_connect_tls.is_empty());
        let describe = r#"{"services":[{"serviceName":"api","deployments":[
            {"status":"ACTIVE","serviceConnectConfiguration":{"enabled":true,"services":[{"portName":"old","tls":{}}]}},
            {"status":"PRIMARY","serviceConnectConfiguration":{"enabled":true,"services":[{"portName":"http","tls":{"roleArn":"arn:aws:iam::1:role/infra"}}]}}]}]}"#;
        let (s, _) = read(&json::parse(describe).unwrap()).unwrap();
        assert_eq!(s.service_connect_tls.len(), 1);
        assert_eq!(
            s.service_connect_tls[0].path,
            "deployments[1].serviceConnectConfiguration.services[0].tls"
        );
        assert_eq!(s.service_connect_tls[0].name, "http");
    }

    #[test]
    fn a_task_definition_is_not_a_service() {
        let err = read(&json::parse(r#"{"family":"web","containerDefinitions":[]}"#).unwrap())
            .unwrap_err();
        assert_eq!(err.code, "NOT_A_SERVICE");
    }
}
