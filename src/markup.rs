//! Markup built as text, for the parts of the page that are many small static elements (the
//! editors' highlighted copies, ARNs, prose with code): the browser parses one string far faster
//! than the app creates each element through wasm-bindgen, and the elements are the same.

use yew::{AttrValue, Html};

use crate::code::arn_pieces;

/// Appends `text` to `out` as HTML text: `&`, `<` and `>` escaped, so that nothing in it is
/// read as markup. Only for element content, never inside an attribute.
pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, &['&', '<', '>']);
}

/// Appends `value` to `out` for a double-quoted attribute value: `&`, `"`, `<` and `>`
/// escaped.
pub fn push_attr(out: &mut String, value: &str) {
    push_escaped(out, value, &['&', '"', '<', '>']);
}

/// Appends `text` with each of `special` written as its entity.
fn push_escaped(out: &mut String, text: &str, special: &[char]) {
    let mut rest = text;
    while let Some(at) = rest.find(special) {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('"') => "&quot;",
            Some('<') => "&lt;",
            _ => "&gt;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// The markup as nodes of the page. Every piece of text in it must have gone through
/// [`push_text`], every attribute value through [`push_attr`].
pub fn nodes(markup: impl Into<AttrValue>) -> Html {
    Html::from_html_unchecked(markup.into())
}

/// Engine prose: the parts between backticks (user input and names) as code.
pub fn prose(text: &str) -> Html {
    let mut out = String::with_capacity(text.len() + 32);
    push_prose(&mut out, text);
    nodes(out)
}

/// [`prose`], appended to `out` as markup.
pub fn push_prose(out: &mut String, text: &str) {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            push_text(out, part);
            out.push_str("</code>");
        } else {
            push_text(out, part);
        }
    }
}

/// An ARN in code type that wraps only after a `:` or `/`, never inside a name: a span per
/// piece, which the stylesheet keeps on one line, in a `code.arn` that may break anywhere else
/// (between pieces).
pub fn arn(arn: &str) -> Html {
    let mut out = String::with_capacity(arn.len() * 2 + 32);
    push_arn(&mut out, arn);
    nodes(out)
}

/// [`arn`], appended to `out` as markup.
pub fn push_arn(out: &mut String, arn: &str) {
    out.push_str(r#"<code class="arn">"#);
    for piece in arn_pieces(arn) {
        out.push_str("<span>");
        push_text(out, piece);
        out.push_str("</span>");
    }
    out.push_str("</code>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text() {
        let mut out = String::new();
        push_text(&mut out, "a<b>&c</script> é \"q\"");
        assert_eq!(out, "a&lt;b&gt;&amp;c&lt;/script&gt; é \"q\"");
        let mut out = String::new();
        push_text(&mut out, "");
        assert_eq!(out, "");
    }

    fn built(push: fn(&mut String, &str), text: &str) -> String {
        let mut out = String::new();
        push(&mut out, text);
        out
    }

    #[test]
    fn escapes_attribute_values() {
        assert_eq!(
            built(push_attr, r#"a "b" <c> & 'd'"#),
            "a &quot;b&quot; &lt;c&gt; &amp; 'd'"
        );
    }

    #[test]
    fn prose_shows_backticked_parts_as_code() {
        assert_eq!(
            built(push_prose, "reads `a<b>` into `X` & more"),
            "reads <code>a&lt;b&gt;</code> into <code>X</code> &amp; more"
        );
        assert_eq!(built(push_prose, "plain"), "plain");
        assert_eq!(built(push_prose, "`unclosed"), "<code>unclosed</code>");
    }

    #[test]
    fn arns_break_only_between_pieces() {
        assert_eq!(
            built(push_arn, "arn:aws:s3:::b/<k>"),
            "<code class=\"arn\"><span>arn:</span><span>aws:</span><span>s3:</span><span>:</span>\
             <span>:</span><span>b/</span><span>&lt;k&gt;</span></code>"
        );
    }
}
