//! Strict JSON into a [`Node`] tree with byte spans, in one pass.
//!
//! AWS accepts only strict JSON (RFC 8259), so comments, trailing commas and the other JSON5
//! liberties are errors here too, each reported at its line and column with a hint where one
//! helps.
//!
//! The parser is our own rather than a library's because it builds the [`Node`] tree directly:
//! a general parser builds its own syntax tree, which then has to be copied into `Node`, and
//! reading JSON was about half of `rolecall simulate`'s time. Each string is allocated once (a
//! string without escapes is copied from the text in one go), numbers are kept as written, and
//! no token is ever copied. It is also smaller in the page than the library it replaced.
//!
//! It is iterative: the open arrays and objects live on a stack of [`Frame`]s rather than on
//! the call stack, so no input can overflow the call stack, which is small in wasm. Nesting is
//! limited all the same ([`MAX_DEPTH`]), because the code that walks the tree afterwards (drop
//! included) recurses.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeSet;

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

/// How many arrays and objects may be open at once. The bracket that would open one more is an
/// error. No real document comes close; the limit keeps hostile input from overflowing the
/// recursion of the code that walks the tree.
pub const MAX_DEPTH: usize = 512;

/// Parses `text` as one strict JSON value.
///
/// # Errors
/// The first syntax error in the text, with its span and a hint where one helps. A text without
/// syntax errors can still be refused for a key that appears twice in one object: then the error
/// is at the second occurrence, in the first such object (in document order of the objects'
/// opening braces).
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let Scratch { items, members } = SCRATCH.with(Cell::take).unwrap_or_else(Scratch::new);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        duplicate: None,
        items,
        members,
    };
    let root = parser.document();
    let mut scratch = Scratch {
        items: parser.items,
        members: parser.members,
    };
    if scratch.reset() {
        SCRATCH.with(|cell| cell.set(Some(scratch)));
    }
    let root = root.map_err(|e| e.into_json_error())?;
    match parser.duplicate {
        Some(d) => Err(JsonError {
            message: format!("the key `{}` appears twice in this object", d.key),
            help: Some(
                "keep one: AWS reads only one of them, and which one is not documented".into(),
            ),
            span: d.span,
        }),
        None => Ok(root),
    }
}

/// The parser's scratch stacks (see [`Parser::items`]), kept from one parse to the next (one set
/// per thread): most texts are small, and growing these anew for each of them took about a
/// third of the time spent reading a simulation's JSON.
struct Scratch {
    items: Vec<Node>,
    members: Vec<Member>,
}

thread_local! {
    static SCRATCH: Cell<Option<Scratch>> = const { Cell::new(None) };
}

/// Scratch stacks that have grown past this many elements are freed rather than kept, so that
/// one huge text does not hold on to its memory (kept, they take at most some 150 KB).
const SCRATCH_KEPT: usize = 1024;

/// What sits at index 0 of the parser's scratch stacks (see [`Parser::items`]).
const PLACEHOLDER: Node = Node {
    span: Span { start: 0, end: 0 },
    kind: NodeKind::Null,
};

impl Scratch {
    fn new() -> Self {
        Self {
            items: vec![PLACEHOLDER],
            members: vec![Member {
                key: String::new(),
                key_span: Span::default(),
                value: PLACEHOLDER,
            }],
        }
    }

    /// Empties the stacks (an error leaves elements on them) down to their placeholders;
    /// whether they are small enough to keep.
    fn reset(&mut self) -> bool {
        self.items.truncate(1);
        self.members.truncate(1);
        self.items.capacity().max(self.members.capacity()) <= SCRATCH_KEPT
    }
}

/// What is wrong at a place of the text; [`describe`] words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Empty,
    Comment,
    TrailingComma,
    ExpectedComma,
    ExpectedColon,
    SingleQuotes,
    /// Something other than a double-quoted string where an object's member name should be.
    ExpectedPropertyName,
    /// A bracket, comma or colon where an object's member name or its end should be.
    UnexpectedTokenInObject,
    UnexpectedWord,
    UnexpectedCloseBrace,
    UnexpectedCloseBracket,
    UnexpectedComma,
    UnexpectedColon,
    UnexpectedCharacter(char),
    UnterminatedObject,
    UnterminatedArray,
    MultipleRoots,
    TooDeep,
    NonFinite,
    UnaryPlus,
    Hexadecimal,
    BareDecimalPoint,
    LeadingZero,
    ExpectedDigitAfterMinus,
    ExpectedExponent,
    ExpectedExponentDigit,
    UnterminatedString,
    /// A raw line break inside a string: most often a closing quote is missing.
    LineBreakInString,
    /// Another raw control character (U+0000 to U+001F) inside a string.
    ControlCharacter(char),
    InvalidEscape,
    ExpectedFourHexDigits,
    /// A `\u` escape of half a surrogate pair without its other half.
    UnpairedSurrogate(u32),
}

/// A problem and where it is. Kept small and without allocation, since every step of the
/// parser returns a `Result` with it; the words are only written in [`Error::into_json_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Error {
    problem: Problem,
    span: Span,
}

impl Error {
    fn new(problem: Problem, start: usize, end: usize) -> Self {
        Self {
            problem,
            span: Span::new(start, end),
        }
    }

    fn into_json_error(self) -> JsonError {
        let (message, help) = describe(self.problem);
        JsonError {
            message,
            help,
            span: self.span,
        }
    }
}

