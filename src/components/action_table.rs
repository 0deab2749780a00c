//! Every implied action as a table row: role, action and why, resource, decision. Sortable by
//! column; a row's action is a button that shows why (see `action_detail.rs`).
//!
//! The table is built as markup (see `markup`): one string that the browser parses, where the
//! app used to create a dozen elements a row through wasm-bindgen (seconds for the thousand
//! rows of a large task definition). One click listener on its wrapper serves the sort buttons
//! and the rows. The chosen row is marked on the elements in place, so that choosing one
//! leaves the table, and the focus in it, where they are; sorting rebuilds the table and gives
//! the focus back to the sort button.

use std::rc::Rc;

use rolecall_engine::Report;
use rolecall_engine::report::{ActionLine, RoleKind};
use web_sys::Element;
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

/// The columns: what they sort by, their key in the markup, their header and its note.
const COLUMNS: [(Column, &str, &str, &str); 4] = [
    (Column::Role, "role", "Role", ""),
    (Column::Action, "action", "Action", " and why"),
    (Column::Resource, "resource", "Resource", ""),
    (Column::Decision, "decision", "Decision", ""),
];

/// The rows to show, in order: filtered, then stably sorted.
#[must_use]
pub fn visible_rows<'a>(
    report: &'a Report,
    sort: Option<(Column, bool)>,
    role_filter: Option<RoleKind>,
    decision_filter: Option<&str>,
) -> Vec<(usize, &'a ActionLine)> {
    let mut rows: Vec<(usize, &ActionLine)> = report
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| role_filter.is_none_or(|r| r == a.role))
        .filter(|(_, a)| decision_filter.is_none_or(|d| d == decision_name(a.decision)))
        .collect();
    if let Some((column, ascending)) = sort {
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
    let wrapper = use_node_ref();
    // The column whose sort button was pressed, to focus in the rebuilt table.
    let refocus = use_mut_ref(|| None::<Column>);
    // Built again on each render (a few microseconds a row): when it has not changed, Yew leaves
    // the table as it is.
    let rows = visible_rows(
        &props.report,
        props.sort,
        props.role_filter,
        props.decision_filter.as_deref(),
    );
    let shown = rows.len();
    let table = AttrValue::from(table_markup(&rows, props.sort));
    {
        let (wrapper, refocus) = (wrapper.clone(), refocus.clone());
        use_effect_with((props.selected, table.clone()), move |(selected, _)| {
            if let Some(wrapper) = wrapper.cast::<Element>() {
                mark_selected(&wrapper, *selected);
                if let Some(column) = refocus.borrow_mut().take() {
                    focus_sort_button(&wrapper, column);
                }
            }
        });
    }
    if props.report.actions.is_empty() {
        return html! { <p class="empty">{ "This task definition implies no AWS actions." }</p> };
    }
    let onclick = {
        let (on_select, on_sort) = (props.on_select.clone(), props.on_sort.clone());
        let selected = props.selected;
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e.target_dyn_into::<Element>() else {
                return;
            };
            let within = |selector: &str, name: &str| {
                target
                    .closest(selector)
                    .ok()
                    .flatten()
                    .and_then(|e| e.get_attribute(name))
            };
            if let Some(key) = within("button[data-sort]", "data-sort") {
                if let Some((column, ..)) = COLUMNS.iter().find(|(_, k, ..)| *k == key) {
                    *refocus.borrow_mut() = Some(*column);
                    on_sort.emit(*column);
                }
            } else if let Some(index) =
                within("tr[data-row]", "data-row").and_then(|i| i.parse::<usize>().ok())
            {
                on_select.emit(if selected == Some(index) {
                    None
                } else {
                    Some(index)
                });
            }
        })
    };
    let total = props.report.actions.len();
    html! {
        <>
            <div class="table-scroll" ref={wrapper} {onclick}>{ markup::nodes(table) }</div>
            if shown < total {
                <p class="filtered-note">{ format!("{shown} of {total} actions shown (filtered).") }</p>
            }
        </>
    }
}

