//! The IAM policy engine: the policy language with spans, AWS's evaluation logic with an
//! explanation of every statement, and `simulate`, its JSON-shaped entry point.

pub mod arn;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod evaluate;
pub mod managed;
pub mod policy;
pub mod principal;
pub mod simulate;
pub mod variables;
pub mod wildcard;

pub use evaluate::{Decision, Evaluation, PolicySet, PolicyType, Request};
pub use simulate::{SimulationAnswer, simulate, simulate_text};
