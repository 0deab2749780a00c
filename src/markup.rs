//! Markup built as text, for the parts of the page that are many small static elements (the
//! editors' highlighted copies, ARNs, prose with code): the browser parses one string far faster
//! than the app creates each element through wasm-bindgen, and the elements are the same.

use yew::{AttrValue, Html};

/// Appends `text` to `out` as HTML text: `&`, `<` and `>` escaped, so that nothing in it is
/// read as markup. Only for element content, never inside an attribute.
pub fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>']) {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            _ => "&gt;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// The markup as nodes of the page. Every piece of text in it must have gone through
/// [`push_text`].
pub fn nodes(markup: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup))
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
}