/// The table, without the chosen row (see `mark_selected`).
fn table_markup(rows: &[(usize, &ActionLine)], sort: Option<(Column, bool)>) -> String {
    let mut out = String::with_capacity(640 + rows.len() * 720);
    out.push_str(r#"<table class="actions" aria-label="Actions by role"><thead><tr>"#);
    for (column, key, name, note) in COLUMNS {
        let (order, mark) = match sort {
            Some((c, true)) if c == column => ("ascending", " ▲"),
            Some((c, false)) if c == column => ("descending", " ▼"),
            _ => ("none", " ↕"),
        };
        for part in [
            r#"<th scope="col" aria-sort=""#,
            order,
            r#""><button type="button" class="sort" data-sort=""#,
            key,
            r#"">"#,
            name,
            r#"<span class="sort-mark" aria-hidden="true">"#,
            mark,
            "</span></button>",
            note,
            "</th>",
        ] {
            out.push_str(part);
        }
    }
    out.push_str("</tr></thead><tbody>");
    for (index, a) in rows {
        row_markup(&mut out, *index, a);
    }
    out.push_str("</tbody></table>");
    out
}

fn row_markup(out: &mut String, index: usize, a: &ActionLine) {
    let decision = decision_name(a.decision);
    out.push_str(r#"<tr class="role-"#);
    out.push_str(a.role.as_str());
    out.push_str(r#"" data-row=""#);
    out.push_str(&index.to_string());
    out.push_str(r#""><td title=""#);
    match &a.role_arn {
        Some(arn) => markup::push_attr(out, arn),
        None => markup::push_attr(out, &format!("not named by {}", a.role.named_by())),
    }
    out.push_str(r#"">"#);
    markup::push_text(out, a.role.label());
    out.push_str(concat!(
        r#"</td><td class="action-cell"><button type="button" class="action-name" "#,
        r#"aria-expanded="false" aria-controls="action-detail">"#
    ));
    markup::push_text(out, &a.action);
    out.push_str(r#"</button><p class="why">"#);
    markup::push_prose(out, &a.reason);
    out.push_str(r#" <a href=""#);
    markup::push_attr(out, &a.docs);
    out.push_str(
        r#"" target="_blank" rel="noopener noreferrer">docs</a></p></td><td class="resource">"#,
    );
    markup::push_arn(out, &a.resource);
    out.push_str(r#"</td><td><span class="decision "#);
    out.push_str(decision);
    out.push_str(r#"">"#);
    out.push_str(decision);
    out.push_str("</span></td></tr>");
}

/// Marks the chosen row (and its button, expanded) and unmarks the one chosen before.
fn mark_selected(wrapper: &Element, selected: Option<usize>) {
    let mark = |row: &Element, on: bool| {
        let _ = if on {
            row.class_list().add_1("selected")
        } else {
            row.class_list().remove_1("selected")
        };
        if let Ok(Some(button)) = row.query_selector("button.action-name") {
            let _ = button.set_attribute("aria-expanded", if on { "true" } else { "false" });
        }
    };
    if let Ok(Some(row)) = wrapper.query_selector("tr.selected") {
        mark(&row, false);
    }
    if let Some(index) = selected
        && let Ok(Some(row)) = wrapper.query_selector(&format!("tr[data-row=\"{index}\"]"))
    {
        mark(&row, true);
    }
}

fn focus_sort_button(wrapper: &Element, column: Column) {
    use wasm_bindgen::JsCast;
    let Some((_, key, ..)) = COLUMNS.iter().find(|(c, ..)| *c == column) else {
        return;
    };
    if let Ok(Some(button)) = wrapper.query_selector(&format!("button[data-sort=\"{key}\"]"))
        && let Ok(button) = button.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = button.focus();
    }
}
