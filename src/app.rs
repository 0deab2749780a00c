//! The page: inputs on the left, what the engine found on the right; or, with `?embed=1`, the
//! compact embed view. Owns the effects: debounced analysis, the share fragment, the theme.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::browser;
use crate::components::about::About;
use crate::components::embed::Embed;
use crate::components::example_picker::ExamplePicker;
use crate::components::input_tabs::InputTabs;
use crate::components::results::Results;
use crate::components::share_bar::ShareBar;
use crate::examples::{DEFAULT, Example};
use crate::share;
use crate::state::{Action, State, Theme};

/// How long typing must pause before the inputs are analysed again.
const DEBOUNCE_MS: u32 = 150;

/// The state the page opens with: the share link in the fragment, else the default example.
fn initial() -> State {
    let mut state = State::new(DEFAULT);
    browser::mark("rolecall:share-decode-start");
    let shared = share::decode(&browser::fragment());
    browser::measure("rolecall:share-decode", "rolecall:share-decode-start");
    match shared {
        Ok(Some(shared)) => {
            state = (*yew::Reducible::reduce(std::rc::Rc::new(state), Action::LoadShared(shared)))
                .clone();
        }
        Ok(None) => {}
        Err(e) => {
            state.notice = Some(format!("{e}. The default example is shown instead."));
        }
    }
    state.theme = if browser::prefers_dark() {
        Theme::Dark
    } else {
        Theme::Light
    };
    state
}

#[component]
pub fn App() -> Html {
    let embed = use_state(browser::is_embed);
    let state = use_reducer(initial);
    let dispatch = {
        let state = state.dispatcher();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    {
        // A new edit drops the previous timer: analysis runs once typing pauses.
        let dispatch = dispatch.clone();
        use_effect_with(state.edits, move |_| {
            let timer = Timeout::new(DEBOUNCE_MS, move || dispatch.emit(Action::Analyse));
            move || drop(timer)
        });
    }
    // The share link follows each analysis, tab and view. The browser deflates it, which is
    // asynchronous: only the newest request may set the link, whatever order they finish in.
    let fragment = use_state(String::new);
    let latest = use_mut_ref(|| 0_u64);
    {
        let (state, fragment, latest) = (state.clone(), fragment.clone(), latest.clone());
        let embed = *embed;
        use_effect_with((state.analyses, state.tab, state.view), move |_| {
            let json = state.shared().to_json();
            let request = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            wasm_bindgen_futures::spawn_local(async move {
                browser::mark("rolecall:share-encode-start");
                let Some(deflated) = browser::deflate_raw(json.as_bytes()).await else {
                    return;
                };
                if *latest.borrow() != request {
                    return;
                }
                let link = share::link(&deflated);
                browser::measure("rolecall:share-encode", "rolecall:share-encode-start");
                if !embed {
                    browser::replace_fragment(&link);
                }
                fragment.set(link);
            });
        });
    }
    use_effect_with(state.theme, |theme| browser::apply_theme(*theme));
    let fragment = AttrValue::from((*fragment).clone());
    let notice = state.notice.clone().map(AttrValue::from);
    if *embed {
        return html! { <Embed report={state.report.clone()} {fragment} {notice} /> };
    }
    let on_example = dispatch.reform(|example: Example| Action::LoadExample(example));
    let on_theme = {
        let next = match state.theme {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        };
        dispatch.reform(move |_: MouseEvent| Action::SetTheme(next))
    };
    let dark = state.theme == Theme::Dark;
    let format = state
        .report
        .as_ref()
        .filter(|_| !state.failed)
        .map(|r| AttrValue::from(r.task_definition.format.clone()));
    let stale = state.is_stale();
    html! {
        <div class="page">
            <header class="topbar">
                <h1>{ "rolecall" }</h1>
                <p class="tagline">{ "Which IAM role does what in Amazon ECS" }</p>
                <ExamplePicker current={state.example} on_pick={on_example} />
                <ShareBar fragment={fragment.clone()} />
                <button type="button" class="theme-toggle" aria-pressed={dark.to_string()} onclick={on_theme}>
                    { "Dark theme" }
                </button>
                <span class="version" title="engine version">{ format!("engine {}", rolecall_engine::VERSION) }</span>
            </header>
            if let Some(notice) = &notice {
                <div class="notice" role="alert">
                    { notice }
                    <button type="button" class="close" aria-label="Dismiss"
                        onclick={dispatch.reform(|_: MouseEvent| Action::Notice(None))}>{ "×" }</button>
                </div>
            }
            <main class="workspace">
                <section class="inputs" aria-label="Inputs">
                    <InputTabs
                        texts={state.texts.clone()}
                        tab={state.tab}
                        diagnostics={state.diagnostics.clone()}
                        {format}
                        jump={state.jump}
                        on_tab={dispatch.reform(Action::SelectTab)}
                        on_edit={dispatch.reform(|(input, text)| Action::Edit(input, text))}
                    />
                    <About version={rolecall_engine::VERSION} />
                </section>
                <section class={classes!("results", stale.then_some("stale"))} aria-label="Analysis">
                    if stale {
                        <p class="stale-note" role="status">{ "Showing the last analysis that worked; fix the task definition to update it." }</p>
                    }
                    <Results state={state.clone()} dispatch={dispatch.clone()} />
                </section>
            </main>
        </div>
    }
}
