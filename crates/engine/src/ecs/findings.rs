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

/// Every code, for documentation and tests.
pub const CATALOGUE: &[FindingKind] = &[
    EXEC_ROLE_MISSING,
    TASK_ROLE_MISSING_EC2_FALLBACK,
    SAME_ROLE_FOR_TASK_AND_EXEC,
    LAUNCH_TYPE_ASSUMED,
    AWSLOGS_REGION_MISSING,
];
