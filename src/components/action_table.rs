//! Every implied action as a table row: role, action and why, resource, decision. Sortable by
//! column; a row's action is a button that shows why (see `action_detail.rs`).

use std::rc::Rc;

use rolecall_engine::Report;
use rolecall_engine::report::{ActionLine, RoleKind};
use yew::prelude::*;

use crate::map_layout::decision_name;
use crate::markup;
use crate::state::Column;

#[derive(Properties, PartialEq)]
pub struct ActionTableProps {
    pub report: Rc<Report>,
    pub selected: Option<usize>,
    pub sort: Option<(Column, bool)>,
    pub role_filter: Option<RoleKind>,
    pub decision_filter: Option<AttrValue>,
    pub on_select: Callback<Option<usize>>,
    pub on_sort: Callback<Column>,
}

/// The rows to show, in order: filtered, then stably sorted.
#[must_use]
pub fn visible_rows(props: &ActionTableProps) -> Vec<(usize, &ActionLine)> {
    let mut rows: Vec<(usize, &ActionLine)> = props
        .report
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| props.role_filter.is_none_or(|r| r == a.role))
        .filter(|(_, a)| {
            props
                .decision_filter
                .as_ref()
                .is_none_or(|d| d.as_str() == decision_name(a.decision))
        })
        .collect();
    if let Some((column, ascending)) = props.sort {
        rows.sort_by(|(_, a), (_, b)| {
            let order = match column {
                Column::Role => a.role.label().cmp(b.role.label()),
                Column::Action => a.action.cmp(&b.action),
                Column::Resource => a.resource.cmp(&b.resource),
                Column::Decision => decision_name(a.decision).cmp(decision_name(b.decision)),
            };
            if ascending { order } else { order.reverse() }
        });
    }
    rows
}

#[component]
pub fn ActionTable(props: &ActionTableProps) -> Html {
    if props.report.actions.is_empty() {
        return html! { <p class="empty">{ "This task definition implies no AWS actions." }</p> };
    }
    let rows = visible_rows(props);
    let header = |column: Column, name: &'static str, note: &'static str| {
        let sort = match props.sort {
            Some((c, true)) if c == column => "ascending",
            Some((c, false)) if c == column => "descending",
            _ => "none",
        };
        let onclick = props.on_sort.reform(move |_: MouseEvent| column);
        html! {
            <th scope="col" aria-sort={sort}>
                <button type="button" class="sort" {onclick}>{ name }
                    <span class="sort-mark" aria-hidden="true">{
                        match sort { "ascending" => " ▲", "descending" => " ▼", _ => " ↕" }
                    }</span>
                </button>{ note }
            </th>
        }
    };
    let shown = rows.len();
    html! {
        <>
            <div class="table-scroll">
            <table class="actions" aria-label="Actions by role">
                <thead>
                    <tr>
                        { header(Column::Role, "Role", "") }
                        { header(Column::Action, "Action", " and why") }
                        { header(Column::Resource, "Resource", "") }
                        { header(Column::Decision, "Decision", "") }
                    </tr>
                </thead>
                <tbody>{ for rows.into_iter().map(|(i, a)| row(props, i, a)) }</tbody>
            </table>
            </div>
            if shown < props.report.actions.len() {
                <p class="filtered-note">{ format!("{shown} of {} actions shown (filtered).", props.report.actions.len()) }</p>
            }
        </>
    }
}

fn row(props: &ActionTableProps, index: usize, a: &ActionLine) -> Html {
    let selected = props.selected == Some(index);
    let role_title = a
        .role_arn
        .clone()
        .unwrap_or_else(|| format!("not named by {}", a.role.named_by()));
    let on_select = props.on_select.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        on_select.emit(if selected { None } else { Some(index) });
    });
    let decision = decision_name(a.decision);
    html! {
        <tr class={classes!(format!("role-{}", a.role.as_str()), selected.then_some("selected"))}
            onclick={onclick.clone()}>
            <td title={role_title}>{ a.role.label() }</td>
            <td class="action-cell">
                <button type="button" class="action-name" aria-expanded={selected.to_string()}
                    aria-controls="action-detail" {onclick}>{ &a.action }</button>
                <p class="why">
                    { markup::prose(&a.reason) }{ " " }
                    <a href={a.docs.clone()} target="_blank" rel="noopener noreferrer">{ "docs" }</a>
                </p>
            </td>
            <td class="resource">{ markup::arn(&a.resource) }</td>
            <td><span class={classes!("decision", decision)}>{ decision }</span></td>
        </tr>
    }
}
