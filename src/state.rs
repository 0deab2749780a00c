//! The page's one state and the actions that change it. Analysis happens here, in the reducer,
//! so every component renders from the same report.

use std::rc::Rc;

use rolecall_engine::diagnostic::Diagnostic;
use rolecall_engine::{Answer, Input, Report};
use yew::Reducible;

use crate::examples::Example;

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The example last loaded, which the picker shows.
    pub example: &'static str,
    pub task_definition: String,
    /// The last report the engine produced; kept while the input has errors so the page does not
    /// flash empty on every half-typed edit.
    pub report: Option<Rc<Report>>,
    /// Why the current input could not be analysed; empty when `report` is current.
    pub errors: Vec<Diagnostic>,
}

pub enum Action {
    EditTaskDefinition(String),
    LoadExample(Example),
}

impl State {
    #[must_use]
    pub fn new(example: Example) -> Self {
        Self::analysed(example.id, example.task_definition.to_owned(), None)
    }

    fn analysed(
        example: &'static str,
        task_definition: String,
        previous: Option<Rc<Report>>,
    ) -> Self {
        let answer = rolecall_engine::analyze(&Input {
            task_definition: task_definition.clone(),
            ..Input::default()
        });
        match answer {
            Answer::Success { report, .. } => Self {
                example,
                task_definition,
                report: Some(Rc::new(report)),
                errors: Vec::new(),
            },
            Answer::Failure {
                diagnostics: errors,
            } => Self {
                example,
                task_definition,
                report: previous,
                errors,
            },
        }
    }

    /// Whether the report shown is from an earlier version of the input.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        !self.errors.is_empty() && self.report.is_some()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditTaskDefinition(text) => {
                if text == self.task_definition {
                    return self;
                }
                Rc::new(Self::analysed(self.example, text, self.report.clone()))
            }
            Action::LoadExample(example) => Rc::new(Self::new(example)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::{DEFAULT, EXAMPLES};

    #[test]
    fn default_example_is_analysed() {
        let state = State::new(DEFAULT);
        assert!(state.errors.is_empty());
        assert!(!state.report.unwrap().actions.is_empty());
    }

    #[test]
    fn a_syntax_error_keeps_the_last_report_and_says_where() {
        let state = Rc::new(State::new(DEFAULT));
        let before = state.report.clone();
        let broken = DEFAULT.task_definition.replacen("\"family\"", "family", 1);
        let state = state.reduce(Action::EditTaskDefinition(broken));
        assert!(state.is_stale());
        assert_eq!(state.report, before);
        let location = state.errors[0].location.unwrap();
        assert_eq!((location.line, location.column), (2, 3));
    }

    #[test]
    fn loading_an_example_replaces_the_input() {
        let state = Rc::new(State::new(DEFAULT));
        let state = state.reduce(Action::LoadExample(EXAMPLES[1]));
        assert_eq!(state.task_definition, EXAMPLES[1].task_definition);
        assert_eq!(state.example, EXAMPLES[1].id);
        assert!(!state.is_stale());
    }
}
