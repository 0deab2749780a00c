//! The ECS Exec configuration of the service's cluster, as a CloudFormation template or a
//! Terraform plan defines it next to the task definition: `AWS::ECS::Cluster`
//! `Configuration.ExecuteCommandConfiguration` / `aws_ecs_cluster`
//! `configuration[0].execute_command_configuration[0]`. It says where ECS Exec sends session
//! logs and which KMS key encrypts sessions: both need more on the task role.

use super::task_definition::Spanned;
use crate::diagnostic::Span;

/// A cluster's `executeCommandConfiguration`. Values the document leaves to deploy time are `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecConfig {
    /// Where it is defined: `Resources.Cluster.Properties.Configuration.ExecuteCommandConfiguration`
    /// or `aws_ecs_cluster.main.configuration[0].execute_command_configuration[0]`.
    pub path: String,
    pub span: Span,
    /// `DEFAULT` (also when not set), `OVERRIDE` or `NONE`.
    pub logging: String,
    pub kms_key_id: Option<Spanned<String>>,
    pub log_group: Option<Spanned<String>>,
    pub s3_bucket: Option<Spanned<String>>,
    pub s3_key_prefix: Option<String>,
}

/// Which of a document's clusters the service runs in: the one its services name when they all
/// name the same one, else the only one; `Err` lists them when that is ambiguous.
pub(crate) fn pick<T>(
    mut clusters: Vec<(String, T)>,
    named: &[String],
) -> Result<Option<T>, Vec<String>> {
    if clusters.len() > 1 {
        let wanted = named.first().filter(|n| named.iter().all(|m| m == *n));
        match wanted.and_then(|n| clusters.iter().position(|(id, _)| id == n)) {
            Some(i) => return Ok(Some(clusters.swap_remove(i).1)),
            None => return Err(clusters.into_iter().map(|(id, _)| id).collect()),
        }
    }
    Ok(clusters.pop().map(|(_, c)| c))
}

/// The note for several clusters none of which the services settle.
pub(crate) fn ambiguous(ids: &[String], span: Span) -> super::InputNote {
    let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    super::InputNote {
        code: "SEVERAL_CLUSTERS",
        severity: crate::diagnostic::Severity::Info,
        message: format!(
            "the document defines {} clusters ({}) and its services do not settle which one runs the task: their ECS Exec logging is not read",
            ids.len(),
            names.join(", ")
        ),
        span,
        field: None,
    }
}
