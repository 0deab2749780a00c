//! The analysis: findings, then the actions as a table or a role map, or the suggested
//! policies; and why a chosen action is there and allowed or not.

use yew::prelude::*;

use super::action_detail::ActionDetail;
use super::action_table::ActionTable;
use super::findings::Findings;
use super::role_map::RoleMap;
use super::suggested_policies::SuggestedPolicies;
use super::table_filters::TableFilters;
use crate::browser;
use crate::state::{Action, State, View};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub state: UseReducerHandle<State>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let state = &props.state;
    let d = &props.dispatch;
    // After each analysis is in the DOM and painted, for `bench/page.mjs`.
    let painted = use_memo(state.analyses, |_| browser::FrameWatch::start());
    use_effect_with(state.analyses, move |_| {
        painted.then(|| browser::mark("rolecall:analysis-rendered"));
    });
    let Some(report) = state.report.clone() else {
        return html! { <p class="empty">{ "Fix the task definition to see the analysis." }</p> };
    };
    let view_tab = |view: View, label: &'static str| {
        let selected = state.view == view;
        let onclick = d.reform(move |_: MouseEvent| Action::SelectView(view));
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                aria-controls="results-panel" class="tab" {onclick}>{ label }</button>
        }
    };
    let on_select = d.reform(Action::Select);
    let on_jump = d.reform(Action::JumpTo);
    let detail = state
        .selected
        .and_then(|i| report.actions.get(i))
        .map(|line| {
            html! {
                <ActionDetail line={line.clone()} on_jump={on_jump.clone()}
                    on_close={d.reform(|()| Action::Select(None))} />
            }
        });
    let summary = &report.task_definition;
    html! {
        <>
            <p class="summary">
                { "Launch type " }<strong>{ report.launch_type.as_str() }</strong>
                { format!(" ({}) · account {} · region {}", summary.launch_type_from, summary.account, summary.region) }
            </p>
            <Findings findings={report.findings.clone()} on_jump={on_jump.clone()} />
            <div class="view-bar">
                <h2 id="actions-title">{ format!("Actions ({})", report.actions.len()) }</h2>
                <div role="tablist" aria-label="View" class="tablist small">
                    { view_tab(View::Table, "Table") }
                    { view_tab(View::Map, "Role map") }
                    { view_tab(View::Policies, "Suggested policies") }
                </div>
            </div>
            <div id="results-panel" role="tabpanel" aria-labelledby="actions-title">
                { match state.view {
                    View::Table => html! {
                        <>
                            <TableFilters report={report.clone()} role={state.role_filter}
                                decision={state.decision_filter.clone().map(AttrValue::from)}
                                on_role={d.reform(Action::FilterRole)}
                                on_decision={d.reform(Action::FilterDecision)} />
                            <ActionTable report={report.clone()} selected={state.selected}
                                sort={state.sort} role_filter={state.role_filter}
                                decision_filter={state.decision_filter.clone().map(AttrValue::from)}
                                {on_select} on_sort={d.reform(Action::SortBy)} />
                        </>
                    },
                    View::Map => html! { <RoleMap report={report.clone()} on_select={Some(on_select)} /> },
                    View::Policies => html! {
                        <SuggestedPolicies report={report.clone()} roles={state.texts.roles.clone()} />
                    },
                } }
            </div>
            { for detail }
        </>
    }
}