/// The message (lowercase, plain words) and the hint of a problem.
fn describe(problem: Problem) -> (String, Option<String>) {
    use Problem as P;
    let quotes = "property names and strings need double quotes";
    let (message, help): (&str, Option<&str>) = match problem {
        P::Empty => ("the input is empty", Some("paste a JSON document")),
        P::Comment => (
            "comments are not allowed",
            Some("JSON has no comments; AWS rejects them too: remove it"),
        ),
        P::TrailingComma => (
            "trailing commas are not allowed",
            Some("remove the comma after the last element"),
        ),
        P::ExpectedComma => ("expected comma", Some("separate elements with `,`")),
        P::ExpectedColon => (
            "expected colon after the property name",
            Some("separate a property name from its value with `:`"),
        ),
        P::SingleQuotes => (
            "single-quoted strings are not allowed",
            Some("JSON strings use double quotes"),
        ),
        P::ExpectedPropertyName => ("expected string for object property", Some(quotes)),
        P::UnexpectedTokenInObject => (
            "unexpected token in object",
            Some("an object holds `\"name\": value` pairs separated by `,`"),
        ),
        P::UnexpectedWord => ("unexpected word", Some(quotes)),
        P::UnexpectedCloseBrace => ("unexpected close brace", None),
        P::UnexpectedCloseBracket => ("unexpected close bracket", None),
        P::UnexpectedComma => ("unexpected comma", None),
        P::UnexpectedColon => ("unexpected colon", None),
        P::UnexpectedCharacter(c) => return unexpected_character(c),
        P::UnterminatedObject => (
            "unterminated object",
            Some("a `}` is missing: the text may have been cut short"),
        ),
        P::UnterminatedArray => (
            "unterminated array",
            Some("a `]` is missing: the text may have been cut short"),
        ),
        P::MultipleRoots => (
            "text cannot contain more than one JSON value",
            Some("paste one JSON document at a time"),
        ),
        P::TooDeep => (
            "maximum nesting depth exceeded",
            Some("arrays and objects may be nested at most 512 deep"),
        ),
        P::NonFinite => (
            "`NaN` and `Infinity` are not allowed",
            Some("JSON numbers are finite: write the number, or quote the value as a string"),
        ),
        P::UnaryPlus => (
            "unary plus on numbers is not allowed",
            Some("remove the `+`"),
        ),
        P::Hexadecimal => (
            "hexadecimal numbers are not allowed",
            Some("write the number in decimal"),
        ),
        P::BareDecimalPoint => (
            "leading or trailing decimal points on numbers are not allowed",
            Some("write `0.5` rather than `.5`, and `1` or `1.0` rather than `1.`"),
        ),
        P::LeadingZero => (
            "leading zeros on numbers are not allowed",
            Some("remove the leading zero, or quote the value if it is text"),
        ),
        P::ExpectedDigitAfterMinus => ("expected digit following negative sign", None),
        P::ExpectedExponent => ("expected plus, minus, or digit in number literal", None),
        P::ExpectedExponentDigit => ("expected digit", None),
        P::UnterminatedString => (
            "unterminated string literal",
            Some("a `\"` is missing: the text may have been cut short"),
        ),
        P::LineBreakInString => (
            "this string runs past the end of its line",
            Some(
                "close it with `\"` on the line where it starts; a line break inside a string \
                 is written `\\n`",
            ),
        ),
        P::ControlCharacter(c) => {
            let code = u32::from(c);
            let message = format!(
                "this string contains the control character U+{code:04X}, which must be escaped"
            );
            let help = if c == '\t' {
                "write a tab inside a string as `\\t`".to_owned()
            } else {
                format!("write it as `\\u{code:04x}`")
            };
            return (message, Some(help));
        }
        P::InvalidEscape => (
            "invalid escape",
            Some(
                "JSON's escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and \
                 `\\u` with four hex digits; write a backslash itself as `\\\\`",
            ),
        ),
        P::ExpectedFourHexDigits => (
            "expected four hex digits",
            Some("a `\\u` escape has four hexadecimal digits, as in `\\u00e9`"),
        ),
        P::UnpairedSurrogate(code) => {
            return (
                format!(
                    "invalid unicode escape `\\u{code:04x}`: half of a surrogate pair, without \
                     its other half"
                ),
                Some(
                    "a character beyond U+FFFF is written as two escapes, a high surrogate and \
                     then a low one, as in `\\ud83d\\ude00`"
                        .into(),
                ),
            );
        }
    };
    (message.to_owned(), help.map(str::to_owned))
}

/// The words for a character that cannot be where it is: invisible characters by their code
/// point, with a hint for the spaces that copying from web pages brings in.
fn unexpected_character(c: char) -> (String, Option<String>) {
    if c.is_whitespace() {
        (
            format!(
                "unexpected character U+{:04X}, a space JSON does not allow",
                u32::from(c)
            ),
            Some("JSON separates values with spaces, tabs and line breaks only: replace it".into()),
        )
    } else if c.is_control() || c == '\u{feff}' {
        (format!("unexpected character U+{:04X}", u32::from(c)), None)
    } else {
        (format!("unexpected character `{c}`"), None)
    }
}

/// From this many members on, an object's keys are also kept in a sorted set, so that finding a
/// duplicate stays logarithmic: comparing each key with every earlier one would let a hostile
/// object of some 400 000 keys (5 MB) take minutes. Below it, a linear scan of the keys is
/// faster.
const INDEX_FROM: usize = 16;

/// A key that appeared twice in one object, as found so far.
struct Duplicate {
    /// Where its object starts: of several, the first object in document order is reported.
    object: usize,
    key: String,
    /// The second occurrence of the key.
    span: Span,
}

/// An array or object being read. Its elements so far are on the parser's scratch stacks
/// ([`Parser::items`], [`Parser::members`]) from `first` on.
enum Frame<'a> {
    Array { start: usize, first: usize },
    Object(OpenObject<'a>),
}

