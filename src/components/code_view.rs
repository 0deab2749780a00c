//! The highlighted copy of an editor's text that sits under its transparent textarea, with
//! line numbers and the places of errors marked.

use rolecall_engine::diagnostic::Location;
use yew::prelude::*;

use crate::code::{Token, tokenize};
use crate::markup;

/// Texts longer than this are shown as plain text, the textarea's own, with the line numbers as
/// one text: typing must stay instant, and rebuilding a highlighted copy of every line on each
/// key took hundreds of milliseconds on a 200-container task definition.
pub const HIGHLIGHT_LIMIT: usize = 64 * 1024;

/// Lines per piece of the highlighted copy that an edit replaces.
const CHUNK_LINES: usize = 64;

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
    let large = text.len() > HIGHLIGHT_LIMIT;
    // The plain view's line numbers, as one text; the highlighted view numbers its own lines.
    let numbers = use_memo((count, large), |&(count, large)| {
        if !large {
            return String::new();
        }
        (1..=count)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });
    if large {
        // Errors are listed under the editor, with their line and column.
        return html! {
            <pre class="gutter plain" aria-hidden="true">{ numbers.as_str() }</pre>
        };
    }
    // Built as markup: many small spans, which the browser parses far faster than the app
    // creates them one by one through wasm-bindgen (see `markup`). Both are preformatted text, a
    // line each: the numbers plain but for the lines with an error, the copy with a span per
    // token that has a colour of its own. The highlighted lines go in chunks, so that a keystroke
    // replaces the chunk it is in, not the whole copy.
    let error_on = |n: usize| props.errors.iter().find(|l| l.line == n);
    let mut gutter = String::with_capacity(count * 4 + 48);
    gutter.push_str(r#"<pre class="gutter" aria-hidden="true">"#);
    let mut chunks = Vec::with_capacity(count / CHUNK_LINES + 1);
    let mut chunk = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let error = error_on(n);
        if i > 0 {
            gutter.push('\n');
            chunk.push('\n');
        }
        match error {
            Some(at) => {
                gutter.push_str(r#"<span class="error">"#);
                gutter.push_str(&n.to_string());
                gutter.push_str("</span>");
                chunk.push_str(r#"<span class="tok-plain">"#);
                push_marked(&mut chunk, line, at);
                chunk.push_str("</span>");
            }
            None => {
                gutter.push_str(&n.to_string());
                push_tokens(&mut chunk, line, true);
            }
        }
        if n % CHUNK_LINES == 0 {
            chunks.push(markup::nodes(std::mem::take(&mut chunk)));
        }
    }
    if !chunk.is_empty() {
        chunks.push(markup::nodes(chunk));
    }
    gutter.push_str("</pre>");
    html! {
        <>
            { markup::nodes(gutter) }
            <pre class="highlight" aria-hidden="true">{ for chunks }</pre>
        </>
    }
}

/// One line, highlighted, for a policy shown on the page (`pre.json`): each token that has a
/// colour in a span, punctuation included.
pub fn tokens(line: &str) -> Html {
    let mut out = String::with_capacity(line.len() * 2);
    push_tokens(&mut out, line, false);
    markup::nodes(out)
}

/// One line, highlighted, as markup: a span for each token with a colour of its own. In the
/// editors' copy (`bare_punctuation`), punctuation stays bare text in the copy's own colour,
/// which spares a line of JSON about half of its spans; the copy is hidden from assistive
/// technology, where the textarea above it is what is read.
fn push_tokens(out: &mut String, line: &str, bare_punctuation: bool) {
    for (token, piece) in tokenize(line) {
        let class = match token {
            Token::Punctuation if bare_punctuation => "",
            Token::Plain if bare_punctuation && !piece.trim().is_empty() => "tok-plain",
            token => token.class(),
        };
        if class.is_empty() {
            markup::push_text(out, piece);
        } else {
            out.push_str("<span class=\"");
            out.push_str(class);
            out.push_str("\">");
            markup::push_text(out, piece);
            out.push_str("</span>");
        }
    }
}

/// The line with the erroneous characters (at least one, or the line's end) marked, as markup.
fn push_marked(out: &mut String, line: &str, at: &Location) {
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
    markup::push_text(out, &before);
    out.push_str(r#"<mark class="error-at">"#);
    markup::push_text(out, &error);
    out.push_str("</mark>");
    markup::push_text(out, &after);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_lines_are_escaped_markup() {
        let mut out = String::new();
        push_tokens(&mut out, r#"  "a<b>": "x&y", b"#, false);
        assert_eq!(
            out,
            r#"  <span class="tok-key">"a&lt;b&gt;"</span><span class="tok-punct">:</span> <span class="tok-str">"x&amp;y"</span><span class="tok-punct">,</span> b"#
        );
        let mut bare = String::new();
        push_tokens(&mut bare, r#"  "a<b>": "x&y", b"#, true);
        assert_eq!(
            bare,
            r#"  <span class="tok-key">"a&lt;b&gt;"</span>: <span class="tok-str">"x&amp;y"</span>, <span class="tok-plain">b</span>"#
        );
    }
}
