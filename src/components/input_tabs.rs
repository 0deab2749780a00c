//! The four inputs as tabs over one editor; a tab shows how many problems its input has.

use rolecall_engine::diagnostic::{Diagnostic, InputName};
use yew::prelude::*;

use super::editor::Editor;
use crate::state::{INPUTS, Jump, Texts, input_key};

#[derive(Properties, PartialEq)]
pub struct InputTabsProps {
    pub texts: Texts,
    pub tab: InputName,
    pub diagnostics: Vec<Diagnostic>,
    /// The detected format of the task definition.
    pub format: Option<AttrValue>,
    pub jump: Option<Jump>,
    pub on_tab: Callback<InputName>,
    pub on_edit: Callback<(InputName, String)>,
}

fn of(diagnostics: &[Diagnostic], input: InputName) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| {
            d.location
                .map_or(input == InputName::TaskDefinition, |l| l.input == input)
        })
        .cloned()
        .collect()
}

#[component]
pub fn InputTabs(props: &InputTabsProps) -> Html {
    // Arrow keys move between tabs, as in every tab list.
    let onkeydown = {
        let (tab, on_tab) = (props.tab, props.on_tab.clone());
        Callback::from(move |e: KeyboardEvent| {
            let at = INPUTS.iter().position(|i| *i == tab).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % INPUTS.len(),
                "ArrowLeft" => (at + INPUTS.len() - 1) % INPUTS.len(),
                "Home" => 0,
                "End" => INPUTS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            if let Some(input) = INPUTS.get(next) {
                on_tab.emit(*input);
                focus_tab(*input);
            }
        })
    };
    let tabs = INPUTS.iter().map(|&input| {
        let selected = input == props.tab;
        let problems = of(&props.diagnostics, input).len();
        let filled = !props.texts.get(input).trim().is_empty();
        let onclick = props.on_tab.reform(move |_: MouseEvent| input);
        html! {
            <button type="button" role="tab" id={format!("tab-{}", input_key(input))}
                aria-selected={selected.to_string()}
                aria-controls="input-panel"
                tabindex={if selected { "0" } else { "-1" }}
                class={classes!("tab", filled.then_some("filled"))}
                {onclick}>
                { input.label() }
                if problems > 0 {
                    <span class="tab-errors" title="problems in this input">{ format!(" {problems}") }</span>
                }
            </button>
        }
    });
    let input = props.tab;
    let on_change = props.on_edit.reform(move |text: String| (input, text));
    let badge = (input == InputName::TaskDefinition)
        .then(|| props.format.clone())
        .flatten();
    html! {
        <div class="input-tabs">
            <div role="tablist" aria-label="Inputs" class="tablist" {onkeydown}>
                { for tabs }
            </div>
            <div role="tabpanel" id="input-panel" aria-labelledby={format!("tab-{}", input_key(input))}>
                <Editor
                    key={input_key(input)}
                    {input}
                    value={AttrValue::from(props.texts.get(input).to_owned())}
                    diagnostics={of(&props.diagnostics, input)}
                    {badge}
                    jump={props.jump.filter(|j| j.location.input == input)}
                    {on_change}
                />
            </div>
        </div>
    }
}

fn focus_tab(input: InputName) {
    use wasm_bindgen::JsCast;
    let tab = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", input_key(input))))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(tab) = tab {
        let _ = tab.focus();
    }
}