struct OpenObject<'a> {
    /// The offset of its `{`.
    start: usize,
    /// Where its members start on [`Parser::members`]. The last of them is the one whose
    /// value is being read, with a placeholder for a value until then.
    first: usize,
    /// The decoded keys so far, once there are [`INDEX_FROM`] of them: borrowed from the text
    /// where a key has no escape, which is nearly always.
    index: Option<BTreeSet<Cow<'a, str>>>,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The byte offset of the next byte to read.
    pos: usize,
    /// The duplicate key to report if the text has no syntax error: syntax errors come first,
    /// wherever they are, so the parse goes on after a duplicate.
    duplicate: Option<Duplicate>,
    /// The elements of the open arrays, innermost last. An array's elements are moved from here
    /// into a `Vec` of their exact number when it closes ([`Vec::split_off`], one copy): one
    /// allocation per array, rather than the several of a growing `Vec`, and no unused capacity
    /// kept in the tree. Index 0 holds a placeholder, so that no array starts there: split at 0,
    /// `split_off` would hand over the whole buffer, capacity included, and leave a new one to
    /// grow again.
    items: Vec<Node>,
    /// The same for the members of the open objects, placeholder included.
    members: Vec<Member>,
}

/// Drops the innermost frame where it is: `pop` would copy it out first, a copy that stood out
/// in profiles of the size-optimised build.
fn close(stack: &mut Vec<Frame<'_>>) {
    stack.truncate(stack.len().saturating_sub(1));
}

/// The bytes that may begin a JSON value.
fn starts_value(b: u8) -> bool {
    matches!(b, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '-')
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '_' | '$')
}

/// The offset of the first byte at or after `from` that ends a plain run of string text: a
/// quote, a backslash or a control character. Scanning bytes is safe in UTF-8: these are ASCII,
/// and every byte of a multi-byte character is 0x80 or above.
///
/// Strings are most of a JSON text, so this looks at eight bytes at a time (see
/// [`special_bytes`]), and byte by byte only at the end of the text.
#[inline(always)]
fn string_stop(bytes: &[u8], from: usize) -> Option<usize> {
    let mut rest = bytes.get(from..)?;
    let mut offset = from;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let found = special_bytes(u64::from_le_bytes(*word));
        if found != 0 {
            // Little-endian: the first byte of the chunk is the lowest of the word.
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
        rest = tail;
    }
    rest.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|n| offset + n)
}

/// The high bit of each byte of `word` that is a quote, a backslash or below 0x20, with the
/// classic "has a zero byte" and "has a byte less than n" tricks: a byte `b` is flagged when
/// `b - 1` (or `b - 0x20`) borrows and `b` had no high bit. Only bytes above a flagged one can be
/// flagged wrongly (by the borrow carried up from it), so the lowest flagged byte is always right.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    quote | backslash | control
}

/// A decoded key for the duplicate index: borrowed from `text` when it is written there as it
/// is (its span less the quotes).
fn key_text<'a>(text: &'a str, key: &str, span: Span) -> Cow<'a, str> {
    let raw = text
        .get(span.start + 1..span.end.saturating_sub(1))
        .unwrap_or_default();
    if raw == key {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(key.to_owned())
    }
}

/// The value of four hex digits at `at`, if they are there.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0, |value, &b| {
        let digit = char::from(b).to_digit(16)?;
        Some(value * 16 + digit)
    })
}

impl<'a> Parser<'a> {
    /// The text between two offsets, which always sit next to ASCII bytes (or at the ends), so
    /// on character boundaries: the fallback is never taken.
    #[inline(always)]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips JSON's four whitespace characters: space, tab, line feed and carriage return.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The character at `at`, if any.
    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// The span of the character at `at` (empty at the end of the text).
    fn char_span(&self, at: usize) -> (usize, usize) {
        (at, at + self.char_at(at).map_or(0, char::len_utf8))
    }

    /// The end of the word (letters, digits, `_`, `$`, `-`) that starts at `at`, so that an
    /// error about an unquoted name or a bare word underlines all of it.
    fn word_end(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or_default();
        at + rest
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(rest.len(), |(i, _)| i)
    }

    /// The span of the token at `at` for an error: a whole word, or one character.
    fn token_span(&self, at: usize) -> (usize, usize) {
        match self.char_at(at) {
            Some(c) if is_word_char(c) => (at, self.word_end(at).max(at + 1)),
            _ => self.char_span(at),
        }
    }

    /// What is wrong with the text at `at`, where a value should start. Also used wherever a
    /// character fits none of the expected ones, so that comments, single quotes and stray
    /// characters are named the same everywhere.
    fn unexpected(&self, at: usize) -> Error {
        let Some(c) = self.char_at(at) else {
            // Callers look at a character first: the end of the text has its own errors.
            return Error::new(Problem::Empty, at, at);
        };
        let next = self.bytes.get(at + 1).copied();
        let problem = match c {
            '}' => Problem::UnexpectedCloseBrace,
            ']' => Problem::UnexpectedCloseBracket,
            ',' => Problem::UnexpectedComma,
            ':' => Problem::UnexpectedColon,
            '\'' => Problem::SingleQuotes,
            '+' => Problem::UnaryPlus,
            '.' if next.is_some_and(|b| b.is_ascii_digit()) => Problem::BareDecimalPoint,
            '/' if next == Some(b'/') => {
                let end = line_end(self.bytes, at);
                return Error::new(Problem::Comment, at, end);
            }
            '/' if next == Some(b'*') => {
                let end = self
                    .text
                    .get(at + 2..)
                    .and_then(|rest| rest.find("*/"))
                    .map_or(self.text.len(), |n| at + 2 + n + 2);
                return Error::new(Problem::Comment, at, end);
            }
            c if is_word_start(c) => {
                let end = self.word_end(at);
                let problem = match self.slice(at, end) {
                    "NaN" | "Infinity" => Problem::NonFinite,
                    _ => Problem::UnexpectedWord,
                };
                return Error::new(problem, at, end);
            }
            c => Problem::UnexpectedCharacter(c),
        };
        let (start, end) = self.char_span(at);
        Error::new(problem, start, end)
    }

