//! The few things the page asks of the browser: the URL, the colour scheme, the clipboard,
//! files. Each fails quietly: the page works without them.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use crate::state::Theme;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The URL fragment, with its `#`.
#[must_use]
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without a navigation or a history entry.
pub fn replace_fragment(fragment: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Whether the page was opened as an embed (`?embed=1`).
#[must_use]
pub fn is_embed() -> bool {
    has_query_flag("embed")
}

/// Whether the query string holds `name` or `name=1`.
#[must_use]
pub fn has_query_flag(name: &str) -> bool {
    window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| {
            s.trim_start_matches('?')
                .split('&')
                .any(|p| p == name || p.strip_prefix(name) == Some("=1"))
        })
}

/// The page's address without query or fragment.
#[must_use]
pub fn page_url() -> String {
    window()
        .map(|w| w.location())
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default()
}

#[must_use]
pub fn prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Themes the whole document, so the page background follows too.
pub fn apply_theme(theme: Theme) {
    let root = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let name = match theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        let _ = root.set_attribute("data-theme", name);
    }
}

/// Copies text; `done` hears whether it worked.
pub fn copy(text: String, done: Callback<bool>) {
    let Some(clipboard) = window().map(|w| w.navigator().clipboard()) else {
        done.emit(false);
        return;
    };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        done.emit(JsFuture::from(promise).await.is_ok());
    });
}

/// Reads a file the user opened or dropped as text.
pub fn read_file(file: web_sys::File, done: Callback<String>) {
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(text) = JsFuture::from(promise).await
            && let Some(text) = text.as_string()
        {
            done.emit(text);
        }
    });
}

// `CompressionStream` is among web-sys's unstable APIs; the two members used here have been in
// every major browser since 2023.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    /// A `ReadableStream`, seen through the one method used here.
    type Stream;
    /// A `CompressionStream` is a readable/writable pair, as `pipeThrough` takes.
    #[wasm_bindgen(method, js_name = pipeThrough)]
    fn pipe_through(this: &Stream, transform: &CompressionStream) -> Stream;
}

/// `bytes` compressed as raw DEFLATE by the browser (`CompressionStream("deflate-raw")`);
/// `None` if the browser refuses.
pub async fn deflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::{Array, Uint8Array};
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let compressor = CompressionStream::new("deflate-raw").ok()?;
    let stream: Stream = blob.stream().unchecked_into();
    let compressed: web_sys::ReadableStream = stream.pipe_through(&compressor).unchecked_into();
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Marks a moment on the page's performance timeline (`performance.mark`), where
/// `bench/page.mjs` reads it. Nothing on the native target, where the tests run.
///
/// The page writes: the mark `rolecall:start` (the wasm is instantiated, the app starts), the
/// measures `rolecall:analyze` (each engine call), `rolecall:share-encode` and
/// `rolecall:share-decode` (each share link written and read), and the mark
/// `rolecall:analysis-rendered` (an analysis is in the DOM and painted, see [`FrameWatch`]).
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Records the time from the last mark `start` until now as the measure `name`
/// (`performance.measure`).
pub fn measure(name: &str, start: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, start);
}

/// Tells whether the browser has painted a render yet. Started while rendering, it asks for the
/// next animation frame: the frame that lays out and paints what the render puts in the DOM.
/// Yew runs a component's effects after that frame when the render took long enough for its
/// scheduler to yield first (16 ms), and before it otherwise; [`FrameWatch::then`] waits for the
/// frame in the second case only.
#[derive(Default)]
pub struct FrameWatch {
    begun: Rc<Cell<bool>>,
    /// What [`FrameWatch::then`] was asked to run before the frame began.
    waiting: Rc<Cell<Option<Task>>>,
}

type Task = Box<dyn FnOnce()>;

impl FrameWatch {
    /// Call while rendering. On the native target, where nothing is painted, the frame counts as
    /// begun.
    #[must_use]
    pub fn start() -> Self {
        let watch = Self::default();
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let (begun, waiting) = (watch.begun.clone(), watch.waiting.clone());
            // The frame's task runs its animation frame callbacks, then lays out and paints: once
            // this callback has run, any later task comes after the paint.
            let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
                begun.set(true);
                if let Some(f) = waiting.take() {
                    gloo_timers::callback::Timeout::new(0, f).forget();
                }
            });
            if window()
                .and_then(|w| w.request_animation_frame(frame.unchecked_ref()).ok())
                .is_none()
            {
                watch.begun.set(true);
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        watch.begun.set(true);
        watch
    }

    /// Runs `f` once the render is painted: now if its frame has been, else in a task after it.
    pub fn then(&self, f: impl FnOnce() + 'static) {
        if self.begun.get() {
            f();
        } else {
            self.waiting.set(Some(Box::new(f)));
        }
    }
}
