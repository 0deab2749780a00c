//! Engine messages mark user input and names with backticks; show those parts as code.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProseProps {
    pub text: AttrValue,
}

#[component]
pub fn Prose(props: &ProseProps) -> Html {
    let parts = props.text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }
    });
    html! { <>{ for parts }</> }
}
