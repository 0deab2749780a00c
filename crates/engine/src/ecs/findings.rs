//! The finding catalogue: every code the engine can raise, with its severity, fix and source.

use crate::diagnostic::{Location, Severity};
use crate::report::Finding;

use super::rules::{DOC_AWSLOGS, DOC_EXECUTION_ROLE, DOC_TASK_ROLE};

#[derive(Debug, Clone, Copy)]
pub struct FindingKind {
    pub code: &'static str,
    pub severity: Severity,
    pub help: &'static str,
    pub docs: &'static str,
}

impl FindingKind {
    #[must_use]
    pub fn raise(&self, message: String, location: Option<Location>) -> Finding {
        Finding {
            code: self.code.into(),
            severity: self.severity,
            message,
            help: self.help.into(),
            docs: self.docs.into(),
            location,
        }
    }
}

pub const EXEC_ROLE_MISSING: FindingKind = FindingKind {
    code: "EXEC_ROLE_MISSING",
    severity: Severity::Error,
    help: "add `executionRoleArn` with a role that trusts `ecs-tasks.amazonaws.com` and has \
           `AmazonECSTaskExecutionRolePolicy` (or the scoped policy rolecall suggests)",
    docs: DOC_EXECUTION_ROLE,
};

pub const TASK_ROLE_MISSING_EC2_FALLBACK: FindingKind = FindingKind {
    code: "TASK_ROLE_MISSING_EC2_FALLBACK",
    severity: Severity::Warning,
    help: "give the task its own `taskRoleArn` with only what the application needs; without it, \
           AWS SDKs in the containers use the EC2 instance role",
    docs: DOC_TASK_ROLE,
};

pub const TASK_ROLE_MISSING_FARGATE: FindingKind = FindingKind {
    code: "TASK_ROLE_MISSING_FARGATE",
    severity: Severity::Error,
    help: "add a `taskRoleArn` whose role trusts `ecs-tasks.amazonaws.com` and allows the calls \
           listed for it",
    docs: DOC_TASK_ROLE,
};

pub const EFS_IAM_WITHOUT_TRANSIT_ENCRYPTION: FindingKind = FindingKind {
    code: "EFS_IAM_WITHOUT_TRANSIT_ENCRYPTION",
    severity: Severity::Error,
    help: "set `transitEncryption` to `ENABLED`: EFS IAM authorization requires it",
    docs: super::rules::DOC_EFS,
};

pub const FIRELENS_CONFIG_NOT_ARN: FindingKind = FindingKind {
    code: "FIRELENS_CONFIG_NOT_ARN",
    severity: Severity::Error,
    help: "give the S3 configuration file as an ARN, `arn:aws:s3:::bucket/key`, not an `s3://` URL: \
           registration fails with `Invalid arn syntax`",
    docs: super::rules::DOC_FIRELENS,
};

pub const APPMESH_END_OF_SUPPORT: FindingKind = FindingKind {
    code: "APPMESH_END_OF_SUPPORT",
    severity: Severity::Warning,
    help: "AWS App Mesh support ended on 2026-09-30: move to Amazon ECS Service Connect",
    docs: super::rules::DOC_APPMESH,
};

pub const SECRET_REFERENCE_INVALID: FindingKind = FindingKind {
    code: "SECRET_REFERENCE_INVALID",
    severity: Severity::Error,
    help: "use a Secrets Manager ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<stage>:<id>]`), \
           a Parameter Store ARN, or, for a parameter in the task's Region, its name",
    docs: super::rules::DOC_SECRETS_MANAGER,
};

pub const INFRASTRUCTURE_ROLE_POLICY_ON_TASK_ROLE: FindingKind = FindingKind {
    code: "INFRASTRUCTURE_ROLE_POLICY_ON_TASK_ROLE",
    severity: Severity::Error,
    help: "give ECS an infrastructure role (trusting `ecs.amazonaws.com`, with \
           `AmazonECSInfrastructureRolePolicyForVolumes`) in `managedEBSVolume.roleArn`; the task and \
           execution roles play no part in managing volumes",
    docs: super::rules::DOC_INFRASTRUCTURE_ROLE,
};

pub const SERVICE_CONNECT_TLS_ROLE_MISSING: FindingKind = FindingKind {
    code: "SERVICE_CONNECT_TLS_ROLE_MISSING",
    severity: Severity::Warning,
    help: "set `tls.roleArn` to an infrastructure role that trusts `ecs.amazonaws.com` and has \
           `AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity`: ECS issues \
           and rotates the certificates with it",
    docs: super::rules::DOC_SERVICE_CONNECT_TLS,
};

pub const SERVICE_ROLE_WITH_AWSVPC: FindingKind = FindingKind {
    code: "SERVICE_ROLE_WITH_AWSVPC",
    severity: Severity::Error,
    help: "remove `role` from the service: with `awsvpc`, ECS uses its service-linked role, and \
           CreateService rejects a service role",
    docs: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html",
};

