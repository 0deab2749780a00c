//! Where the role map puts things: one block per performing role (who acts → the role → its
//! actions grouped by AWS service prefix, each with the resources it acts on). Pure, so the
//! layout is tested natively.

use rolecall_engine::Report;
use rolecall_engine::report::{LaunchType, LineDecision, RoleKind};

/// Height of one text row of the map.
pub const ROW: u32 = 20;
/// Height of a block's title row.
pub const TITLE: u32 = 22;
/// Space between two blocks.
pub const GAP: u32 = 18;
/// Height of one resource row under an action.
pub const RESOURCE_ROW: u32 = 15;
/// Where the action column starts; the map is as wide as its longest action name needs.
pub const ACTIONS_X: u32 = 340;
/// Longest resource shown in full on the map; longer ones are shortened in the middle (the
/// full ARN stays in the page text), so the map fits the results panel at 1280 px.
pub const RESOURCE_CHARS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapAction {
    /// Named in full, `ecr:BatchGetImage`.
    pub name: String,
    /// The least favourable decision of its lines: `denied`, `conditional`, `no-policy`,
    /// `none` (not decided: no roles given) or `allowed`.
    pub decision: &'static str,
    pub y: u32,
    /// Its lines in `report.actions`.
    pub lines: Vec<usize>,
    /// The resources of its lines, each once, in order; the first is shown at
    /// `y + ROW`, the next `RESOURCE_ROW` below.
    pub resources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapService {
    pub prefix: String,
    pub y: u32,
    pub actions: Vec<MapAction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapGroup {
    pub role: RoleKind,
    pub arn: Option<String>,
    /// Who acts through the role.
    pub actor: &'static str,
    pub top: u32,
    pub height: u32,
    pub services: Vec<MapService>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapLayout {
    pub groups: Vec<MapGroup>,
    pub width: u32,
    pub height: u32,
}

/// Who acts through a role, in plain words.
#[must_use]
pub fn actor(role: RoleKind, launch_type: LaunchType) -> &'static str {
    match (role, launch_type) {
        (RoleKind::Execution, LaunchType::Fargate) => "Fargate (ECS agent)",
        (RoleKind::Execution, _) => "the ECS agent",
        (RoleKind::Task | RoleKind::None, _) => "your containers",
        (RoleKind::Instance, _) => "the EC2 host",
        (RoleKind::ServiceLinked | RoleKind::ServiceScheduler, _) => "the ECS service",
        (RoleKind::Infrastructure, _) => "Amazon ECS (volumes)",
        (RoleKind::Autoscaling, _) => "Application Auto Scaling",
    }
}

/// A line's decision as the map and the filters name it.
#[must_use]
pub fn decision_name(decision: Option<LineDecision>) -> &'static str {
    decision.map_or("none", LineDecision::as_str)
}

fn severity(decision: &str) -> u8 {
    match decision {
        "denied" => 4,
        "conditional" => 3,
        "no-policy" => 2,
        "none" => 1,
        _ => 0,
    }
}

#[must_use]
pub fn layout(report: &Report) -> MapLayout {
    let mut groups: Vec<MapGroup> = Vec::new();
    for (index, line) in report.actions.iter().enumerate() {
        let group = match groups
            .iter_mut()
            .position(|g| g.role == line.role && g.arn == line.role_arn)
        {
            Some(i) => i,
            None => {
                groups.push(MapGroup {
                    role: line.role,
                    arn: line.role_arn.clone(),
                    actor: actor(line.role, report.launch_type),
                    top: 0,
                    height: 0,
                    services: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let Some(group) = groups.get_mut(group) else {
            continue;
        };
        let prefix = line.action.split(':').next().unwrap_or_default().to_owned();
        let service = match group.services.iter().position(|s| s.prefix == prefix) {
            Some(i) => i,
            None => {
                group.services.push(MapService {
                    prefix,
                    y: 0,
                    actions: Vec::new(),
                });
                group.services.len() - 1
            }
        };
        let Some(service) = group.services.get_mut(service) else {
            continue;
        };
        let decision = decision_name(line.decision);
        match service.actions.iter_mut().find(|a| a.name == line.action) {
            Some(action) => {
                action.lines.push(index);
                if !action.resources.contains(&line.resource) {
                    action.resources.push(line.resource.clone());
                }
                if severity(decision) > severity(action.decision) {
                    action.decision = decision;
                }
            }
            None => service.actions.push(MapAction {
                name: line.action.clone(),
                decision,
                y: 0,
                lines: vec![index],
                resources: vec![line.resource.clone()],
            }),
        }
    }
    let mut y = 0;
    let mut longest = 0;
    let mut longest_resource = 0;
    for group in &mut groups {
        group.top = y;
        let mut row = y + TITLE;
        for service in &mut group.services {
            service.y = row;
            row += ROW;
            for action in &mut service.actions {
                action.y = row;
                let resources = u32::try_from(action.resources.len()).unwrap_or(1);
                row += ROW + resources * RESOURCE_ROW + 3;
                longest = longest.max(action.name.chars().count());
                for r in &action.resources {
                    longest_resource = longest_resource.max(r.chars().count());
                }
            }
        }
        // Room for the actor and role boxes even when a role has one action.
        group.height = (row - y).max(TITLE + 3 * ROW);
        y += group.height + GAP;
    }
    let longest = u32::try_from(longest).unwrap_or(u32::MAX / 8);
    let longest_resource =
        u32::try_from(longest_resource.min(RESOURCE_CHARS)).unwrap_or(u32::MAX / 8);
    MapLayout {
        groups,
        // Monospace at 12px is about 7.3px a character, plus the decision mark; resources are
        // at 10.5px, about 6.3px a character.
        width: (ACTIONS_X + 40 + longest.saturating_mul(15) / 2)
            .max(ACTIONS_X + 36 + longest_resource.saturating_mul(63) / 10),
        height: y.saturating_sub(GAP).max(ROW),
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "a test fails by panicking"
    )]
    use super::*;
    use crate::examples::DEFAULT;
    use rolecall_engine::{Answer, Input};

    fn report() -> Report {
        let answer = rolecall_engine::analyze(&Input {
            task_definition: DEFAULT.task_definition.into(),
            roles: DEFAULT.roles.map(Into::into),
            ..Input::default()
        });
        let Answer::Success { report, .. } = answer else {
            panic!("{answer:?}")
        };
        report
    }

    #[test]
    fn groups_by_role_then_service_and_names_actions_in_full() {
        let report = report();
        let map = layout(&report);
        let execution = &map.groups[0];
        assert_eq!(execution.role, RoleKind::Execution);
        assert_eq!(execution.actor, "Fargate (ECS agent)");
        let ecr = execution
            .services
            .iter()
            .find(|s| s.prefix == "ecr")
            .unwrap();
        let pull = ecr
            .actions
            .iter()
            .find(|a| a.name == "ecr:BatchGetImage")
            .unwrap();
        assert_eq!(
            pull.resources,
            ["arn:aws:ecr:us-east-1:111122223333:repository/web"]
        );
        let lines: usize = map
            .groups
            .iter()
            .flat_map(|g| &g.services)
            .flat_map(|s| &s.actions)
            .map(|a| a.lines.len())
            .sum();
        assert_eq!(lines, report.actions.len());
    }

    #[test]
    fn blocks_do_not_overlap() {
        let map = layout(&report());
        for pair in map.groups.windows(2) {
            assert!(pair[0].top + pair[0].height + GAP <= pair[1].top);
        }
        let last = map.groups.last().unwrap();
        assert!(last.top + last.height <= map.height);
        for group in &map.groups {
            let rows: Vec<(u32, u32)> = group
                .services
                .iter()
                .flat_map(|s| &s.actions)
                .map(|a| (a.y, a.y + ROW + RESOURCE_ROW * a.resources.len() as u32))
                .collect();
            for pair in rows.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "{pair:?}");
            }
            assert!(rows.last().unwrap().1 <= group.top + group.height);
        }
    }

    #[test]
    fn the_least_favourable_decision_wins() {
        assert!(severity("denied") > severity("conditional"));
        assert!(severity("none") > severity("allowed"));
    }
}
