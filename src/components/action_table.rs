//! Every implied action as a table row: role, action, resource, reason.

use rolecall_engine::report::ActionLine;
use yew::prelude::*;

use super::prose::Prose;

#[derive(Properties, PartialEq)]
pub struct ActionTableProps {
    pub actions: Vec<ActionLine>,
}

#[component]
pub fn ActionTable(props: &ActionTableProps) -> Html {
    if props.actions.is_empty() {
        return html! { <p class="empty">{ "This task definition implies no AWS actions." }</p> };
    }
    html! {
        <table class="actions" aria-label="Actions by role">
            <colgroup>
                <col class="role" /><col class="action" /><col class="resource" /><col class="why" />
            </colgroup>
            <thead>
                <tr>
                    <th scope="col">{ "Role" }</th>
                    <th scope="col">{ "Action" }</th>
                    <th scope="col">{ "Resource" }</th>
                    <th scope="col">{ "Why" }</th>
                </tr>
            </thead>
            <tbody>{ for props.actions.iter().map(row) }</tbody>
        </table>
    }
}

fn row(a: &ActionLine) -> Html {
    let role_title = a
        .role_arn
        .clone()
        .unwrap_or_else(|| format!("not named by {}", a.role.named_by()));
    html! {
        <tr class={classes!("role", format!("role-{}", a.role.as_str()))}>
            <td title={role_title}>{ a.role.label() }</td>
            <td><code>{ &a.action }</code></td>
            <td><code class="arn">{ &a.resource }</code></td>
            <td>
                <Prose text={a.reason.clone()} />{ " " }
                <a href={a.docs.clone()} target="_blank" rel="noopener noreferrer">{ "docs" }</a>
            </td>
        </tr>
    }
}
