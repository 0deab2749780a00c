//! The AWS managed policies that ECS roles use, bundled so that a role can name one by ARN.
//! Source and licence: `data/managed-policies/README.md` and `NOTICE`.

use std::sync::OnceLock;

use crate::input::json;
use crate::input::node::Node;

use super::policy::{self, Policy};

/// The policies ECS roles attach, in every build: `(name, {arn, versionId, updated, document})`,
/// sorted by name.
const BUNDLED: &[(&str, &str)] = &[
    (
        "AWSAppMeshEnvoyAccess",
        include_str!("../../data/managed-policies/AWSAppMeshEnvoyAccess.json"),
    ),
    (
        "AWSApplicationAutoscalingECSServicePolicy",
        include_str!("../../data/managed-policies/AWSApplicationAutoscalingECSServicePolicy.json"),
    ),
    (
        "AWSXRayDaemonWriteAccess",
        include_str!("../../data/managed-policies/AWSXRayDaemonWriteAccess.json"),
    ),
    (
        "AmazonEC2ContainerRegistryPullOnly",
        include_str!("../../data/managed-policies/AmazonEC2ContainerRegistryPullOnly.json"),
    ),
    (
        "AmazonEC2ContainerRegistryReadOnly",
        include_str!("../../data/managed-policies/AmazonEC2ContainerRegistryReadOnly.json"),
    ),
    (
        "AmazonEC2ContainerServiceAutoscaleRole",
        include_str!("../../data/managed-policies/AmazonEC2ContainerServiceAutoscaleRole.json"),
    ),
    (
        "AmazonEC2ContainerServiceRole",
        include_str!("../../data/managed-policies/AmazonEC2ContainerServiceRole.json"),
    ),
    (
        "AmazonEC2ContainerServiceforEC2Role",
        include_str!("../../data/managed-policies/AmazonEC2ContainerServiceforEC2Role.json"),
    ),
    (
        "AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity.json"
        ),
    ),
    (
        "AmazonECSInfrastructureRolePolicyForVolumes",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRolePolicyForVolumes.json"
        ),
    ),
    (
        "AmazonECSServiceRolePolicy",
        include_str!("../../data/managed-policies/AmazonECSServiceRolePolicy.json"),
    ),
    (
        "AmazonECSTaskExecutionRolePolicy",
        include_str!("../../data/managed-policies/AmazonECSTaskExecutionRolePolicy.json"),
    ),
];

/// The other ECS-related ones (deployment tools, broad access, Managed Instances, the
/// infrastructure roles no rule decides yet): the command line only, to keep the page's bundle
/// within its budget.
#[cfg(feature = "full-catalog")]
const MORE: &[(&str, &str)] = &[
    (
        "AWSCodeDeployRoleForECS",
        include_str!("../../data/managed-policies/AWSCodeDeployRoleForECS.json"),
    ),
    (
        "AWSCodeDeployRoleForECSLimited",
        include_str!("../../data/managed-policies/AWSCodeDeployRoleForECSLimited.json"),
    ),
    (
        "AWSElasticBeanstalkRoleECS",
        include_str!("../../data/managed-policies/AWSElasticBeanstalkRoleECS.json"),
    ),
    (
        "AWSFaultInjectionSimulatorECSAccess",
        include_str!("../../data/managed-policies/AWSFaultInjectionSimulatorECSAccess.json"),
    ),
    (
        "AWSTransformApplicationECSDeploymentPolicy",
        include_str!("../../data/managed-policies/AWSTransformApplicationECSDeploymentPolicy.json"),
    ),
    (
        "AmazonEC2ContainerRegistryFullAccess",
        include_str!("../../data/managed-policies/AmazonEC2ContainerRegistryFullAccess.json"),
    ),
    (
        "AmazonEC2ContainerRegistryPowerUser",
        include_str!("../../data/managed-policies/AmazonEC2ContainerRegistryPowerUser.json"),
    ),
    (
        "AmazonEC2ContainerServiceEventsRole",
        include_str!("../../data/managed-policies/AmazonEC2ContainerServiceEventsRole.json"),
    ),
    (
        "AmazonEC2ContainerServiceFullAccess",
        include_str!("../../data/managed-policies/AmazonEC2ContainerServiceFullAccess.json"),
    ),
    (
        "AmazonECSComputeServiceRolePolicy",
        include_str!("../../data/managed-policies/AmazonECSComputeServiceRolePolicy.json"),
    ),
    (
        "AmazonECSInfrastructureRolePolicyForLoadBalancers",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRolePolicyForLoadBalancers.json"
        ),
    ),
    (
        "AmazonECSInfrastructureRolePolicyForManagedInstances",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRolePolicyForManagedInstances.json"
        ),
    ),
    (
        "AmazonECSInfrastructureRolePolicyForVpcLattice",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRolePolicyForVpcLattice.json"
        ),
    ),
    (
        "AmazonECSInfrastructureRoleforExpressGatewayServices",
        include_str!(
            "../../data/managed-policies/AmazonECSInfrastructureRoleforExpressGatewayServices.json"
        ),
    ),
    (
        "AmazonECSInstanceRolePolicyForManagedInstances",
        include_str!(
            "../../data/managed-policies/AmazonECSInstanceRolePolicyForManagedInstances.json"
        ),
    ),
    (
        "AmazonECS_FullAccess",
        include_str!("../../data/managed-policies/AmazonECS_FullAccess.json"),
    ),
];
#[cfg(not(feature = "full-catalog"))]
const MORE: &[(&str, &str)] = &[];

