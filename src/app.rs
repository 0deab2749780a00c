//! The page: inputs on the left, what the engine found on the right.

use yew::prelude::*;

use crate::components::action_table::ActionTable;
use crate::components::editor::Editor;
use crate::components::example_picker::ExamplePicker;
use crate::components::findings::Findings;
use crate::examples::{DEFAULT, Example};
use crate::state::{Action, State};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(DEFAULT));
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::EditTaskDefinition(text)))
    };
    let on_example = {
        let state = state.dispatcher();
        Callback::from(move |example: Example| state.dispatch(Action::LoadExample(example)))
    };

    let results = match &state.report {
        Some(report) => html! {
            <>
                <p class="summary">
                    { format!("{} · launch type ", report.task_definition.format) }
                    <strong>{ report.launch_type.as_str() }</strong>
                    { format!(" · account {} · region {}", report.task_definition.account, report.task_definition.region) }
                </p>
                <Findings findings={report.findings.clone()} />
                <ActionTable actions={report.actions.clone()} />
            </>
        },
        None => html! { <p class="empty">{ "Fix the input to see the analysis." }</p> },
    };

    html! {
        <div class="page">
            <header class="topbar">
                <h1>{ "rolecall" }</h1>
                <p class="tagline">{ "Which IAM role does what in Amazon ECS" }</p>
                <span class="version" title="engine version">{ format!("engine {}", rolecall_engine::VERSION) }</span>
            </header>
            <main class="workspace">
                <section class="inputs" aria-label="Inputs">
                    <ExamplePicker current={state.example} on_pick={on_example} />
                    <Editor
                        label="Task definition"
                        value={state.task_definition.clone()}
                        errors={state.errors.clone()}
                        on_change={on_edit}
                    />
                </section>
                <section class={classes!("results", state.is_stale().then_some("stale"))} aria-label="Analysis" aria-live="polite">
                    if state.is_stale() {
                        <p class="stale-note">{ "Showing the last analysis that worked; fix the error on the left to update it." }</p>
                    }
                    { results }
                </section>
            </main>
        </div>
    }
}
