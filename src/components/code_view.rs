//! The highlighted copy of an editor's text that sits under its transparent textarea, with
//! line numbers and the places of errors marked.

use rolecall_engine::diagnostic::Location;
use yew::prelude::*;

use crate::code::tokenize;

/// Texts longer than this are shown as plain text, the textarea's own, with the line numbers as
/// one text: typing must stay instant, and rebuilding a highlighted copy of every line on each
/// key took hundreds of milliseconds on a 200-container task definition.
pub const HIGHLIGHT_LIMIT: usize = 64 * 1024;

#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    pub text: AttrValue,
    /// Where the errors are (only their line and columns are used).
    pub errors: Vec<Location>,
}

#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let text = props.text.as_str();
    let count = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let numbers = use_memo(count, |&count| {
        (1..=count)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });
    if text.len() > HIGHLIGHT_LIMIT {
        // Errors are listed under the editor, with their line and column.
        return html! {
            <pre class="gutter plain" aria-hidden="true">{ numbers.as_str() }</pre>
        };
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let error_on = |n: usize| props.errors.iter().find(|l| l.line == n);
    let gutter = lines.iter().enumerate().map(|(i, _)| {
        let n = i + 1;
        let error = error_on(n);
        html! {
            <li class={classes!(error.is_some().then_some("error"))}>{ n }</li>
        }
    });
    let code = lines.iter().enumerate().map(|(i, line)| {
        let body = match error_on(i + 1) {
            Some(at) => marked(line, at),
            None => tokens(line),
        };
        html! { <span class="line">{ body }</span> }
    });
    html! {
        <>
            <ol class="gutter" aria-hidden="true">{ for gutter }</ol>
            <pre class="highlight" aria-hidden="true">{ for code }</pre>
        </>
    }
}

/// One line, highlighted.
pub fn tokens(line: &str) -> Html {
    html! {
        { for tokenize(line).into_iter().map(|(token, piece)| {
            let class = token.class();
            if class.is_empty() {
                html! { { piece.to_owned() } }
            } else {
                html! { <span class={class}>{ piece.to_owned() }</span> }
            }
        }) }
    }
}

/// The line with the erroneous characters (at least one, or the line's end) marked.
fn marked(line: &str, at: &Location) -> Html {
    let start = at.column.saturating_sub(1);
    let end = if at.end_line == at.line && at.end_column > at.column {
        at.end_column - 1
    } else {
        start + 1
    };
    let before: String = line.chars().take(start).collect();
    let mut error: String = line.chars().skip(start).take(end - start).collect();
    let after: String = line.chars().skip(end).collect();
    if error.is_empty() {
        // Past the end of the line (a missing value, an unclosed brace): mark a space there.
        error.push(' ');
    }
    html! {
        <>
            { before }<mark class="error-at">{ error }</mark>{ after }
        </>
    }
}