pub const AUTOSCALING_LEGACY_ROLE: FindingKind = FindingKind {
    code: "AUTOSCALING_LEGACY_ROLE",
    severity: Severity::Info,
    help: "drop `RoleARN` (`role_arn`) from the scalable target: Application Auto Scaling then uses \
           its service-linked role `AWSServiceRoleForApplicationAutoScaling_ECSService`, whose policy \
           AWS maintains; the legacy `ecsAutoscaleRole` is no longer required",
    docs: super::rules::DOC_SERVICE_AUTO_SCALING,
};

pub const ECS_EXEC_LOGGING_DEFAULT: FindingKind = FindingKind {
    code: "ECS_EXEC_LOGGING_DEFAULT",
    severity: Severity::Info,
    help: "to be sure where session logs go and what the task role needs for them, set the \
           cluster's `executeCommandConfiguration.logging` to `OVERRIDE` with a `logConfiguration` \
           (rolecall then lists the calls), or to `NONE`",
    docs: super::rules::DOC_ECS_EXEC,
};

pub const NO_CONTAINERS: FindingKind = FindingKind {
    code: "NO_CONTAINERS",
    severity: Severity::Error,
    help: "list the task's containers in `containerDefinitions`: RegisterTaskDefinition requires at least one",
    docs: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
};

pub const SAME_ROLE_FOR_TASK_AND_EXEC: FindingKind = FindingKind {
    code: "SAME_ROLE_FOR_TASK_AND_EXEC",
    severity: Severity::Warning,
    help: "use two roles: the execution role for the agent (image pulls, logs, secrets) and a \
           task role for the application, so the application cannot read every secret",
    docs: DOC_TASK_ROLE,
};

pub const LAUNCH_TYPE_ASSUMED: FindingKind = FindingKind {
    code: "LAUNCH_TYPE_ASSUMED",
    severity: Severity::Info,
    help: "set `requiresCompatibilities` (or paste the service definition) to say where the task runs",
    docs: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_types.html",
};

pub const AWSLOGS_REGION_MISSING: FindingKind = FindingKind {
    code: "AWSLOGS_REGION_MISSING",
    severity: Severity::Warning,
    help: "set the `awslogs-region` option: the awslogs driver requires it",
    docs: DOC_AWSLOGS,
};

pub const DOC_POLICY_EVALUATION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
pub const DOC_MANAGED_POLICIES: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-awsmanpol.html";
pub const DOC_CONFUSED_DEPUTY: &str = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html#create_task_iam_policy_and_role";

pub const ACTION_DENIED: FindingKind = FindingKind {
    code: "ACTION_DENIED",
    severity: Severity::Error,
    help: "allow the action on the resource in a policy of the role that performs it (see the \
           suggested policy), or remove the Deny that matches it",
    docs: DOC_POLICY_EVALUATION,
};

pub const PULL_THROUGH_CACHE_CREATE_DENIED: FindingKind = FindingKind {
    code: "PULL_THROUGH_CACHE_CREATE_DENIED",
    severity: Severity::Warning,
    help: "create the cache repository beforehand (or let a pull by another principal create it), or \
           allow `ecr:CreateRepository` on it for the role that pulls, in its identity policy or the \
           registry permissions policy: pulls of an image not yet cached fail while the repository \
           does not exist",
    docs: super::rules::DOC_PULL_THROUGH_CACHE,
};

pub const PERMISSION_ON_WRONG_ROLE: FindingKind = FindingKind {
    code: "PERMISSION_ON_WRONG_ROLE",
    severity: Severity::Error,
    help: "move the permission to the role that performs the call: the execution role for what \
           ECS does before your containers start (image pulls, logs, secrets), the task role for \
           what your code does",
    docs: DOC_EXECUTION_ROLE,
};

pub const TRUST_POLICY_WRONG_PRINCIPAL: FindingKind = FindingKind {
    code: "TRUST_POLICY_WRONG_PRINCIPAL",
    severity: Severity::Error,
    help: "let the right service assume the role: `ecs-tasks.amazonaws.com` for task and execution \
           roles, `ec2.amazonaws.com` for the container instance role, `ecs.amazonaws.com` for the \
           infrastructure role",
    docs: DOC_TASK_ROLE,
};

pub const MISSING_CONFUSED_DEPUTY_CONDITION: FindingKind = FindingKind {
    code: "MISSING_CONFUSED_DEPUTY_CONDITION",
    severity: Severity::Warning,
    help: "add `\"Condition\": {\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:ecs:<region>:<account>:*\"}, \
           \"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}}` to the trust statement",
    docs: DOC_CONFUSED_DEPUTY,
};

pub const CREATE_GROUP_WITHOUT_PERMISSION: FindingKind = FindingKind {
    code: "CREATE_GROUP_WITHOUT_PERMISSION",
    severity: Severity::Error,
    help: "allow `logs:CreateLogGroup` on the log group (`AmazonECSTaskExecutionRolePolicy` does not \
           grant it), or create the group beforehand and drop `awslogs-create-group`",
    docs: DOC_AWSLOGS,
};

