//! The four roles in plain words, and what this page does with what you paste.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AboutProps {
    pub version: AttrValue,
}

#[component]
pub fn About(props: &AboutProps) -> Html {
    html! {
        <details class="about">
            <summary>{ "About rolecall and the four roles" }</summary>
            <dl>
                <dt>{ "Task role" }</dt>
                <dd>{ "Your code's credentials: what the application in your containers may call (S3, SQS, DynamoDB…)." }</dd>
                <dt>{ "Task execution role" }</dt>
                <dd>{ "Used by the ECS agent or Fargate, not by your code: pulling images from ECR, shipping logs to CloudWatch, fetching secrets before the containers start." }</dd>
                <dt>{ "Container instance role" }</dt>
                <dd>{ "The EC2 host's own role (its instance profile). On EC2, a task without a task role silently inherits it." }</dd>
                <dt>{ "Service-linked role" }</dt>
                <dd>{ "AWSServiceRoleForECS: ECS itself managing load balancer targets, network interfaces and service discovery for your service." }</dd>
            </dl>
            <p>
                { "Everything runs in your browser: nothing you paste is uploaded, and share links carry the inputs in the part of the address after #, which browsers never send. " }
                { format!("Engine {}.", props.version) }
            </p>
        </details>
    }
}
