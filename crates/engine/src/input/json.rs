//! Strict JSON into a [`Node`] tree with byte spans.
//!
//! AWS accepts only strict JSON, so comments, trailing commas and the other JSON5 liberties are
//! errors here too, each reported at its line and column.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::node::{Member, Node, NodeKind};
use crate::diagnostic::Span;

/// A JSON text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct JsonError {
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
}

const STRICT: ParseOptions = ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// Parses `text` as one strict JSON value.
///
/// # Errors
/// The first syntax error, with its span and a hint where one helps.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let collect = CollectOptions {
        comments: jsonc_parser::CommentCollectionStrategy::Off,
        tokens: false,
    };
    let result = parse_to_ast(text, &collect, &STRICT).map_err(|e| {
        let range = e.range();
        let (message, help) = describe(e.kind());
        JsonError {
            message,
            help,
            span: Span::new(range.start, range.end),
        }
    })?;
    match result.value {
        Some(value) => {
            let node = convert(value);
            match first_duplicate_key(&node) {
                Some((key, span)) => Err(JsonError {
                    message: format!("the key `{key}` appears twice in this object"),
                    help: Some(
                        "keep one: AWS reads only one of them, and which one is not documented"
                            .into(),
                    ),
                    span,
                }),
                None => Ok(node),
            }
        }
        None => Err(JsonError {
            message: "the input is empty".into(),
            help: Some("paste a JSON document".into()),
            span: Span::new(0, text.len()),
        }),
    }
}

/// The second occurrence of a key within one object, anywhere in the tree.
fn first_duplicate_key(node: &Node) -> Option<(String, Span)> {
    match &node.kind {
        NodeKind::Object(members) => {
            for (i, m) in members.iter().enumerate() {
                if members.iter().take(i).any(|earlier| earlier.key == m.key) {
                    return Some((m.key.clone(), m.key_span));
                }
            }
            members.iter().find_map(|m| first_duplicate_key(&m.value))
        }
        NodeKind::Array(items) => items.iter().find_map(first_duplicate_key),
        _ => None,
    }
}

fn describe(kind: &ParseErrorKind) -> (String, Option<String>) {
    use ParseErrorKind as K;
    let help = match kind {
        K::CommentsNotAllowed => Some("JSON has no comments; AWS rejects them too: remove it"),
        K::TrailingCommasNotAllowed => Some("remove the comma after the last element"),
        K::ExpectedComma => Some("separate elements with `,`"),
        K::SingleQuotedStringsNotAllowed => Some("JSON strings use double quotes"),
        K::ExpectedStringObjectProperty | K::UnexpectedWord => {
            Some("property names and strings need double quotes")
        }
        K::UnterminatedObject => Some("a `}` is missing: the text may have been cut short"),
        K::UnterminatedArray => Some("a `]` is missing: the text may have been cut short"),
        K::MultipleRootJsonValues => Some("paste one JSON document at a time"),
        _ => None,
    };
    // The parser's messages are sentence-cased; ours are lowercase.
    let text = kind.to_string();
    let mut chars = text.chars();
    let message = chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    });
    (message, help.map(str::to_owned))
}

fn convert(value: Value<'_>) -> Node {
    let (span, kind) = match value {
        Value::NullKeyword(n) => (n.range, NodeKind::Null),
        Value::BooleanLit(b) => (b.range, NodeKind::Bool(b.value)),
        Value::NumberLit(n) => (n.range, NodeKind::Number(n.value.to_owned())),
        Value::StringLit(s) => (s.range, NodeKind::String(s.value.into_owned())),
        Value::Array(a) => (
            a.range,
            NodeKind::Array(a.elements.into_iter().map(convert).collect()),
        ),
        Value::Object(o) => (
            o.range,
            NodeKind::Object(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let (key, key_span) = match p.name {
                            ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                            ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                        };
                        Member {
                            key,
                            key_span: Span::new(key_span.start, key_span.end),
                            value: convert(p.value),
                        }
                    })
                    .collect(),
            ),
        ),
    };
    Node {
        span: Span::new(span.start, span.end),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"a": [1, "x"], "b": null}"#;
        let node = parse(text).unwrap();
        let a = node.member("a").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "\"a\"");
        let items = a.value.as_array().unwrap();
        assert_eq!(items[1].as_str(), Some("x"));
        assert_eq!(&text[items[1].span.start..items[1].span.end], "\"x\"");
        assert_eq!(node.get("b").unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let text = "{\n  \"family\": \"web\"\n  \"cpu\": \"256\"\n}";
        let err = parse(text).unwrap_err();
        let (line, column) = LineIndex::new(text).line_column(err.span.start);
        // Where the comma is missing: right after `"web"`.
        assert_eq!((line, column), (2, 18), "{err:?}");
        assert_eq!(err.message, "expected comma");
        assert_eq!(err.help.as_deref(), Some("separate elements with `,`"));
    }

    #[test]
    fn rejects_json5_liberties() {
        for text in ["{\"a\": 1,}", "// c\n{}", "{'a': 1}", "{a: 1}", "[+1]"] {
            assert!(parse(text).is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second() {
        let text = r#"{"a": {"x": 1, "y": 2, "x": 3}}"#;
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "the key `x` appears twice in this object");
        assert_eq!(&text[err.span.start..err.span.end], "\"x\"");
        assert_eq!(err.span.start, 23);
    }

    #[test]
    fn empty_and_truncated_inputs_are_errors() {
        assert_eq!(parse("  \n").unwrap_err().message, "the input is empty");
        let err = parse("{\"containerDefinitions\": [").unwrap_err();
        assert!(err.help.unwrap().contains("cut short"));
    }
}
