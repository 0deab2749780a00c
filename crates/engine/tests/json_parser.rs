//! Property tests of the JSON parser (`input::json`) against serde_json: every value serde_json
//! writes is read back as the same tree, with spans that slice back to its text; and short
//! texts, valid or not, are accepted exactly when serde_json accepts them, up to the
//! differences listed at [`json_acceptance_agrees_with_serde_json`].

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use proptest::prelude::*;
use rolecall_engine::input::json;
use rolecall_engine::input::node::{Node, NodeKind};
use serde_json::{Map, Number, Value};

/// Strings with what a JSON writer must escape (quotes, backslashes, control characters) and
/// what it need not (non-ASCII, U+2028, characters beyond U+FFFF).
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9:/*?_-]{0,12}",
        "[\"\\\\/\\x00-\\x1f\\x7f é€\u{2028}\u{1f600}a]{0,8}",
        any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        (-1e-300..1e300f64).prop_filter_map("finite", Number::from_f64),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((string(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// `text` without the whitespace between its tokens: what compact writing gives.
fn minify(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if matches!(c, ' ' | '\n' | '\r' | '\t') {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

/// Checks that `node` is `value`, and that each span slices out the text written for the
/// value it belongs to (less the whitespace of pretty writing), and each key span its key.
fn check(node: &Node, value: &Value, text: &str) -> Result<(), TestCaseError> {
    let slice = &text[node.span.start..node.span.end];
    prop_assert_eq!(minify(slice), serde_json::to_string(value).unwrap());
    match (&node.kind, value) {
        (NodeKind::Null, Value::Null) => {}
        (NodeKind::Bool(a), Value::Bool(b)) => prop_assert_eq!(a, b),
        // The number as written.
        (NodeKind::Number(a), Value::Number(b)) => prop_assert_eq!(a, &b.to_string()),
        (NodeKind::String(a), Value::String(b)) => prop_assert_eq!(a, b),
        (NodeKind::Array(items), Value::Array(values)) => {
            prop_assert_eq!(items.len(), values.len());
            for (item, value) in items.iter().zip(values) {
                check(item, value, text)?;
            }
        }
        (NodeKind::Object(members), Value::Object(map)) => {
            prop_assert_eq!(members.len(), map.len());
            for (member, (key, value)) in members.iter().zip(map) {
                prop_assert_eq!(&member.key, key);
                let key_text = &text[member.key_span.start..member.key_span.end];
                prop_assert_eq!(
                    serde_json::from_str::<String>(key_text).unwrap(),
                    key.clone()
                );
                check(&member.value, value, text)?;
            }
        }
        (kind, value) => prop_assert!(false, "{kind:?} read for {value}"),
    }
    Ok(())
}

/// Pieces of JSON and of what people write instead of it, for texts that are often nearly
/// valid: the interesting cases for error handling.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\t",
    "\r",
    "\"a\"",
    "\"b\"",
    "\"\"",
    "\"é\"",
    "\"\\n\"",
    "\"\\u00e9\"",
    "\"\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\q\"",
    "\"a\tb\"",
    "\"\u{1}\"",
    "\"\\u12\"",
    "\"",
    "\\",
    "0",
    "1",
    "-0",
    "-1",
    "12",
    "0.5",
    "1e5",
    "1E+2",
    "-1.5e-3",
    "01",
    "1.",
    ".5",
    "+1",
    "-",
    "0x1F",
    "1e",
    "NaN",
    "Infinity",
    "true",
    "false",
    "null",
    "nul",
    "tru",
    "True",
    "a",
    "'a'",
    "/",
    "//",
    "/*",
    "*/",
    "\u{a0}",
    "\u{feff}",
    "\u{b}",
    "\u{0}",
    "é",
];

fn near_json() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(TOKENS), 0..14).prop_map(|t| t.concat()),
        "[\\[\\]{}\",:0-9eE.+\\- \\ntrufalsn\\\\/a]{0,16}",
        any::<String>(),
    ]
}

/// Whether serde_json reads `text` as one value, and why not if it does not.
fn serde_reads(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<Value>(text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any value serde_json writes, compact or pretty, is read back as the same tree.
    #[test]
    fn json_written_by_serde_json_reads_back(value in value()) {
        let compact = serde_json::to_string(&value).unwrap();
        let node = json::parse(&compact).unwrap();
        check(&node, &value, &compact)?;
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let node = json::parse(&pretty).unwrap();
        check(&node, &value, &pretty)?;
    }

    /// Short texts are accepted exactly when serde_json accepts them, with two differences,
    /// both on purpose:
    /// - a key twice in one object: serde_json keeps the last, we refuse it (AWS's choice is
    ///   not documented), so when we refuse a text for that alone, serde_json must accept it;
    /// - a number beyond `f64`'s range (`1e999`): serde_json refuses it, we keep numbers as
    ///   written (a policy's number is compared as text), so we accept it.
    ///
    /// serde_json's nesting limit (128) is never reached by texts this short. Where we refuse,
    /// the error's span must lie within the text, on character boundaries.
    #[test]
    fn json_acceptance_agrees_with_serde_json(text in near_json()) {
        let ours = json::parse(&text);
        let theirs = serde_reads(&text);
        match (&ours, &theirs) {
            (Ok(_), Ok(_)) => {}
            (Err(e), _) if e.message.contains("appears twice") => {
                prop_assert!(theirs.is_ok(), "{text:?}: {e:?}, serde_json: {theirs:?}");
            }
            (Ok(_), Err(e)) => {
                prop_assert!(e.to_string().contains("number out of range"), "{text:?}: serde_json: {e}");
            }
            (Err(e), Ok(_)) => prop_assert!(false, "{text:?}: we refuse ({e:?}), serde_json accepts"),
            (Err(_), Err(_)) => {}
        }
        if let Err(e) = &ours {
            prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "{text:?}: {e:?}");
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            prop_assert!(!e.message.is_empty());
        }
    }
}

/// The differences above, by example: and nothing else differs on these classic cases.
#[test]
fn the_differences_with_serde_json_are_these() {
    assert!(serde_reads(r#"{"a": 1, "a": 2}"#).is_ok());
    assert!(json::parse(r#"{"a": 1, "a": 2}"#).is_err());
    assert!(serde_reads("[1e999]").is_err());
    assert_eq!(
        json::parse("[1e999]").unwrap().as_array().unwrap()[0].kind,
        NodeKind::Number("1e999".into())
    );
    for text in [
        "[01]",
        "[1.]",
        "[.5]",
        "[+1]",
        "[0x1]",
        "[NaN]",
        "[\"\\ud800\"]",
        "[\"\\udc00\"]",
        "[\"a\u{1}\"]",
        "[1,]",
        "{\"a\":1,}",
        "\u{feff}[]",
        "[\u{a0}]",
        "[] []",
        "",
        "'a'",
    ] {
        assert!(serde_reads(text).is_err(), "serde_json accepts {text:?}");
        assert!(json::parse(text).is_err(), "we accept {text:?}");
    }
}
