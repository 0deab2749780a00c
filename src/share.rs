//! Share links: the whole page state in the URL fragment, `#v1:` + base64url(deflate(JSON)).
//! Pure, so it is tested natively. Nothing leaves the browser: there is no server to go stale.
//!
//! Defaults are omitted (empty editors, the first tab and view), and everything is validated on
//! decode: the version, the sizes (a decompression bomb is refused while inflating) and the JSON.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rolecall_engine::input::json;
use rolecall_engine::input::node::NodeKind;

use crate::json_text::push_string;

/// What a link carries, as a JSON object whose field names are short (they are in every
/// link): `t`, `s`, `r`, `a` for the four editors, `tab` and `view`. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    /// Task definition.
    pub task_definition: String,
    pub service: String,
    pub roles: String,
    pub app_actions: String,
    /// The editor tab shown: `service`, `roles` or `appActions`; absent for the task definition.
    pub tab: Option<String>,
    /// The results view shown: `map` or `policies`; absent for the table.
    pub view: Option<String>,
}

impl Shared {
    /// The link's JSON: `{"t": …, …}` with the empty fields left out.
    #[must_use]
    pub fn to_json(&self) -> String {
        let fields = [
            ("t", Some(&self.task_definition)),
            ("s", Some(&self.service)),
            ("r", Some(&self.roles)),
            ("a", Some(&self.app_actions)),
            ("tab", self.tab.as_ref()),
            ("view", self.view.as_ref()),
        ];
        let mut out = String::from("{");
        for (name, value) in fields {
            let Some(value) = value.filter(|v| !v.is_empty() || name == "tab" || name == "view")
            else {
                continue;
            };
            if out.len() > 1 {
                out.push(',');
            }
            push_string(&mut out, name);
            out.push(':');
            push_string(&mut out, value);
        }
        out.push('}');
        out
    }

    /// Reads the link's JSON: an object of string fields, each known.
    ///
    /// # Errors
    /// What is wrong, for the message of [`ShareError::Json`].
    pub fn from_json(text: &str) -> Result<Self, String> {
        let root = json::parse(text).map_err(|e| e.message)?;
        let members = root
            .as_object()
            .ok_or_else(|| format!("expected an object, found {}", root.kind_name()))?;
        let mut shared = Self::default();
        for m in members {
            let NodeKind::String(value) = &m.value.kind else {
                return Err(format!(
                    "`{}` is {}, not a string",
                    m.key,
                    m.value.kind_name()
                ));
            };
            let value = value.clone();
            match m.key.as_str() {
                "t" => shared.task_definition = value,
                "s" => shared.service = value,
                "r" => shared.roles = value,
                "a" => shared.app_actions = value,
                "tab" => shared.tab = Some(value),
                "view" => shared.view = Some(value),
                other => return Err(format!("unknown field `{other}`")),
            }
        }
        Ok(shared)
    }
}

/// The fragment's prefix, without `#`.
pub const PREFIX: &str = "v1:";
/// Longest encoded fragment accepted.
pub const MAX_ENCODED: usize = 64 * 1024;
/// Largest inflated JSON accepted.
pub const MAX_INFLATED: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("this link was made by a newer or unknown version of rolecall (`{0}`)")]
    Version(String),
    #[error("this link is too long ({0} characters; at most 65536 are read)")]
    TooLong(usize),
    #[error("this link is damaged: it is not valid base64url (was it cut short?)")]
    Base64,
    #[error("this link is damaged: its compressed data is truncated or altered")]
    Inflate,
    #[error("this link expands to more than 5 MB and was refused")]
    TooLarge,
    #[error("this link is damaged: its content is not what rolecall writes ({0})")]
    Json(String),
}

