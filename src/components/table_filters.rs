//! Filters of the action table: by role and by decision.

use std::rc::Rc;

use rolecall_engine::Report;
use rolecall_engine::report::RoleKind;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::map_layout::decision_name;

#[derive(Properties, PartialEq)]
pub struct TableFiltersProps {
    pub report: Rc<Report>,
    pub role: Option<RoleKind>,
    pub decision: Option<AttrValue>,
    pub on_role: Callback<Option<RoleKind>>,
    pub on_decision: Callback<Option<String>>,
}

#[component]
pub fn TableFilters(props: &TableFiltersProps) -> Html {
    let mut roles: Vec<RoleKind> = props.report.actions.iter().map(|a| a.role).collect();
    roles.sort();
    roles.dedup();
    let mut decisions: Vec<&'static str> = props
        .report
        .actions
        .iter()
        .map(|a| decision_name(a.decision))
        .collect();
    decisions.sort_unstable();
    decisions.dedup();
    let on_role = {
        let (on_role, roles) = (props.on_role.clone(), roles.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_role.emit(roles.iter().copied().find(|r| r.as_str() == value));
        })
    };
    let on_decision = props.on_decision.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        (!value.is_empty()).then_some(value)
    });
    let current_role = props.role.map(RoleKind::as_str).unwrap_or_default();
    let current_decision = props.decision.as_deref().unwrap_or_default();
    html! {
        <div class="filters">
            <label for="filter-role">{ "Role" }</label>
            <select id="filter-role" onchange={on_role}>
                <option value="" selected={current_role.is_empty()}>{ "all roles" }</option>
                { for roles.iter().map(|r| html! {
                    <option value={r.as_str()} selected={r.as_str() == current_role}>{ r.label() }</option>
                }) }
            </select>
            <label for="filter-decision">{ "Decision" }</label>
            <select id="filter-decision" onchange={on_decision}>
                <option value="" selected={current_decision.is_empty()}>{ "all decisions" }</option>
                { for decisions.iter().map(|d| html! {
                    <option value={*d} selected={*d == current_decision}>{ *d }</option>
                }) }
            </select>
        </div>
    }
}