    /// The unterminated array or object that the end of the text leaves open.
    fn unterminated(&self, frame: Option<&Frame<'a>>) -> Error {
        let (problem, start) = match frame {
            Some(Frame::Array { start, .. }) => (Problem::UnterminatedArray, *start),
            Some(Frame::Object(o)) => (Problem::UnterminatedObject, o.start),
            None => (Problem::Empty, 0),
        };
        Error::new(problem, start, self.text.len())
    }

    /// The whole text: one value, with only whitespace around it.
    fn document(&mut self) -> Result<Node, Error> {
        self.skip_whitespace();
        if self.pos >= self.bytes.len() {
            return Err(Error::new(Problem::Empty, 0, self.text.len()));
        }
        let root = self.value()?;
        self.skip_whitespace();
        match self.char_at(self.pos) {
            None => Ok(root),
            // Another value, or a stray bracket or comma: one document too many.
            Some(c)
                if u8::try_from(c).is_ok_and(starts_value)
                    || is_word_char(c)
                    || matches!(c, '}' | ']' | ',' | ':') =>
            {
                let (start, end) = self.token_span(self.pos);
                Err(Error::new(Problem::MultipleRoots, start, end))
            }
            Some(_) => Err(self.unexpected(self.pos)),
        }
    }

    /// Reads the value at `self.pos` (whitespace skipped), with everything nested in it.
    ///
    /// One loop, two halves: the first reads a value, or opens an array or object and goes
    /// round again for its first element; the second hands a finished value to the innermost
    /// open array or object, then reads the comma and goes round for the next element, or the
    /// closing bracket, which finishes that array or object in turn.
    fn value(&mut self) -> Result<Node, Error> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        loop {
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'{') => {
                    self.open(&stack)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Node {
                            span: Span::new(start, self.pos),
                            kind: NodeKind::Object(Vec::new()),
                        }
                    } else {
                        let mut object = OpenObject {
                            start,
                            first: self.members.len(),
                            index: None,
                        };
                        self.member_name(&mut object)?;
                        stack.push(Frame::Object(object));
                        continue;
                    }
                }
                Some(b'[') => {
                    self.open(&stack)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node {
                            span: Span::new(start, self.pos),
                            kind: NodeKind::Array(Vec::new()),
                        }
                    } else {
                        stack.push(Frame::Array {
                            start,
                            first: self.items.len(),
                        });
                        continue;
                    }
                }
                Some(b'"') => {
                    let s = self.string()?;
                    Node {
                        span: Span::new(start, self.pos),
                        kind: NodeKind::String(s),
                    }
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') if self.literal("true") => Node {
                    span: Span::new(start, self.pos),
                    kind: NodeKind::Bool(true),
                },
                Some(b'f') if self.literal("false") => Node {
                    span: Span::new(start, self.pos),
                    kind: NodeKind::Bool(false),
                },
                Some(b'n') if self.literal("null") => Node {
                    span: Span::new(start, self.pos),
                    kind: NodeKind::Null,
                },
                Some(_) => return Err(self.unexpected(start)),
                None => return Err(self.unterminated(stack.last())),
            };
            // `node` is finished: give it to its parent, and close every array and object that
            // ends right after it.
            loop {
                let end = node.span.end;
                self.skip_whitespace();
                match stack.last_mut() {
                    None => return Ok(node),
                    Some(Frame::Array { start, first }) => {
                        self.items.push(node);
                        match self.peek() {
                            Some(b',') => {
                                self.comma(b']')?;
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                node = Node {
                                    span: Span::new(*start, self.pos),
                                    kind: NodeKind::Array(self.items.split_off(*first)),
                                };
                                close(&mut stack);
                            }
                            Some(b) if starts_value(b) || self.at_literal() => {
                                return Err(Error::new(Problem::ExpectedComma, end, end));
                            }
                            Some(_) => return Err(self.unexpected(self.pos)),
                            None => return Err(self.unterminated(stack.last())),
                        }
                    }
                    Some(Frame::Object(object)) => {
                        if let Some(member) = self.members.last_mut() {
                            member.value = node;
                        }
                        match self.peek() {
                            Some(b',') => {
                                self.comma(b'}')?;
                                self.member_name(object)?;
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                node = Node {
                                    span: Span::new(object.start, self.pos),
                                    kind: NodeKind::Object(self.members.split_off(object.first)),
                                };
                                close(&mut stack);
                            }
                            Some(b'"' | b'-' | b'0'..=b'9') => {
                                return Err(Error::new(Problem::ExpectedComma, end, end));
                            }
                            Some(b'{' | b'[' | b']' | b':') => {
                                let (start, end) = self.char_span(self.pos);
                                return Err(Error::new(
                                    Problem::UnexpectedTokenInObject,
                                    start,
                                    end,
                                ));
                            }
                            Some(_) => {
                                return Err(match self.char_at(self.pos) {
                                    Some(c) if is_word_start(c) => {
                                        Error::new(Problem::ExpectedComma, end, end)
                                    }
                                    _ => self.unexpected(self.pos),
                                });
                            }
                            None => return Err(self.unterminated(stack.last())),
                        }
                    }
                }
            }
        }
    }

    /// Steps over the `[` or `{` at `self.pos`, unless it would open one level too many.
    fn open(&mut self, stack: &[Frame<'a>]) -> Result<(), Error> {
        if stack.len() >= MAX_DEPTH {
            return Err(Error::new(Problem::TooDeep, self.pos, self.pos + 1));
        }
        self.pos += 1;
        Ok(())
    }

    /// Steps over the comma at `self.pos` and the whitespace after it; a `close` bracket right
    /// after it makes it a trailing comma.
    fn comma(&mut self, close: u8) -> Result<(), Error> {
        let comma = self.pos;
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            return Err(Error::new(Problem::TrailingComma, comma, comma + 1));
        }
        Ok(())
    }

    /// Whether `true`, `false` or `null` is at `self.pos`.
    fn at_literal(&self) -> bool {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        [b"true".as_slice(), b"false", b"null"]
            .iter()
            .any(|word| rest.starts_with(word))
    }

    /// Steps over `word` if it is at `self.pos` as a whole word (`nullx` is not `null`).
    fn literal(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        let whole = self.bytes.get(self.pos..end) == Some(word.as_bytes())
            && !self.char_at(end).is_some_and(is_word_char);
        if whole {
            self.pos = end;
        }
        whole
    }

    /// Reads a member's name, the colon and the whitespace after it, from `self.pos`
    /// (whitespace skipped), and adds the member to `object` with a placeholder for its value.
    fn member_name(&mut self, object: &mut OpenObject<'a>) -> Result<(), Error> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            None => return Err(Error::new(Problem::UnterminatedObject, object.start, start)),
            Some(_) => return Err(self.not_a_member_name(start)),
        }
        let key = self.string()?;
        let key_span = Span::new(start, self.pos);
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => {
                return Err(Error::new(
                    Problem::UnterminatedObject,
                    object.start,
                    self.pos,
                ));
            }
            Some(b'/') => return Err(self.unexpected(self.pos)),
            Some(_) => {
                let (start, end) = self.char_span(self.pos);
                return Err(Error::new(Problem::ExpectedColon, start, end));
            }
        }
        self.skip_whitespace();
        self.add_member(object, key, key_span);
        Ok(())
    }

    /// What is wrong with the text at `at`, where a member's name or the end of an object
    /// should be.
    fn not_a_member_name(&self, at: usize) -> Error {
        match self.char_at(at) {
            Some(c) if is_word_char(c) => {
                let end = self.word_end(at);
                Error::new(Problem::ExpectedPropertyName, at, end)
            }
            Some('{' | '[' | ']' | ',' | ':') => {
                Error::new(Problem::UnexpectedTokenInObject, at, at + 1)
            }
            _ => self.unexpected(at),
        }
    }

    /// Adds a member named `key` to `object`, with a placeholder for its value, noting the key
    /// if it is a duplicate.
    fn add_member(&mut self, object: &mut OpenObject<'a>, key: String, key_span: Span) {
        let duplicate = match &mut object.index {
            Some(index) => !index.insert(key_text(self.text, &key, key_span)),
            None => self
                .members
                .get(object.first..)
                .unwrap_or_default()
                .iter()
                .any(|m| m.key == key),
        };
        if duplicate
            && self
                .duplicate
                .as_ref()
                .is_none_or(|d| object.start < d.object)
        {
            // Of several objects with duplicates, the first in document order is reported,
            // and within it the earliest second occurrence: the first one noted here.
            self.duplicate = Some(Duplicate {
                object: object.start,
                key: key.clone(),
                span: key_span,
            });
        }
        self.members.push(Member {
            key,
            key_span,
            value: PLACEHOLDER,
        });
        let count = self.members.len() - object.first;
        if object.index.is_none() && count >= INDEX_FROM {
            // One insertion at a time: collecting would sort, and bring a sort into the page.
            let mut index = BTreeSet::new();
            for m in self.members.get(object.first..).unwrap_or_default() {
                index.insert(key_text(self.text, &m.key, m.key_span));
            }
            object.index = Some(index);
        }
    }

    /// Reads the string whose opening quote is at `self.pos`, and leaves `self.pos` after its
    /// closing quote.
    fn string(&mut self) -> Result<String, Error> {
        let open = self.pos;
        let start = open + 1;
        match string_stop(self.bytes, start) {
            // The usual case: no escape, so one copy of the text.
            Some(stop) if self.bytes.get(stop) == Some(&b'"') => {
                self.pos = stop + 1;
                Ok(self.slice(start, stop).to_owned())
            }
            Some(stop) => self.escaped_string(open, stop),
            None => Err(Error::new(
                Problem::UnterminatedString,
                open,
                self.text.len(),
            )),
        }
    }

    /// Reads the rest of a string from `stop`, its first backslash or control character.
    fn escaped_string(&mut self, open: usize, stop: usize) -> Result<String, Error> {
        let start = open + 1;
        // Decoding only shortens the text (`\n` is one byte, `\u00e9` two, a surrogate pair's
        // twelve bytes are four), so the raw length up to the closing quote is enough room.
        let mut end = stop;
        while let Some(&b) = self.bytes.get(end) {
            match b {
                b'"' => break,
                b'\\' => end += 2,
                _ => end += 1,
            }
        }
        let mut out = String::with_capacity(end.min(self.bytes.len()) - start);
        out.push_str(self.slice(start, stop));
        let mut i = stop;
        loop {
            match self.bytes.get(i) {
                None => {
                    return Err(Error::new(
                        Problem::UnterminatedString,
                        open,
                        self.text.len(),
                    ));
                }
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => i = self.escape(open, i, &mut out)?,
                Some(b'\n' | b'\r') => {
                    return Err(Error::new(Problem::LineBreakInString, open, i));
                }
                Some(&b) if b < 0x20 => {
                    return Err(Error::new(
                        Problem::ControlCharacter(char::from(b)),
                        i,
                        i + 1,
                    ));
                }
                Some(_) => {
                    let next = string_stop(self.bytes, i).unwrap_or(self.bytes.len());
                    out.push_str(self.slice(i, next));
                    i = next;
                }
            }
        }
    }

    /// Decodes the escape at `at` (its backslash) onto `out`; returns the offset after it.
    fn escape(&self, open: usize, at: usize, out: &mut String) -> Result<usize, Error> {
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, len) = self.unicode_escape(at)?;
                out.push(c);
                return Ok(at + len);
            }
            None => {
                return Err(Error::new(
                    Problem::UnterminatedString,
                    open,
                    self.text.len(),
                ));
            }
            Some(_) => {
                let (_, end) = self.char_span(at + 1);
                return Err(Error::new(Problem::InvalidEscape, at, end));
            }
        };
        out.push(c);
        Ok(at + 2)
    }

    /// Decodes the `\u` escape at `at`, or the surrogate pair of two that starts there; returns
    /// the character and the escape's length. A lone surrogate is an error, as it is for AWS:
    /// it is not a character, and a Rust string cannot hold it.
    fn unicode_escape(&self, at: usize) -> Result<(char, usize), Error> {
        let four = |from: usize| {
            hex4(self.bytes, from + 2).ok_or_else(|| {
                let digits = self
                    .bytes
                    .get(from + 2..)
                    .unwrap_or_default()
                    .iter()
                    .take(4)
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                Error::new(Problem::ExpectedFourHexDigits, from, from + 2 + digits)
            })
        };
        let unpaired = |code: u32| Error::new(Problem::UnpairedSurrogate(code), at, at + 6);
        let code = four(at)?;
        match code {
            0xD800..=0xDBFF => {
                if self.bytes.get(at + 6..at + 8) != Some(b"\\u".as_slice()) {
                    return Err(unpaired(code));
                }
                let low = four(at + 6)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(unpaired(code));
                }
                let c = char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                    .ok_or_else(|| unpaired(code))?;
                Ok((c, 12))
            }
            0xDC00..=0xDFFF => Err(unpaired(code)),
            _ => char::from_u32(code)
                .map(|c| (c, 6))
                .ok_or_else(|| unpaired(code)),
        }
    }

    /// Reads the number at `self.pos`, as RFC 8259 writes it: `-`, then `0` or digits without a
    /// leading zero, then an optional fraction and exponent, each with at least one digit.
    fn number(&mut self) -> Result<Node, Error> {
        let start = self.pos;
        let digits = |from: usize| {
            let rest = self.bytes.get(from..).unwrap_or_default();
            from + rest.iter().take_while(|b| b.is_ascii_digit()).count()
        };
        let mut i = start;
        if self.bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'0') => {
                i += 1;
                match self.bytes.get(i) {
                    Some(b'0'..=b'9') => {
                        return Err(Error::new(Problem::LeadingZero, start, digits(i)));
                    }
                    Some(b'x' | b'X') => {
                        let end = self.word_end(i);
                        return Err(Error::new(Problem::Hexadecimal, start, end));
                    }
                    _ => {}
                }
            }
            Some(b'1'..=b'9') => i = digits(i),
            Some(b'.') if self.bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                return Err(Error::new(Problem::BareDecimalPoint, start, digits(i + 1)));
            }
            Some(b'I' | b'N') if matches!(self.slice(i, self.word_end(i)), "Infinity" | "NaN") => {
                return Err(Error::new(Problem::NonFinite, start, self.word_end(i)));
            }
            _ => {
                let (at, end) = self.char_span(i);
                return Err(Error::new(Problem::ExpectedDigitAfterMinus, at, end));
            }
        }
        if self.bytes.get(i) == Some(&b'.') {
            if !self.bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                return Err(Error::new(Problem::BareDecimalPoint, start, i + 1));
            }
            i = digits(i + 1);
        }
        if let Some(b'e' | b'E') = self.bytes.get(i) {
            i += 1;
            let problem = match self.bytes.get(i) {
                Some(b'+' | b'-') => {
                    i += 1;
                    Problem::ExpectedExponentDigit
                }
                _ => Problem::ExpectedExponent,
            };
            if !self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                let (at, end) = self.char_span(i);
                return Err(Error::new(problem, at, end));
            }
            i = digits(i);
        }
        self.pos = i;
        Ok(Node {
            span: Span::new(start, i),
            kind: NodeKind::Number(self.slice(start, i).to_owned()),
        })
    }
}