/// `v1:…` for a state whose JSON ([`Shared::to_json`]) has been deflated (raw DEFLATE); prepend
/// `#` for a fragment. The page deflates with the browser's `CompressionStream`.
#[must_use]
pub fn link(deflated: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// `v1:…` for a state, deflated with miniz_oxide: for tests and the fuzz target, which run
/// natively (the page uses [`link`] and the browser's compressor, smaller to ship).
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn encode(shared: &Shared) -> String {
    link(&miniz_oxide::deflate::compress_to_vec(
        shared.to_json().as_bytes(),
        9,
    ))
}

/// Reads a fragment (with or without `#`). `Ok(None)` when there is no share link at all.
pub fn decode(fragment: &str) -> Result<Option<Shared>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    decode_link(fragment).map(Some)
}

/// [`decode`] of a fragment that is not empty. A function of its own, never inlined: every page
/// load calls `decode`, most without a link, and the browser compiles the whole of a function
/// on its first call (12 KB here, inflating and JSON included).
#[inline(never)]
fn decode_link(fragment: &str) -> Result<Shared, ShareError> {
    let Some(payload) = fragment.strip_prefix(PREFIX) else {
        let version = fragment.split(':').next().unwrap_or_default();
        return Err(ShareError::Version(version.chars().take(16).collect()));
    };
    if fragment.len() > MAX_ENCODED {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ShareError::Base64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Inflate,
        })?;
    let text = std::str::from_utf8(&json).map_err(|e| ShareError::Json(e.to_string()))?;
    Shared::from_json(text).map_err(ShareError::Json)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]
    use super::*;

    fn sample() -> Shared {
        Shared {
            task_definition: "{\"family\": \"web\"}".into(),
            roles: "{\"roles\": {}}".into(),
            tab: Some("roles".into()),
            view: Some("map".into()),
            ..Shared::default()
        }
    }

    #[test]
    fn round_trips() {
        let link = encode(&sample());
        assert!(link.starts_with("v1:"));
        assert!(!link.contains(['+', '/', '=']), "{link}");
        assert_eq!(decode(&format!("#{link}")).unwrap(), Some(sample()));
    }

    #[test]
    fn defaults_are_omitted() {
        let json = Shared {
            task_definition: "x".into(),
            ..Shared::default()
        }
        .to_json();
        assert_eq!(json, r#"{"t":"x"}"#);
    }

    #[test]
    fn no_fragment_is_no_link() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
    }

    #[test]
    fn refuses_other_versions() {
        assert_eq!(decode("#v2:abc"), Err(ShareError::Version("v2".into())));
        assert!(matches!(decode("#hello"), Err(ShareError::Version(_))));
    }

    #[test]
    fn refuses_truncated_and_tampered_links() {
        let link = encode(&sample());
        let cut = &link[..link.len() - 6];
        assert!(matches!(
            decode(cut),
            Err(ShareError::Inflate | ShareError::Json(_))
        ));
        assert_eq!(decode("v1:@@@"), Err(ShareError::Base64));
        let deflated = miniz_oxide::deflate::compress_to_vec(b"{\"t\": 3}", 9);
        let wrong = format!("v1:{}", URL_SAFE_NO_PAD.encode(deflated));
        assert!(matches!(decode(&wrong), Err(ShareError::Json(_))));
        let deflated = miniz_oxide::deflate::compress_to_vec(b"{\"zzz\": \"\"}", 9);
        let unknown = format!("v1:{}", URL_SAFE_NO_PAD.encode(deflated));
        assert!(matches!(decode(&unknown), Err(ShareError::Json(_))));
    }

    #[test]
    fn refuses_long_links_and_decompression_bombs() {
        let long = format!("v1:{}", "A".repeat(MAX_ENCODED));
        assert!(matches!(decode(&long), Err(ShareError::TooLong(_))));
        // 6 MB of spaces deflate to a few KB: a small link that would inflate too far.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 6 * 1024 * 1024], 9);
        let link = format!("v1:{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(link.len() < MAX_ENCODED, "{}", link.len());
        assert_eq!(decode(&link), Err(ShareError::TooLarge));
    }
}
