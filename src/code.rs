//! Text helpers for the editors: a light JSON/YAML highlighter, a JSON pretty-printer that keeps
//! key order and number spelling, and line arithmetic. Pure, tested natively.

/// What a piece of a line is, as a CSS class (`tok-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Comment,
    Plain,
}

impl Token {
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Self::Key => "tok-key",
            Self::String => "tok-str",
            Self::Number => "tok-num",
            Self::Literal => "tok-lit",
            Self::Punctuation => "tok-punct",
            Self::Comment => "tok-comment",
            Self::Plain => "",
        }
    }
}

/// Splits one line into tokens. JSON strings never span lines and YAML is line based, so
/// highlighting line by line is exact enough and cheap.
#[must_use]
pub fn tokenize(line: &str) -> Vec<(Token, &str)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let (token, len) = match c {
            '"' | '\'' => (Token::String, quoted_len(rest, c)),
            '#' if out
                .last()
                .is_none_or(|(_, t): &(Token, &str)| t.ends_with(' ')) =>
            {
                (Token::Comment, rest.len())
            }
            '{' | '}' | '[' | ']' | ',' | ':' => (Token::Punctuation, 1),
            c if c.is_whitespace() => (
                Token::Plain,
                rest.find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len()),
            ),
            _ => {
                let len = word_len(rest);
                let word = rest.get(..len).unwrap_or(rest);
                let token = if matches!(word, "true" | "false" | "null") {
                    Token::Literal
                } else if word.parse::<f64>().is_ok() {
                    Token::Number
                } else {
                    Token::Plain
                };
                (token, len.max(c.len_utf8()))
            }
        };
        let (piece, tail) = rest.split_at(len.min(rest.len()));
        // A string or bare word followed by `:` is a key (JSON and YAML alike).
        let token = if matches!(token, Token::String | Token::Plain)
            && !piece.trim().is_empty()
            && tail.trim_start().starts_with(':')
        {
            Token::Key
        } else {
            token
        };
        out.push((token, piece));
        rest = tail;
    }
    out
}

/// A bare word ends at whitespace, JSON punctuation, or a `:` that ends a YAML key (so
/// `AWS::ECS::TaskDefinition` and ARNs stay whole).
fn word_len(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let key_end = c == ':' && chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if c.is_whitespace() || ",{}[]\"".contains(c) || key_end {
            return i;
        }
    }
    text.len()
}

fn quoted_len(text: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return i + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// Pretty-prints valid JSON with two-space indents, keeping key order and number spelling;
/// `None` when the text is not JSON.
#[must_use]
pub fn format_json(text: &str) -> Option<String> {
    rolecall_engine::input::json::parse(text).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    out.push(c);
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|&n| n == '}' || n == ']') {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    Some(out)
}

/// The UTF-16 range (what a textarea's selection counts) of a 1-based line, without its newline.
#[must_use]
pub fn line_range_utf16(text: &str, line: usize) -> (u32, u32) {
    let mut start = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = u32::try_from(l.encode_utf16().count()).unwrap_or(u32::MAX);
        if i + 1 == line {
            return (start, start.saturating_add(len));
        }
        start = start.saturating_add(len).saturating_add(1);
    }
    (start, start)
}

/// An ARN in pieces that each end at a `:` or `/`: where a long ARN may break across lines.
#[must_use]
pub fn arn_pieces(arn: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = arn;
    while let Some(at) = rest.find([':', '/']) {
        let (piece, tail) = rest.split_at(at + 1);
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// At most `max` characters, an ellipsis in the middle when cut: the account and the name at
/// the end of an ARN say more than its middle.
#[must_use]
pub fn shorten_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max || max < 5 {
        return text.to_owned();
    }
    let head = (max - 1) * 2 / 5;
    let tail = max - 1 - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]
    use super::*;

    fn classes(line: &str) -> Vec<(Token, &str)> {
        tokenize(line)
            .into_iter()
            .filter(|(t, _)| *t != Token::Plain)
            .collect()
    }

    #[test]
    fn highlights_json() {
        assert_eq!(
            classes(r#"  "cpu": "512", "n": 3, "x": [true, null]"#),
            vec![
                (Token::Key, "\"cpu\""),
                (Token::Punctuation, ":"),
                (Token::String, "\"512\""),
                (Token::Punctuation, ","),
                (Token::Key, "\"n\""),
                (Token::Punctuation, ":"),
                (Token::Number, "3"),
                (Token::Punctuation, ","),
                (Token::Key, "\"x\""),
                (Token::Punctuation, ":"),
                (Token::Punctuation, "["),
                (Token::Literal, "true"),
                (Token::Punctuation, ","),
                (Token::Literal, "null"),
                (Token::Punctuation, "]"),
            ]
        );
        assert_eq!(classes(r#""a\"b""#), vec![(Token::String, r#""a\"b""#)]);
    }

    #[test]
    fn highlights_yaml() {
        assert_eq!(
            classes("  Type: AWS::ECS::TaskDefinition # the task"),
            vec![
                (Token::Key, "Type"),
                (Token::Punctuation, ":"),
                (Token::Comment, "# the task"),
            ]
        );
        assert_eq!(
            tokenize("x: AWS::ECS::TaskDefinition").last(),
            Some(&(Token::Plain, "AWS::ECS::TaskDefinition"))
        );
        let all: String = tokenize("a: 'b' # c ü").iter().map(|(_, s)| *s).collect();
        assert_eq!(all, "a: 'b' # c ü");
    }

    #[test]
    fn formats_json_keeping_order() {
        let text = r#"{"b":1.50,"a":[],"c":{"d":"x,y:{"},"e":[1, 2]}"#;
        assert_eq!(
            format_json(text).unwrap(),
            "{\n  \"b\": 1.50,\n  \"a\": [],\n  \"c\": {\n    \"d\": \"x,y:{\"\n  },\n  \"e\": [\n    1,\n    2\n  ]\n}\n"
        );
        assert_eq!(format_json("{\"a\": }"), None);
        assert_eq!(format_json("a: b"), None);
    }

    #[test]
    fn finds_line_ranges_in_utf16() {
        let text = "ab\n€😀x\nlast";
        assert_eq!(line_range_utf16(text, 1), (0, 2));
        assert_eq!(line_range_utf16(text, 2), (3, 7));
        assert_eq!(line_range_utf16(text, 3), (8, 12));
    }

    #[test]
    fn splits_arns_after_separators() {
        assert_eq!(
            arn_pieces("arn:aws:s3:::b/k-1"),
            vec!["arn:", "aws:", "s3:", ":", ":", "b/", "k-1"]
        );
        assert_eq!(arn_pieces("*"), vec!["*"]);
        assert_eq!(arn_pieces(""), vec![""]);
        assert_eq!(arn_pieces("a/").concat(), "a/");
    }

    #[test]
    fn shortens_in_the_middle() {
        assert_eq!(shorten_middle("short", 10), "short");
        let long = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:*";
        let short = shorten_middle(long, 30);
        assert_eq!(short.chars().count(), 30);
        assert!(short.starts_with("arn:aws:log"), "{short}");
        assert!(short.ends_with("/ecs/web:*"), "{short}");
        assert!(short.contains('…'));
    }
}
