//! An ARN in code type that wraps only after a `:` or `/`, never inside a name.

use yew::prelude::*;

use crate::code::arn_pieces;

#[derive(Properties, PartialEq)]
pub struct ArnProps {
    pub arn: AttrValue,
}

#[component]
pub fn Arn(props: &ArnProps) -> Html {
    let pieces = arn_pieces(&props.arn).into_iter().map(|piece| {
        html! { <><span>{ piece.to_owned() }</span><wbr /></> }
    });
    html! { <code class="arn">{ for pieces }</code> }
}