/// The end of the line comment at `at`: the next line break, or the end of the text.
fn line_end(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;

    /// The error of `text`: its message and its 1-based line and column.
    fn error(text: &str) -> (String, usize, usize) {
        let err = parse(text).unwrap_err();
        let (line, column) = LineIndex::new(text).line_column(err.span.start);
        assert!(
            err.span.start <= err.span.end && err.span.end <= text.len(),
            "{err:?}"
        );
        (err.message, line, column)
    }

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
        assert_eq!(&text[a.value.span.start..a.value.span.end], "[1, \"x\"]");
        assert_eq!((node.span.start, node.span.end), (0, text.len()));
    }

    #[test]
    fn reads_every_kind_of_value() {
        let text = " {\"t\": true, \"f\": false, \"n\": null, \"i\": -0, \"x\": 1.5e-3, \"big\": \
                    123456789012345678901234567890, \"e\": {}, \"a\": [], \"s\": \"\"} \n";
        let node = parse(text).unwrap();
        assert_eq!(node.get("t").unwrap().kind, NodeKind::Bool(true));
        assert_eq!(node.get("f").unwrap().kind, NodeKind::Bool(false));
        assert_eq!(node.get("n").unwrap().kind, NodeKind::Null);
        // Numbers as written, so that nothing is lost to floating point.
        assert_eq!(node.get("i").unwrap().kind, NodeKind::Number("-0".into()));
        assert_eq!(
            node.get("x").unwrap().kind,
            NodeKind::Number("1.5e-3".into())
        );
        assert_eq!(
            node.get("big").unwrap().kind,
            NodeKind::Number("123456789012345678901234567890".into())
        );
        assert_eq!(node.get("e").unwrap().kind, NodeKind::Object(Vec::new()));
        assert_eq!(node.get("a").unwrap().kind, NodeKind::Array(Vec::new()));
        assert_eq!(node.get("s").unwrap().as_str(), Some(""));
        assert_eq!(&text[node.span.start..node.span.end], text.trim());
    }

    #[test]
    fn decodes_escapes() {
        let text = r#"["\"\\\/\b\f\n\r\t", "\u00e9\u0000x", "\ud83d\ude00 \uD83D\uDE00", "é\n"]"#;
        let node = parse(text).unwrap();
        let items = node.as_array().unwrap();
        assert_eq!(items[0].as_str(), Some("\"\\/\u{8}\u{c}\n\r\t"));
        assert_eq!(items[1].as_str(), Some("é\u{0}x"));
        assert_eq!(items[2].as_str(), Some("😀 😀"));
        assert_eq!(items[3].as_str(), Some("é\n"));
        // Spans are of the text as written, escapes and quotes included.
        assert_eq!(
            &text[items[2].span.start..items[2].span.end],
            r#""\ud83d\ude00 \uD83D\uDE00""#
        );
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

    /// Every rejection, with its message and place (line and column of the span's start).
    #[test]
    fn each_rejection_has_its_message_and_place() {
        let cases: &[(&str, &str, usize, usize)] = &[
            // Comments, anywhere a token could be.
            ("// c\n{}", "comments are not allowed", 1, 1),
            ("{\"a\": 1 /* c */}", "comments are not allowed", 1, 9),
            ("{} // c", "comments are not allowed", 1, 4),
            ("[1, /* never closed", "comments are not allowed", 1, 5),
            // Trailing commas: at the comma.
            ("[1, 2,\n]", "trailing commas are not allowed", 1, 6),
            ("{\"a\": 1 , }", "trailing commas are not allowed", 1, 9),
            // A missing comma: right after the previous value.
            ("[1 2]", "expected comma", 1, 3),
            ("[\"a\"\n \"b\"]", "expected comma", 1, 5),
            ("[{} []]", "expected comma", 1, 4),
            ("[1 true]", "expected comma", 1, 3),
            ("{\"a\": 1 \"b\": 2}", "expected comma", 1, 8),
            ("{\"a\": 1 b: 2}", "expected comma", 1, 8),
            // Single quotes, unquoted names and words.
            ("{'a': 1}", "single-quoted strings are not allowed", 1, 2),
            ("['a']", "single-quoted strings are not allowed", 1, 2),
            ("{a: 1}", "expected string for object property", 1, 2),
            ("{1: 2}", "expected string for object property", 1, 2),
            ("{\"a\": yes}", "unexpected word", 1, 7),
            ("[True]", "unexpected word", 1, 2),
            ("[nulll]", "unexpected word", 1, 2),
            // Numbers: hex, a leading `+`, leading zeros, bare decimal points, no digits.
            ("[0x1F]", "hexadecimal numbers are not allowed", 1, 2),
            ("[+1]", "unary plus on numbers is not allowed", 1, 2),
            ("[01]", "leading zeros on numbers are not allowed", 1, 2),
            ("[-007]", "leading zeros on numbers are not allowed", 1, 2),
            (
                "[.5]",
                "leading or trailing decimal points on numbers are not allowed",
                1,
                2,
            ),
            (
                "[-.5]",
                "leading or trailing decimal points on numbers are not allowed",
                1,
                2,
            ),
            (
                "[1.]",
                "leading or trailing decimal points on numbers are not allowed",
                1,
                2,
            ),
            (
                "[1.e5]",
                "leading or trailing decimal points on numbers are not allowed",
                1,
                2,
            ),
            ("[-]", "expected digit following negative sign", 1, 3),
            (
                "[1e]",
                "expected plus, minus, or digit in number literal",
                1,
                4,
            ),
            ("[1e+]", "expected digit", 1, 5),
            ("[NaN]", "`NaN` and `Infinity` are not allowed", 1, 2),
            ("[Infinity]", "`NaN` and `Infinity` are not allowed", 1, 2),
            ("[-Infinity]", "`NaN` and `Infinity` are not allowed", 1, 2),
            // Strings: raw control characters, bad escapes, lone surrogates, no end.
            (
                "[\"a\u{1}b\"]",
                "this string contains the control character U+0001, which must be escaped",
                1,
                4,
            ),
            (
                "[\"a\tb\"]",
                "this string contains the control character U+0009, which must be escaped",
                1,
                4,
            ),
            (
                "[\"a\u{0}b\"]",
                "this string contains the control character U+0000, which must be escaped",
                1,
                4,
            ),
            (
                "{\"a\": \"b\n\"}",
                "this string runs past the end of its line",
                1,
                7,
            ),
            ("[\"\\q\"]", "invalid escape", 1, 3),
            ("[\"\\'\"]", "invalid escape", 1, 3),
            ("[\"\\x41\"]", "invalid escape", 1, 3),
            ("[\"\\u12\"]", "expected four hex digits", 1, 3),
            ("[\"\\u12g4\"]", "expected four hex digits", 1, 3),
            (
                "[\"\\ud800\"]",
                "invalid unicode escape `\\ud800`: half of a surrogate pair, without its other half",
                1,
                3,
            ),
            (
                "[\"\\ud800\\u0041\"]",
                "invalid unicode escape `\\ud800`: half of a surrogate pair, without its other half",
                1,
                3,
            ),
            (
                "[\"x\\udc00\"]",
                "invalid unicode escape `\\udc00`: half of a surrogate pair, without its other half",
                1,
                4,
            ),
            ("[\"abc", "unterminated string literal", 1, 2),
            ("[\"abc\\", "unterminated string literal", 1, 2),
            // Structure.
            ("{\"a\" 1}", "expected colon after the property name", 1, 6),
            ("{\"a\": }", "unexpected close brace", 1, 7),
            ("[1, ]]", "trailing commas are not allowed", 1, 3),
            ("[,1]", "unexpected comma", 1, 2),
            ("{\"a\"::1}", "unexpected colon", 1, 6),
            ("[1}", "unexpected close brace", 1, 3),
            ("{\"a\": 1]", "unexpected token in object", 1, 8),
            ("{[]: 1}", "unexpected token in object", 1, 2),
            ("[@]", "unexpected character `@`", 1, 2),
            (
                "[\u{a0}1]",
                "unexpected character U+00A0, a space JSON does not allow",
                1,
                2,
            ),
            ("\u{feff}{}", "unexpected character U+FEFF", 1, 1),
            // Cut short: at the innermost open bracket.
            ("{\"a\": [1, {\"b\": 2}", "unterminated array", 1, 7),
            ("{\"a\": [1, {\"b\":", "unterminated object", 1, 11),
            ("{\"a\"", "unterminated object", 1, 1),
            ("[", "unterminated array", 1, 1),
            // More than one document, or a stray closing bracket after it.
            (
                "{}\n{}",
                "text cannot contain more than one JSON value",
                2,
                1,
            ),
            ("{}}", "text cannot contain more than one JSON value", 1, 3),
            ("1 2", "text cannot contain more than one JSON value", 1, 3),
            ("01", "leading zeros on numbers are not allowed", 1, 1),
            ("", "the input is empty", 1, 1),
            (" \t\r\n", "the input is empty", 1, 1),
        ];
        for &(text, message, line, column) in cases {
            assert_eq!(error(text), (message.to_owned(), line, column), "{text:?}");
        }
    }

    #[test]
    fn hints_say_what_to_do() {
        let help = |text: &str| parse(text).unwrap_err().help.unwrap_or_default();
        assert!(help("// c\n{}").contains("JSON has no comments"));
        assert!(help("[1,]").contains("remove the comma"));
        assert!(help("[1 2]").contains("separate elements"));
        assert!(help("['a']").contains("double quotes"));
        assert!(help("{a: 1}").contains("double quotes"));
        assert!(help("{\"a\": [").contains("cut short"));
        assert!(help("{\"a\": 1").contains("a `}` is missing: the text may have been cut short"));
        assert!(help("[1").contains("a `]` is missing: the text may have been cut short"));
        assert!(help("{} {}").contains("one JSON document at a time"));
        assert!(help("[\"a\tb\"]").contains("`\\t`"));
        assert!(help("[\"a\u{1}b\"]").contains("`\\u0001`"));
        let empty = parse("  ").unwrap_err();
        assert_eq!(empty.help.as_deref(), Some("paste a JSON document"));
        assert_eq!((empty.span.start, empty.span.end), (0, 2));
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second() {
        let text = r#"{"a": {"x": 1, "y": 2, "x": 3}}"#;
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "the key `x` appears twice in this object");
        assert_eq!(
            err.help.as_deref(),
            Some("keep one: AWS reads only one of them, and which one is not documented")
        );
        assert_eq!(&text[err.span.start..err.span.end], "\"x\"");
        assert_eq!(err.span.start, 23);
    }

    #[test]
    fn the_first_object_with_a_duplicate_is_reported() {
        // The outer object opens first, so its duplicate is reported, though the inner one's
        // second `b` comes earlier in the text.
        let text = r#"{"a": {"b": 1, "b": 2}, "a": 3}"#;
        assert_eq!(parse(text).unwrap_err().span.start, 24);
        // Within one object, the earliest second occurrence.
        let text = r#"{"p": 1, "q": 2, "q": 3, "p": 4}"#;
        assert_eq!(parse(text).unwrap_err().span.start, 17);
        // Siblings in document order.
        let text = r#"[{"x": 1}, {"y": 1, "y": 2}, {"z": 1, "z": 2}]"#;
        assert_eq!(parse(text).unwrap_err().span.start, 20);
        // Escapes are decoded before keys are compared.
        let text = r#"{"a": 1, "\u0061": 2}"#;
        assert_eq!(
            parse(text).unwrap_err().message,
            "the key `a` appears twice in this object"
        );
        // A syntax error anywhere comes first.
        assert_eq!(
            error(r#"{"a": 1, "a": 2, "b": [}"#).0,
            "unexpected close brace"
        );
    }

    #[test]
    fn duplicates_are_found_in_big_objects_too() {
        // Past `INDEX_FROM` members, the keys are looked up in a set: with escapes as well.
        let mut text = String::from("{");
        for i in 0..1000 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"\\u006b500\": 0}");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "the key `k500` appears twice in this object");
        assert_eq!(&text[err.span.start..err.span.end], "\"\\u006b500\"");
        text.truncate(text.len() - "\"\\u006b500\": 0}".len());
        text.push_str("\"k1000\": 0}");
        assert_eq!(parse(&text).unwrap().as_object().unwrap().len(), 1001);
    }

    #[test]
    fn nesting_is_limited_without_recursion() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            error(&deep),
            ("maximum nesting depth exceeded".into(), 1, MAX_DEPTH + 1)
        );
        // Objects count as arrays do; far deeper text is refused as quickly.
        let objects = "{\"a\":".repeat(100_000);
        assert_eq!(
            error(&objects),
            (
                "maximum nesting depth exceeded".into(),
                1,
                5 * MAX_DEPTH + 1
            )
        );
    }

    #[test]
    fn scratch_stacks_left_by_an_error_or_a_huge_text_do_not_leak_into_the_next() {
        let small = r#"{"a": [1, {"b": [2]}], "c": {"d": 3}}"#;
        let expected = parse(small).unwrap();
        let huge = format!("[{}0]", "[1, 2], ".repeat(3 * SCRATCH_KEPT));
        for before in [r#"{"x": [1, 2, {"y": [3, "#, "[[1, 2, [3, 4", huge.as_str()] {
            let _ = parse(before);
            assert_eq!(parse(small).unwrap(), expected, "after {before:.20}");
        }
    }

    #[test]
    fn string_scanning_stops_where_a_byte_at_a_time_would() {
        let text = "0123456789abcdef\u{e9}\u{1f600}\"\\\u{1f}\u{7f} xyz\"";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let naive = bytes
                .iter()
                .skip(from)
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map(|n| from + n);
            assert_eq!(string_stop(bytes, from), naive, "from {from}");
        }
    }

    #[test]
    fn empty_and_truncated_inputs_are_errors() {
        assert_eq!(parse("  \n").unwrap_err().message, "the input is empty");
        let err = parse("{\"containerDefinitions\": [").unwrap_err();
        assert!(err.help.unwrap().contains("cut short"));
    }
}
