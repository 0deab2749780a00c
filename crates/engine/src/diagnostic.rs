//! Places in the input and the diagnostics that point at them.
//!
//! Every error or warning the engine produces is flattened to a [`Diagnostic`]
//! (`{code, severity, message, help, input, location}`) at the edge, so the UI and the CLI
//! render one shape.

use serde::{Deserialize, Serialize};

/// Which of the user's inputs a place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InputName {
    TaskDefinition,
    Service,
    Roles,
    AppActions,
}

impl InputName {
    /// The label the playground shows for this input.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::TaskDefinition => "Task definition",
            Self::Service => "Service",
            Self::Roles => "Roles & policies",
            Self::AppActions => "App actions",
        }
    }
}

/// A byte range in one input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
}

/// A place in an input as a person reads it: 1-based line and column (in characters), with the
/// byte offsets for editors that want them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Location {
    pub input: InputName,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
}

/// Maps byte offsets of one text to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Its lines, found when the first place is asked for: many indexes are made in case a
    /// problem needs one, and most texts have none.
    lines: std::cell::OnceCell<Lines>,
}

/// Where each line of a text starts, and which lines are all ASCII (their columns are byte
/// counts, found without reading the line: a minified text is one long line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl Lines {
    fn of(text: &str) -> Self {
        /// The high bit of each byte of a word, and `\n` in each byte.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
        /// The bits of bytes `from..` of a word (little-endian: byte `i` is bits `8i..8i + 8`).
        fn from_byte(from: u32) -> u64 {
            u64::MAX.checked_shl(8 * from).unwrap_or(0)
        }
        let mut lines = Self {
            starts: vec![0],
            ascii: Vec::new(),
        };
        // Eight bytes at a time (a byte loop took as long as the rest of locating every line of
        // an analysis): which bytes are newlines, and whether the bytes of each line are ASCII.
        let mut all_ascii = true;
        let bytes = text.as_bytes();
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for word in words.by_ref() {
            let w = word.try_into().map_or(0, u64::from_le_bytes);
            let high = w & HIGH;
            let x = w ^ NEWLINES;
            // The high bit of each byte that is zero in `x`, a newline in `w`; exact, as no
            // byte carries into the next.
            let mut newlines = !(((x & !HIGH).wrapping_add(!HIGH)) | x) & HIGH;
            let mut from = 0;
            while newlines != 0 {
                let byte = newlines.trailing_zeros() / 8;
                if high & from_byte(from) & !from_byte(byte) != 0 {
                    all_ascii = false;
                }
                lines.ascii.push(all_ascii);
                lines.starts.push(at + byte as usize + 1);
                all_ascii = true;
                from = byte + 1;
                newlines &= newlines - 1;
            }
            if high & from_byte(from) != 0 {
                all_ascii = false;
            }
            at += 8;
        }
        for (j, &b) in words.remainder().iter().enumerate() {
            if b == b'\n' {
                lines.ascii.push(all_ascii);
                lines.starts.push(at + j + 1);
                all_ascii = true;
            } else if !b.is_ascii() {
                all_ascii = false;
            }
        }
        lines.ascii.push(all_ascii);
        lines
    }
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// An index of `text` with its lines as an earlier index of the same text found them
    /// ([`LineIndex::into_lines`]).
    #[must_use]
    pub fn with_lines(text: &'a str, lines: Option<Lines>) -> Self {
        Self {
            text,
            lines: lines.map_or_else(std::cell::OnceCell::new, std::cell::OnceCell::from),
        }
    }

    /// The lines found so far, to make the next index of the same text with.
    #[must_use]
    pub fn into_lines(self) -> Option<Lines> {
        self.lines.into_inner()
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, as editors do.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let lines = self.lines.get_or_init(|| Lines::of(self.text));
        let line = lines.starts.partition_point(|&start| start <= offset);
        let i = line.saturating_sub(1);
        let start = lines.starts.get(i).copied().unwrap_or(0);
        let column = if lines.ascii.get(i).copied().unwrap_or(false) {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        (line.max(1), column + 1)
    }

    #[must_use]
    pub fn locate(&self, input: InputName, span: Span) -> Location {
        let (line, column) = self.line_column(span.start);
        let (end_line, end_column) = self.line_column(span.end.max(span.start));
        Location {
            input,
            line,
            column,
            end_line,
            end_column,
            offset: span.start,
            length: span.end.saturating_sub(span.start),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// The one shape in which every problem leaves the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Diagnostic {
    /// A stable, upper-snake-case code, e.g. `JSON_SYNTAX`.
    pub code: String,
    pub severity: Severity,
    /// Lowercase, one sentence, user input in backticks.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.input.label(), loc.line, loc.column)?;
        }
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_from_one() {
        let index = LineIndex::new("ab\n\u{e9}x\n");
        assert_eq!(index.line_column(0), (1, 1));
        assert_eq!(index.line_column(1), (1, 2));
        assert_eq!(index.line_column(3), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(index.line_column(5), (2, 2));
        assert_eq!(index.line_column(999), (3, 1));
    }

    /// Line and column as a person counts them, character by character.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    #[test]
    fn columns_of_ascii_and_other_lines_are_characters() {
        let text =
            "{\"a\": 1,\n\"\u{e9}t\u{e9}\": \"x\",\n\n  \"\u{1f600}\": [\"y\"]}\r\nlast line";
        let index = LineIndex::new(text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(
                index.line_column(offset),
                counted(text, offset),
                "at {offset}"
            );
        }
        // An index made with the lines of an earlier one answers the same.
        let again = LineIndex::with_lines(text, index.into_lines());
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(
                again.line_column(offset),
                counted(text, offset),
                "at {offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_column(0), (1, 1));
    }

    #[test]
    fn lines_are_found_wherever_they_fall_in_a_word() {
        // Newlines and two-byte characters at every position of the eight-byte words the
        // index reads, in lines of every length up to two words.
        let mut text = String::new();
        for n in 0..200_usize {
            let len = n % 17;
            for k in 0..len {
                text.push(if (n + k) % 7 == 3 { '\u{e9}' } else { 'a' });
            }
            text.push('\n');
        }
        text.push_str("tail \u{1f600}");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(
                index.line_column(offset),
                counted(&text, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn display_names_the_input_and_place() {
        let index = LineIndex::new("{\n  x\n}");
        let d = Diagnostic {
            code: "JSON_SYNTAX".into(),
            severity: Severity::Error,
            message: "unexpected word".into(),
            help: Some("property names need quotes".into()),
            location: Some(index.locate(InputName::TaskDefinition, Span::new(4, 5))),
        };
        assert_eq!(
            d.to_string(),
            "Task definition:2:3: error[JSON_SYNTAX]: unexpected word\n  help: property names need quotes"
        );
    }
}
