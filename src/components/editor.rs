//! A labelled text editor for one input, with its errors at line and column.

use rolecall_engine::diagnostic::Diagnostic;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::prose::Prose;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub label: AttrValue,
    pub value: AttrValue,
    pub errors: Vec<Diagnostic>,
    pub on_change: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let id = format!("editor-{}", props.label.to_lowercase().replace(' ', "-"));
    let error_id = format!("{id}-errors");
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let invalid = !props.errors.is_empty();
    html! {
        <div class="editor">
            <label for={id.clone()}>{ &props.label }</label>
            <textarea
                id={id}
                spellcheck="false"
                wrap="off"
                autocomplete="off"
                aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then(|| error_id.clone())}
                value={props.value.clone()}
                {oninput}
            />
            if invalid {
                <ul id={error_id} class="input-errors" role="alert">
                    { for props.errors.iter().map(error_line) }
                </ul>
            }
        </div>
    }
}

fn error_line(d: &Diagnostic) -> Html {
    let place = d
        .location
        .map(|l| format!("line {}, column {}", l.line, l.column))
        .unwrap_or_default();
    html! {
        <li>
            <span class="place">{ place }</span>
            <span class="message"><Prose text={d.message.clone()} /></span>
            if let Some(help) = &d.help {
                <span class="help"><Prose text={help.clone()} /></span>
            }
        </li>
    }
}