pub const KMS_DECRYPT_MISSING: FindingKind = FindingKind {
    code: "KMS_DECRYPT_MISSING",
    severity: Severity::Error,
    help: "allow `kms:Decrypt` on the key for the execution role, and make sure the key policy \
           allows it (directly, or by delegating to IAM through the account principal)",
    docs: super::rules::DOC_SECRETS_MANAGER,
};

pub const WILDCARD_ONLY_ACTION_SCOPED: FindingKind = FindingKind {
    code: "WILDCARD_ONLY_ACTION_SCOPED",
    severity: Severity::Error,
    help: "grant the action in a statement of its own with `\"Resource\": \"*\"`: it has no resource type, \
           so an ARN never matches it",
    docs: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
};

pub const UNKNOWN_ACTION: FindingKind = FindingKind {
    code: "UNKNOWN_ACTION",
    severity: Severity::Warning,
    help: "fix the action's name: IAM accepts unknown actions in a policy, but they grant nothing",
    docs: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
};

pub const ROLE_GRANTS_UNUSED_WRITES: FindingKind = FindingKind {
    code: "ROLE_GRANTS_UNUSED_WRITES",
    severity: Severity::Warning,
    help: "replace the role's policies with the suggested least-privilege policy: it allows exactly \
           what the task needs",
    docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};

pub const ROLE_GRANTS_UNUSED_READS: FindingKind = FindingKind {
    code: "ROLE_GRANTS_UNUSED_READS",
    severity: Severity::Info,
    help: "replace the role's policies with the suggested least-privilege policy: it allows exactly \
           what the task needs",
    docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};

pub const ROLE_GRANTS_BROAD_RESOURCE: FindingKind = FindingKind {
    code: "ROLE_GRANTS_BROAD_RESOURCE",
    severity: Severity::Warning,
    help: "narrow the statement's `Resource` to the ARNs the task uses (the suggested policy lists \
           them), or give each action a statement with its own resources",
    docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};

pub const MANAGED_POLICY_NOT_GIVEN: FindingKind = FindingKind {
    code: "MANAGED_POLICY_NOT_GIVEN",
    severity: Severity::Warning,
    help: "paste the policy's document under `customerManagedPolicies` (rolecall bundles only the \
           AWS managed policies that ECS roles use)",
    docs: DOC_MANAGED_POLICIES,
};

pub const MANAGED_POLICY_ARN_WRONG: FindingKind = FindingKind {
    code: "MANAGED_POLICY_ARN_WRONG",
    severity: Severity::Error,
    help: "use the policy's full ARN, including its path (often `service-role/`): IAM rejects the \
           attachment otherwise",
    docs: DOC_MANAGED_POLICIES,
};

/// Every code, for documentation and tests.
pub const CATALOGUE: &[FindingKind] = &[
    EXEC_ROLE_MISSING,
    TASK_ROLE_MISSING_EC2_FALLBACK,
    TASK_ROLE_MISSING_FARGATE,
    EFS_IAM_WITHOUT_TRANSIT_ENCRYPTION,
    FIRELENS_CONFIG_NOT_ARN,
    APPMESH_END_OF_SUPPORT,
    SECRET_REFERENCE_INVALID,
    NO_CONTAINERS,
    INFRASTRUCTURE_ROLE_POLICY_ON_TASK_ROLE,
    SERVICE_CONNECT_TLS_ROLE_MISSING,
    SERVICE_ROLE_WITH_AWSVPC,
    AUTOSCALING_LEGACY_ROLE,
    ECS_EXEC_LOGGING_DEFAULT,
    SAME_ROLE_FOR_TASK_AND_EXEC,
    LAUNCH_TYPE_ASSUMED,
    AWSLOGS_REGION_MISSING,
    ACTION_DENIED,
    PULL_THROUGH_CACHE_CREATE_DENIED,
    PERMISSION_ON_WRONG_ROLE,
    TRUST_POLICY_WRONG_PRINCIPAL,
    MISSING_CONFUSED_DEPUTY_CONDITION,
    CREATE_GROUP_WITHOUT_PERMISSION,
    KMS_DECRYPT_MISSING,
    WILDCARD_ONLY_ACTION_SCOPED,
    UNKNOWN_ACTION,
    ROLE_GRANTS_UNUSED_WRITES,
    ROLE_GRANTS_UNUSED_READS,
    ROLE_GRANTS_BROAD_RESOURCE,
    MANAGED_POLICY_NOT_GIVEN,
    MANAGED_POLICY_ARN_WRONG,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_documented_in_the_report_schema() {
        let doc = include_str!("../../../../docs/report.md");
        let mut seen = std::collections::HashSet::new();
        for kind in CATALOGUE {
            assert!(seen.insert(kind.code), "duplicate code {}", kind.code);
            assert!(
                doc.contains(&format!("| `{}` |", kind.code)),
                "{} is not in docs/report.md",
                kind.code
            );
            assert!(
                kind.docs.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                kind.code
            );
        }
    }
}
