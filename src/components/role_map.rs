//! The role map: who acts → through which role → which actions, grouped by AWS service and
//! coloured by decision, each with its resource ARNs. An SVG view of the same report as the
//! table, followed by the same as a list for screen readers.

use std::rc::Rc;

use rolecall_engine::Report;
use yew::prelude::*;

use crate::code::shorten_middle;
use crate::map_layout::{
    ACTIONS_X, MapGroup, MapLayout, RESOURCE_CHARS, RESOURCE_ROW, ROW, TITLE, layout,
};

#[derive(Properties, PartialEq)]
pub struct RoleMapProps {
    pub report: Rc<Report>,
    /// Selecting an action shows why (absent in embed mode).
    #[prop_or_default]
    pub on_select: Option<Callback<Option<usize>>>,
}

const ACTOR_X: u32 = 4;
const ROLE_X: u32 = 150;
const BOX_W: u32 = 140;
const BOX_H: u32 = 46;

#[component]
pub fn RoleMap(props: &RoleMapProps) -> Html {
    let map = layout(&props.report);
    let count = props.report.actions.len();
    let summary = format!(
        "{} roles act for this task; {count} action lines. Each action is marked with its decision and followed by its resources; the same is listed after the map.",
        map.groups.len()
    );
    html! {
        <figure class="role-map">
            <div class="map-scroll">
                // A group, not an image: its actions are buttons when they can be selected.
                <svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="map-title map-desc"
                    width={map.width.to_string()} height={map.height.to_string()}
                    viewBox={format!("0 0 {} {}", map.width, map.height)}>
                    <title id="map-title">{ "Role map" }</title>
                    <desc id="map-desc">{ summary }</desc>
                    { for map.groups.iter().map(|g| group(g, map.width, props.on_select.as_ref())) }
                </svg>
            </div>
            { as_list(&map) }
            <figcaption class="legend">
                { for ["allowed", "denied", "conditional", "no-policy", "none"].iter().map(|d| html! {
                    <span class={classes!("legend-item", *d)}><span class="swatch">{ mark(d) }</span>{ legend(d) }</span>
                }) }
            </figcaption>
        </figure>
    }
}

fn mark(decision: &str) -> &'static str {
    match decision {
        "allowed" => "✓",
        "denied" => "✗",
        "conditional" => "?",
        "no-policy" => "○",
        _ => "·",
    }
}

fn legend(decision: &str) -> &'static str {
    match decision {
        "allowed" => "allowed",
        "denied" => "denied",
        "conditional" => "conditional",
        "no-policy" => "role's policies not given",
        _ => "not decided (no roles given)",
    }
}

fn group(g: &MapGroup, width: u32, on_select: Option<&Callback<Option<usize>>>) -> Html {
    let middle = g.top + TITLE + (g.height - TITLE) / 2;
    let box_top = middle - BOX_H / 2;
    let role_name = g
        .arn
        .as_deref()
        .map_or("(no role)", |a| a.rsplit('/').next().unwrap_or(a));
    let title = match &g.arn {
        Some(arn) => format!("{} · {arn}", g.role.label()),
        None => format!("{} · not named by {}", g.role.label(), g.role.named_by()),
    };
    let edge = |y: u32| {
        let (x1, x2) = (ROLE_X + BOX_W, ACTIONS_X - 8);
        let c = (x1 + x2) / 2;
        format!("M{x1},{middle} C{c},{middle} {c},{y} {x2},{y}")
    };
    html! {
        <g class={classes!("map-group", format!("role-{}", g.role.as_str()))}>
            <rect class="band" x="0" y={g.top.to_string()} width={width.to_string()} height={g.height.to_string()} rx="6" />
            <text class="group-title" x="8" y={(g.top + 15).to_string()}>{ title }</text>
            <rect class="actor" x={ACTOR_X.to_string()} y={box_top.to_string()} width="120" height={BOX_H.to_string()} rx="6" />
            <text class="actor-label" x={(ACTOR_X + 60).to_string()} y={(middle + 4).to_string()} text-anchor="middle">{ g.actor }</text>
            <path class="edge" d={format!("M{},{middle} L{ROLE_X},{middle}", ACTOR_X + 120)} />
            <rect class="role" x={ROLE_X.to_string()} y={box_top.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="6" />
            <text class="role-kind" x={(ROLE_X + BOX_W / 2).to_string()} y={(middle - 5).to_string()} text-anchor="middle">{ g.role.label() }</text>
            <text class="role-name" x={(ROLE_X + BOX_W / 2).to_string()} y={(middle + 12).to_string()} text-anchor="middle">{ role_name }</text>
            { for g.services.iter().map(|s| html! {
                <>
                    <path class="edge" d={edge(s.y + ROW / 2)} />
                    <text class="service" x={(ACTIONS_X - 4).to_string()} y={(s.y + 14).to_string()}>{ &s.prefix }</text>
                    { for s.actions.iter().map(|a| {
                        let first = a.lines.first().copied();
                        let onclick = on_select.map(|cb| cb.reform(move |_: MouseEvent| first));
                        // Keyboard: each action is a button in the tab order; Enter or Space
                        // shows why, as a click does.
                        let onkeydown = on_select.map(|cb| {
                            let cb = cb.clone();
                            Callback::from(move |e: KeyboardEvent| {
                                if e.key() == "Enter" || e.key() == " " {
                                    e.prevent_default();
                                    cb.emit(first);
                                }
                            })
                        });
                        let selectable = on_select.is_some();
                        let height = ROW + RESOURCE_ROW * u32::try_from(a.resources.len()).unwrap_or(0);
                        // The title is the tooltip and the button's accessible name: every
                        // resource in full, where the map shortens them.
                        html! {
                            <g class={classes!("map-action", a.decision)} {onclick} {onkeydown}
                                tabindex={selectable.then_some("0")}
                                role={selectable.then_some("button")}>
                                <title>{ format!("{} on {}: {}", a.name, a.resources.join(", "), legend(a.decision)) }</title>
                                <rect class="focus-ring" x={(ACTIONS_X + 2).to_string()} y={(a.y + 1).to_string()}
                                    width={width.saturating_sub(ACTIONS_X + 6).to_string()} height={height.to_string()} rx="4" />
                                <text class="mark" x={(ACTIONS_X + 10).to_string()} y={(a.y + 14).to_string()}>{ mark(a.decision) }</text>
                                <text class="action" x={(ACTIONS_X + 26).to_string()} y={(a.y + 14).to_string()}>{ &a.name }</text>
                                { for a.resources.iter().zip(1u32..).map(|(r, k)| html! {
                                    <text class="resource" x={(ACTIONS_X + 26).to_string()} y={(a.y + 14 + k * RESOURCE_ROW).to_string()}>
                                        <title>{ r }</title>{ shorten_middle(r, RESOURCE_CHARS) }
                                    </text>
                                }) }
                            </g>
                        }
                    }) }
                </>
            }) }
        </g>
    }
}

/// The map's content as nested lists: every resource ARN in full, for screen readers.
fn as_list(map: &MapLayout) -> Html {
    let group = |g: &MapGroup| {
        let role = g.arn.as_deref().unwrap_or("(no role)");
        let actions = g.services.iter().flat_map(|s| &s.actions).map(|a| {
            let on = a.resources.join(", ");
            html! { <li>{ format!("{} on {on}: {}", a.name, legend(a.decision)) }</li> }
        });
        html! { <li>{ format!("{} ({}), for {}:", g.role.label(), role, g.actor) }<ul>{ for actions }</ul></li> }
    };
    html! { <ul class="visually-hidden">{ for map.groups.iter().map(group) }</ul> }
}
