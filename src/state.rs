//! The page's one state and the actions that change it. Analysis happens here, in the reducer,
//! so every component renders from the same report. Typing only stores the text; the app
//! dispatches [`Action::Analyse`] once typing pauses.

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_engine::diagnostic::{Diagnostic, InputName, Location};
use rolecall_engine::report::RoleKind;
use rolecall_engine::{Analyzer, Answer, Input, Report};
use yew::Reducible;

use crate::browser;
use crate::examples::Example;
use crate::share::Shared;

/// The four editors' texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    pub task_definition: String,
    pub service: String,
    pub roles: String,
    pub app_actions: String,
}

impl Texts {
    #[must_use]
    pub fn get(&self, input: InputName) -> &str {
        match input {
            InputName::TaskDefinition => &self.task_definition,
            InputName::Service => &self.service,
            InputName::Roles => &self.roles,
            InputName::AppActions => &self.app_actions,
        }
    }

    fn slot(&mut self, input: InputName) -> &mut String {
        match input {
            InputName::TaskDefinition => &mut self.task_definition,
            InputName::Service => &mut self.service,
            InputName::Roles => &mut self.roles,
            InputName::AppActions => &mut self.app_actions,
        }
    }
}

/// The editors, in tab order.
pub const INPUTS: [InputName; 4] = [
    InputName::TaskDefinition,
    InputName::Service,
    InputName::Roles,
    InputName::AppActions,
];

/// The name of an input in share links and element ids.
#[must_use]
pub fn input_key(input: InputName) -> &'static str {
    match input {
        InputName::TaskDefinition => "taskDefinition",
        InputName::Service => "service",
        InputName::Roles => "roles",
        InputName::AppActions => "appActions",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Table,
    Map,
    Policies,
}

