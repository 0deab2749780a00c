//! An ARN in code type that wraps only after a `:` or `/`, never inside a name.

use yew::prelude::*;

use crate::code::arn_pieces;
use crate::markup;

#[derive(Properties, PartialEq)]
pub struct ArnProps {
    pub arn: AttrValue,
}

#[component]
pub fn Arn(props: &ArnProps) -> Html {
    // A span and a <wbr> per piece, built as markup (see `markup`).
    let mut out = String::with_capacity(props.arn.len() * 2 + 32);
    out.push_str(r#"<code class="arn">"#);
    for piece in arn_pieces(&props.arn) {
        out.push_str("<span>");
        markup::push_text(&mut out, piece);
        out.push_str("</span><wbr>");
    }
    out.push_str("</code>");
    markup::nodes(out)
}
