//! JSON text for the page, on the engine's own parser: reading a value into a
//! `serde_json::Value` and writing strings and scalars. The page needs no second JSON parser or
//! writer, which keeps serde_json's (some 7 KB gzipped) out of the bundle.

use rolecall_engine::input::json;
use rolecall_engine::input::node::{Node, NodeKind};
use serde_json::{Map, Value};

/// Parses strict JSON (duplicate keys are errors, as everywhere in rolecall).
///
/// # Errors
/// The parser's message when `text` is not one JSON value.
pub fn parse(text: &str) -> Result<Value, String> {
    json::parse(text)
        .map(|node| to_value(&node))
        .map_err(|e| e.message)
}

/// A node as a value; numbers that are neither an integer nor a finite float become null.
#[must_use]
pub fn to_value(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(n) => n
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| n.parse::<u64>().map(Value::from))
            .or_else(|_| n.parse::<f64>().map(Value::from))
            .unwrap_or(Value::Null),
        NodeKind::String(s) => Value::String(s.clone()),
        NodeKind::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        NodeKind::Object(members) => Value::Object(
            members
                .iter()
                .map(|m| (m.key.clone(), to_value(&m.value)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

/// Appends `text` as a JSON string literal.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a scalar (or an empty array or object) as JSON text.
pub fn push_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&f.to_string()),
            _ => out.push_str("null"),
        },
        Value::String(s) => push_string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]
    use super::*;

    #[test]
    fn strings_round_trip_through_the_parser() {
        for text in [
            "plain",
            "q\"uote",
            "back\\slash",
            "line\nbreak\ttab",
            "\u{1}ctl",
            "ünï ✓",
        ] {
            let mut out = String::new();
            push_string(&mut out, text);
            assert_eq!(parse(&out).unwrap(), Value::String(text.into()), "{out}");
        }
    }

    #[test]
    fn reads_values_and_refuses_what_is_not_json() {
        let v = parse(r#"{"a": [1, -2, 3.5, true, null, "x"]}"#).unwrap();
        assert_eq!(v["a"][2], Value::from(3.5));
        assert_eq!(v["a"][1], Value::from(-2));
        assert!(parse("{a: 1}").is_err());
        assert!(parse(r#"{"a": 1, "a": 2}"#).is_err());
    }
}
