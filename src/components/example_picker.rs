//! Loads an example from the gallery into the editors.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::examples::{EXAMPLES, Example};

#[derive(Properties, PartialEq)]
pub struct ExamplePickerProps {
    /// The id of the example shown as chosen.
    pub current: AttrValue,
    pub on_pick: Callback<Example>,
}

#[component]
pub fn ExamplePicker(props: &ExamplePickerProps) -> Html {
    let onchange = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(example) = EXAMPLES.iter().find(|x| x.id == select.value()) {
                on_pick.emit(*example);
            }
        })
    };
    html! {
        <div class="example-picker">
            <label for="example">{ "Example" }</label>
            <select id="example" {onchange}>
                { for EXAMPLES.iter().map(|x| html! {
                    <option value={x.id} selected={x.id == props.current.as_str()}>{ x.title }</option>
                }) }
            </select>
        </div>
    }
}
