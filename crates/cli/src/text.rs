//! The human-readable report: actions grouped by role, then findings.

use std::fmt::Write;

use rolecall_engine::diagnostic::Severity;
use rolecall_engine::report::{Report, RoleKind};

#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let td = &report.task_definition;
    let family = td.family.as_deref().unwrap_or("(no family)");
    let _ = writeln!(
        out,
        "{family}: {}, launch type {} ({})\naccount {}, region {}\n",
        td.format,
        report.launch_type.as_str(),
        td.launch_type_from,
        td.account,
        td.region
    );
    if report.actions.is_empty() {
        let _ = writeln!(out, "no AWS actions are implied by this task definition\n");
    }
    let mut roles: Vec<(RoleKind, Option<&str>)> = Vec::new();
    for a in &report.actions {
        let key = (a.role, a.role_arn.as_deref());
        if !roles.contains(&key) {
            roles.push(key);
        }
    }
    for (role, arn) in roles {
        let header = arn.map_or_else(
            || format!("(not named by {})", role.named_by()),
            str::to_owned,
        );
        let _ = writeln!(out, "{}  {header}", role.label());
        for a in report
            .actions
            .iter()
            .filter(|a| a.role == role && a.role_arn.as_deref() == arn)
        {
            let _ = writeln!(out, "  {:<34} {}", a.action, a.resource);
            let _ = writeln!(
                out,
                "  {:<34} {} [{}:{}]",
                "", a.reason, a.source.location.line, a.source.location.column
            );
        }
        out.push('\n');
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "findings");
    }
    for f in &report.findings {
        let severity = match f.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let place = f
            .location
            .map(|l| format!(" {}:{}", l.line, l.column))
            .unwrap_or_default();
        let _ = writeln!(out, "  {severity}[{}]{place}: {}", f.code, f.message);
        let _ = writeln!(out, "    help: {}\n    docs: {}", f.help, f.docs);
    }
    out
}