/// A bundled AWS managed policy.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    pub name: &'static str,
    pub arn: String,
    pub version: String,
    pub policy: Policy,
}

/// How a policy ARN was found among the bundled ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found(ManagedPolicy),
    /// Found by name, but the ARN given has the wrong path (e.g. no `service-role/`): AWS would
    /// reject it, so the caller should say so.
    WrongPath(ManagedPolicy),
    NotBundled,
}

/// Whether an ARN names an AWS managed policy (`arn:aws:iam::aws:policy/…`).
#[must_use]
pub fn is_aws_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws") && arn.contains(":policy/")
}

/// Finds a bundled AWS managed policy by ARN.
#[must_use]
pub fn lookup(arn: &str) -> Lookup {
    let name = arn.rsplit('/').next().unwrap_or_default();
    let at = BUNDLED
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .or_else(|| {
            MORE.binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| BUNDLED.len() + i)
        });
    let Some(found) = at.and_then(loaded) else {
        return Lookup::NotBundled;
    };
    if found.arn == arn {
        Lookup::Found(found)
    } else {
        Lookup::WrongPath(found)
    }
}

const COUNT: usize = BUNDLED.len() + MORE.len();

/// Each bundled policy, parsed the first time a role names it: analyses run on every keystroke
/// and name the same few policies.
static LOADED: [OnceLock<Option<ManagedPolicy>>; COUNT] = [const { OnceLock::new() }; COUNT];

/// The bundled policy at `at` in `BUNDLED` followed by `MORE`.
fn loaded(at: usize) -> Option<ManagedPolicy> {
    let (name, text) = BUNDLED.iter().chain(MORE).nth(at)?;
    LOADED.get(at)?.get_or_init(|| load(name, text)).clone()
}

fn load(name: &'static str, text: &str) -> Option<ManagedPolicy> {
    let root = json::parse(text).ok()?;
    let arn = root
        .get("arn")
        .and_then(Node::as_str)
        .map_or_else(|| format!("arn:aws:iam::aws:policy/{name}"), str::to_owned);
    let version = root
        .get("versionId")
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_owned();
    let (policy, _) = policy::read(&arn, root.get("document")?).ok()?;
    Some(ManagedPolicy {
        name,
        arn,
        version,
        policy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_policy_loads_and_the_list_is_sorted() {
        assert!(BUNDLED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(MORE.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, text) in BUNDLED.iter().chain(MORE) {
            let p = load(name, text).unwrap_or_else(|| panic!("{name} does not load"));
            assert!(!p.policy.statements.is_empty(), "{name}");
            assert!(is_aws_managed(&p.arn), "{name}");
        }
    }

    #[test]
    fn finds_by_arn_and_flags_a_wrong_path() {
        let exec = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
        let Lookup::Found(p) = lookup(exec) else {
            panic!()
        };
        assert_eq!(p.version, "v1");
        assert!(matches!(
            lookup("arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy"),
            Lookup::WrongPath(_)
        ));
        assert_eq!(
            lookup("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            Lookup::NotBundled
        );
    }
}
