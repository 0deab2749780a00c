//! A code editor for one input: a transparent textarea over its highlighted copy, line numbers,
//! the detected format, errors at line and column, Format, file open and drop.

use rolecall_engine::diagnostic::{Diagnostic, InputName};
use web_sys::{DragEvent, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::code_view::{CodeView, HIGHLIGHT_LIMIT};
use crate::browser;
use crate::code::{format_json, line_range_utf16};
use crate::markup;
use crate::state::{Jump, input_key};

/// The editor's line height in pixels, as `www/style.css` sets it.
const LINE_HEIGHT: i32 = 20;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub input: InputName,
    pub value: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    /// The detected format, shown as a badge.
    #[prop_or_default]
    pub badge: Option<AttrValue>,
    #[prop_or_default]
    pub jump: Option<Jump>,
    pub on_change: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let scroller = use_node_ref();
    {
        let (area, scroller, value) = (area.clone(), scroller.clone(), props.value.clone());
        use_effect_with(props.jump, move |jump| {
            if let Some(jump) = jump {
                reveal(
                    &area,
                    &scroller,
                    &value,
                    jump.location.line,
                    jump.location.end_line,
                );
            }
        });
    }
    let id = format!("editor-{}", input_key(props.input));
    let error_id = format!("{id}-errors");
    let emit_text = |on_change: Callback<String>| {
        Callback::from(move |file: web_sys::File| browser::read_file(file, on_change.clone()))
    };
    let oninput = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    // The textarea is as large as its text, so it never scrolls itself; if the browser nudges
    // it (a caret past the edge before the next render), put it back under its highlighting.
    let onscroll = Callback::from(|e: Event| {
        let area: HtmlElement = e.target_unchecked_into();
        area.set_scroll_top(0);
        area.set_scroll_left(0);
    });
    // Formatting a large text on every key would cost more than the analysis: there the button
    // formats on demand.
    let large = props.value.len() > HIGHLIGHT_LIMIT;
    let formatted = use_memo(props.value.clone(), move |v| {
        if large { None } else { format_json(v) }
    });
    let on_format = {
        let (formatted, on_change) = (formatted.clone(), props.on_change.clone());
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| {
            let text = match formatted.as_ref() {
                Some(text) => Some(text.clone()),
                None if large => format_json(&value),
                None => None,
            };
            if let Some(text) = text.filter(|t| *t != *value) {
                on_change.emit(text);
            }
        })
    };
    let open = emit_text(props.on_change.clone());
    let on_open = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open.emit(file);
        }
        input.set_value("");
    });
    let dropped = emit_text(props.on_change.clone());
    let ondrop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            dropped.emit(file);
        }
    });
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let locations: Vec<_> = props
        .diagnostics
        .iter()
        .filter_map(|d| d.location)
        .collect();
    let invalid = !props.diagnostics.is_empty();
    let label = props.input.label();
    let can_format = large
        || formatted
            .as_ref()
            .as_ref()
            .is_some_and(|f| f != props.value.as_str());
    html! {
        <div class="editor">
            <div class="editor-bar">
                if let Some(badge) = &props.badge {
                    <span class="badge" title="detected format">{ badge }</span>
                }
                <span class="spacer"></span>
                <button type="button" onclick={on_format} disabled={!can_format}
                    title="pretty-print the JSON">{ "Format" }</button>
                <label class="button">
                    { "Open file…" }
                    <input type="file" class="visually-hidden" onchange={on_open}
                        accept=".json,.yaml,.yml,.txt,.template,application/json" />
                </label>
            </div>
            <div class="code-scroll" ref={scroller} {ondrop} {ondragover}>
                <div class={classes!("code", large.then_some("plain"))}>
                    <CodeView text={props.value.clone()} errors={locations} />
                    <textarea
                        ref={area}
                        id={id}
                        aria-label={label}
                        spellcheck="false"
                        wrap="off"
                        autocomplete="off"
                        autocapitalize="off"
                        placeholder={placeholder(props.input)}
                        aria-invalid={invalid.to_string()}
                        aria-describedby={invalid.then(|| error_id.clone())}
                        value={props.value.clone()}
                        {oninput}
                        {onscroll}
                    />
                </div>
            </div>
            if invalid {
                <ul id={error_id} class="input-errors" role="alert">
                    { for props.diagnostics.iter().map(error_line) }
                </ul>
            }
        </div>
    }
}

fn placeholder(input: InputName) -> &'static str {
    match input {
        InputName::TaskDefinition => {
            "Paste a task definition (JSON, describe-task-definition output…), or drop a file here"
        }
        InputName::Service => "Optional: a CreateService request or describe-services output",
        InputName::Roles => {
            "Optional: {\"roles\": {\"<role ARN>\": {\"trustPolicy\": …, \"managedPolicies\": […], \"inlinePolicies\": {…}}}, \"resourcePolicies\": {…}}"
        }
        InputName::AppActions => {
            "Optional: the calls your code makes, [{\"action\": \"s3:GetObject\", \"resource\": \"arn:aws:s3:::bucket/*\"}]"
        }
    }
}

/// Selects whole lines in the textarea and scrolls the first into view.
fn reveal(area: &NodeRef, scroller: &NodeRef, text: &str, line: usize, end_line: usize) {
    let (Some(area), Some(scroller)) = (
        area.cast::<HtmlTextAreaElement>(),
        scroller.cast::<HtmlElement>(),
    ) else {
        return;
    };
    let (start, _) = line_range_utf16(text, line);
    let (_, end) = line_range_utf16(text, end_line.max(line));
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    let line = i32::try_from(line).unwrap_or(i32::MAX);
    let top = (line - 1).saturating_mul(LINE_HEIGHT) - scroller.client_height() / 3;
    scroller.set_scroll_top(top.max(0));
    scroller.set_scroll_left(0);
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    scroller.scroll_into_view_with_scroll_into_view_options(&options);
}

fn error_line(d: &Diagnostic) -> Html {
    let place = d
        .location
        .map(|l| format!("line {}, column {}", l.line, l.column))
        .unwrap_or_default();
    html! {
        <li>
            <span class="place">{ place }</span>
            <span class="message">{ markup::prose(&d.message) }</span>
            if let Some(help) = &d.help {
                <span class="help">{ markup::prose(help) }</span>
            }
        </li>
    }
}
