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
    /// Byte offset at which each line starts, found when the first place is asked for: many
    /// indexes are made in case a problem needs one, and most texts have none.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            line_starts: std::cell::OnceCell::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, as editors do.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset);
        let start = line
            .checked_sub(1)
            .and_then(|i| starts.get(i))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
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