impl View {
    /// The name of a view in share links; absent for the table.
    #[must_use]
    pub fn key(self) -> Option<&'static str> {
        match self {
            Self::Table => None,
            Self::Map => Some("map"),
            Self::Policies => Some("policies"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Role,
    Action,
    Resource,
    Decision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// A request to show a place in an editor; `serial` makes a repeated jump a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub location: Location,
    pub serial: u64,
}

/// The engine with what it remembers between analyses (see `rolecall_engine::Analyzer`), shared
/// by every version of the state. It is a cache that never changes an answer, so it takes no part
/// in comparing states.
#[derive(Clone, Default)]
pub struct Engine(Rc<RefCell<Analyzer>>);

impl Engine {
    fn analyze(&self, input: &Input) -> Answer {
        match self.0.try_borrow_mut() {
            Ok(mut analyzer) => analyzer.analyze(input),
            // Not reachable (analyses do not nest), and a fresh analysis gives the same answer.
            Err(_) => rolecall_engine::analyze(input),
        }
    }
}

impl PartialEq for Engine {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Engine")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub engine: Engine,
    /// The example last loaded, which the picker shows; empty after a share link.
    pub example: &'static str,
    pub texts: Texts,
    pub tab: InputName,
    pub view: View,
    /// The last report the engine produced; kept while the task definition cannot be read so
    /// the page does not flash empty on every half-typed edit.
    pub report: Option<Rc<Report>>,
    /// Problems in the inputs, each located in one of them.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether `report` is from an earlier task definition than the one in the editor.
    pub failed: bool,
    /// Bumped by every edit; the app analyses when it stops changing.
    pub edits: u64,
    /// Bumped by every analysis; the share link follows it.
    pub analyses: u64,
    pub pending: bool,
    /// The action line whose explanation is shown, by index in `report.actions`.
    pub selected: Option<usize>,
    pub sort: Option<(Column, bool)>,
    pub role_filter: Option<RoleKind>,
    /// `allowed`, `denied`, `conditional`, `no-policy` or `none` (undecided).
    pub decision_filter: Option<String>,
    pub theme: Theme,
    pub jump: Option<Jump>,
    /// A message about the page itself, such as a damaged share link.
    pub notice: Option<String>,
}

pub enum Action {
    Edit(InputName, String),
    Analyse,
    LoadExample(Example),
    LoadShared(Shared),
    SelectTab(InputName),
    SelectView(View),
    Select(Option<usize>),
    SortBy(Column),
    FilterRole(Option<RoleKind>),
    FilterDecision(Option<String>),
    JumpTo(Location),
    SetTheme(Theme),
    Notice(Option<String>),
}

impl State {
    #[must_use]
    pub fn new(example: Example) -> Self {
        let mut state = Self {
            engine: Engine::default(),
            example: "",
            texts: Texts::default(),
            tab: InputName::TaskDefinition,
            view: View::Table,
            report: None,
            diagnostics: Vec::new(),
            failed: false,
            edits: 0,
            analyses: 0,
            pending: false,
            selected: None,
            sort: None,
            role_filter: None,
            decision_filter: None,
            theme: Theme::Light,
            jump: None,
            notice: None,
        };
        state.load_example(example);
        state
    }

    fn load_example(&mut self, example: Example) {
        self.example = example.id;
        self.texts = Texts {
            task_definition: example.task_definition.to_owned(),
            service: example.service.unwrap_or_default().to_owned(),
            roles: example.roles.unwrap_or_default().to_owned(),
            app_actions: example.app_actions.unwrap_or_default().to_owned(),
        };
        self.report = None;
        self.analyse();
    }

    fn analyse(&mut self) {
        let optional = |t: &str| (!t.trim().is_empty()).then(|| t.to_owned());
        let input = Input {
            task_definition: self.texts.task_definition.clone(),
            service: optional(&self.texts.service),
            roles: optional(&self.texts.roles),
            app_actions: optional(&self.texts.app_actions),
        };
        browser::mark("rolecall:analyze-start");
        let answer = self.engine.analyze(&input);
        browser::measure("rolecall:analyze", "rolecall:analyze-start");
        match answer {
            Answer::Success {
                report,
                diagnostics,
            } => {
                if self.report.as_ref().map(|r| r.actions.len()) != Some(report.actions.len()) {
                    self.selected = None;
                }
                self.report = Some(Rc::new(report));
                self.diagnostics = diagnostics;
                self.failed = false;
            }
            Answer::Failure { diagnostics } => {
                self.diagnostics = diagnostics;
                self.failed = true;
            }
        }
        self.pending = false;
        self.analyses += 1;
    }

    /// Whether the report shown is from an earlier version of the task definition.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.failed && self.report.is_some()
    }

    /// The diagnostics that point into one input.
    pub fn diagnostics_of(&self, input: InputName) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| {
            d.location
                .map_or(input == InputName::TaskDefinition, |l| l.input == input)
        })
    }

    /// What a share link of this state carries.
    #[must_use]
    pub fn shared(&self) -> Shared {
        Shared {
            task_definition: self.texts.task_definition.clone(),
            service: self.texts.service.clone(),
            roles: self.texts.roles.clone(),
            app_actions: self.texts.app_actions.clone(),
            tab: (self.tab != InputName::TaskDefinition).then(|| input_key(self.tab).to_owned()),
            view: self.view.key().map(str::to_owned),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(input, text) => {
                if text == self.texts.get(input) {
                    return self;
                }
                *next.texts.slot(input) = text;
                next.edits += 1;
                next.pending = true;
            }
            Action::Analyse => {
                if !self.pending {
                    return self;
                }
                next.analyse();
            }
            Action::LoadExample(example) => {
                next.load_example(example);
                next.notice = None;
                next.selected = None;
            }
            Action::LoadShared(shared) => {
                next.example = "";
                next.texts = Texts {
                    task_definition: shared.task_definition,
                    service: shared.service,
                    roles: shared.roles,
                    app_actions: shared.app_actions,
                };
                next.tab = INPUTS
                    .into_iter()
                    .find(|i| shared.tab.as_deref() == Some(input_key(*i)))
                    .unwrap_or(InputName::TaskDefinition);
                next.view = [View::Map, View::Policies]
                    .into_iter()
                    .find(|v| shared.view.as_deref() == v.key())
                    .unwrap_or(View::Table);
                next.report = None;
                next.analyse();
            }
            Action::SelectTab(tab) => {
                next.tab = tab;
                next.jump = None;
            }
            Action::SelectView(view) => next.view = view,
            Action::Select(line) => next.selected = line,
            Action::SortBy(column) => {
                next.sort = match self.sort {
                    Some((c, ascending)) if c == column => Some((c, !ascending)),
                    _ => Some((column, true)),
                };
            }
            Action::FilterRole(role) => next.role_filter = role,
            Action::FilterDecision(decision) => next.decision_filter = decision,
            Action::JumpTo(location) => {
                next.tab = location.input;
                next.jump = Some(Jump {
                    location,
                    serial: self.jump.map_or(1, |j| j.serial + 1),
                });
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::Notice(notice) => next.notice = notice,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "a test fails by panicking"
    )]
    use super::*;
    use crate::examples::{DEFAULT, EXAMPLES};

    #[test]
    fn default_example_is_analysed() {
        let state = State::new(DEFAULT);
        assert!(state.diagnostics.is_empty(), "{:#?}", state.diagnostics);
        assert!(!state.report.unwrap().actions.is_empty());
    }

    #[test]
    fn typing_is_analysed_only_when_asked() {
        let state = Rc::new(State::new(DEFAULT));
        let before = state.report.clone();
        let broken = DEFAULT.task_definition.replacen("\"family\"", "family", 1);
        let state = state.reduce(Action::Edit(InputName::TaskDefinition, broken));
        assert!(state.pending);
        assert_eq!(state.report, before);
        assert!(state.diagnostics.is_empty());
        let state = state.reduce(Action::Analyse);
        assert!(state.is_stale());
        assert_eq!(state.report, before);
        let location = state.diagnostics[0].location.unwrap();
        assert_eq!((location.line, location.column), (2, 3));
        assert_eq!(state.diagnostics_of(InputName::TaskDefinition).count(), 1);
        assert_eq!(state.diagnostics_of(InputName::Roles).count(), 0);
    }

    #[test]
    fn errors_in_other_inputs_are_theirs() {
        let state = Rc::new(State::new(DEFAULT));
        let state = state
            .reduce(Action::Edit(InputName::Roles, "{\"roles\": ".into()))
            .reduce(Action::Analyse);
        assert!(!state.is_stale());
        assert_eq!(state.diagnostics_of(InputName::Roles).count(), 1);
        assert_eq!(state.diagnostics_of(InputName::TaskDefinition).count(), 0);
    }

    #[test]
    fn loading_an_example_replaces_every_input() {
        let state = Rc::new(State::new(DEFAULT));
        let other = EXAMPLES[1];
        let state = state.reduce(Action::LoadExample(other));
        assert_eq!(state.texts.task_definition, other.task_definition);
        assert_eq!(state.texts.roles, other.roles.unwrap_or_default());
        assert_eq!(state.example, other.id);
        assert!(!state.is_stale());
    }

    #[test]
    fn a_shared_state_round_trips() {
        let state = Rc::new(State::new(DEFAULT))
            .reduce(Action::SelectTab(InputName::Roles))
            .reduce(Action::SelectView(View::Map));
        let shared = state.shared();
        let loaded = Rc::new(State::new(EXAMPLES[1])).reduce(Action::LoadShared(shared.clone()));
        assert_eq!(loaded.shared(), shared);
        assert_eq!(loaded.report, state.report);
        let policies = loaded.reduce(Action::SelectView(View::Policies)).shared();
        assert_eq!(policies.view.as_deref(), Some("policies"));
        let loaded = Rc::new(State::new(DEFAULT)).reduce(Action::LoadShared(policies));
        assert_eq!(loaded.view, View::Policies);
    }

    #[test]
    fn sorting_toggles_direction() {
        let state = Rc::new(State::new(DEFAULT)).reduce(Action::SortBy(Column::Action));
        assert_eq!(state.sort, Some((Column::Action, true)));
        let state = state.reduce(Action::SortBy(Column::Action));
        assert_eq!(state.sort, Some((Column::Action, false)));
    }

    #[test]
    fn jumping_switches_to_the_input() {
        let state = Rc::new(State::new(DEFAULT));
        let location = Location {
            input: InputName::Roles,
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 2,
            offset: 0,
            length: 1,
        };
        let state = state.reduce(Action::JumpTo(location));
        assert_eq!(state.tab, InputName::Roles);
        let serial = state.jump.unwrap().serial;
        let state = state.reduce(Action::JumpTo(location));
        assert_eq!(state.jump.unwrap().serial, serial + 1);
    }
}
