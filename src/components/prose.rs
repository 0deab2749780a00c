//! Engine messages mark user input and names with backticks; show those parts as code.

use yew::prelude::*;

use crate::markup;

#[derive(Properties, PartialEq)]
pub struct ProseProps {
    pub text: AttrValue,
}

#[component]
pub fn Prose(props: &ProseProps) -> Html {
    // Built as markup (see `markup`): the findings and the action table hold many of these.
    let mut out = String::with_capacity(props.text.len() + 32);
    for (i, part) in props.text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            markup::push_text(&mut out, part);
            out.push_str("</code>");
        } else {
            markup::push_text(&mut out, part);
        }
    }
    markup::nodes(out)
}
