//! YAML into a [`Node`] tree with byte spans, for CloudFormation templates (and task definitions
//! printed with `--output yaml`).
//!
//! Parsed with `saphyr-parser`'s event API, whose events carry a span in characters (converted to
//! byte offsets here, so that [`crate::diagnostic::LineIndex`] finds the right line and column)
//! and the node's tag. CloudFormation's short-form intrinsics become the objects of the JSON form:
//! `!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!Condition C` is
//! `{"Condition": "C"}` and any other `!Name value` is `{"Fn::Name": value}`; the object's span
//! covers the tag and the value, and its key's span the tag alone.
//!
//! Plain scalars are typed with the YAML 1.2 core schema (`true`, `null`, `12`, `1.5`…); quoted
//! and block scalars are strings, as are `2012-10-17` and the other dates. Anchors and aliases are
//! expanded (with a budget against "billion laughs" documents). A text holding several YAML
//! documents is an error, as CloudFormation reads one.

use std::borrow::Cow;
use std::collections::BTreeMap as HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::node::{Member, Node, NodeKind};
use crate::diagnostic::Span;

/// A YAML text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
}

/// How deep collections may nest: far beyond any template, and short of the stack's limit in the
/// recursive passes that follow.
const MAX_DEPTH: usize = 200;

/// How many nodes aliases may copy in all.
const ALIAS_BUDGET: usize = 100_000;

/// The handle saphyr gives the `!!` tags of the core schema.
const CORE_HANDLE: &str = "tag:yaml.org,2002:";

/// Parses `text` as one YAML document.
///
/// # Errors
/// The first syntax error, with its span and a hint where one helps: tabs in indentation are
/// reported at the tab.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let offsets = Offsets::new(text);
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        alias_budget: ALIAS_BUDGET,
    };
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| scan_error(text, &offsets, &e))?;
        let span = offsets.span(span.start.index(), span.end.index());
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message: "the text holds several YAML documents".into(),
                        help: Some("paste one template or task definition at a time".into()),
                        span,
                    });
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::Alias(id) => builder.alias(id, span)?,
            Event::Scalar(value, style, anchor, tag) => {
                let node = builder.scalar(&value, style, tag.as_deref(), span);
                builder.complete(node, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                builder.open(Frame::new(Collection::Seq(Vec::new()), span, anchor, tag))?;
            }
            Event::MappingStart(anchor, tag) => {
                builder.open(Frame::new(
                    Collection::Map(Vec::new(), None),
                    span,
                    anchor,
                    tag,
                ))?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(span)?,
        }
    }
    builder.root.ok_or_else(|| YamlError {
        message: "the YAML document is empty".into(),
        help: Some("paste a CloudFormation template or a task definition".into()),
        span: Span::new(0, text.len()),
    })
}

/// Byte offsets of the characters of a text, for the parser's character indexes.
struct Offsets {
    len: usize,
    /// Empty when the text is ASCII, where character and byte indexes agree.
    starts: Vec<usize>,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Self {
            len: text.len(),
            starts,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.starts.is_empty() {
            char_index.min(self.len)
        } else {
            self.starts.get(char_index).copied().unwrap_or(self.len)
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.byte(start), self.byte(end.max(start)))
    }
}

enum Collection {
    Seq(Vec<Node>),
    /// The members, and the key read and waiting for its value.
    Map(Vec<Member>, Option<(String, Span)>),
}

struct Frame {
    collection: Collection,
    span: Span,
    anchor: usize,
    tag: Option<Tag>,
}

impl Frame {
    fn new(collection: Collection, span: Span, anchor: usize, tag: Option<Cow<'_, Tag>>) -> Self {
        Self {
            collection,
            span,
            anchor,
            tag: tag.map(Cow::into_owned),
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    alias_budget: usize,
}

impl Builder<'_> {
    fn open(&mut self, frame: Frame) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
                help: None,
                span: frame.span,
            });
        }
        if let Some(Frame {
            collection: Collection::Map(_, None),
            ..
        }) = self.stack.last()
        {
            return Err(complex_key(frame.span));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (kind, last_end) = match frame.collection {
            Collection::Seq(items) => {
                let last = items.last().map(|n| n.span.end);
                (NodeKind::Array(items), last)
            }
            Collection::Map(members, _) => {
                let last = members.last().map(|m| m.value.span.end);
                (NodeKind::Object(members), last)
            }
        };
        // A flow collection's end event covers its `]` or `}`; a block collection's is empty and
        // placed where the next token starts, so it ends with its last entry.
        let stop = if end.end > end.start {
            end.end
        } else {
            last_end.unwrap_or(frame.span.end)
        };
        let span = Span::new(frame.span.start, stop.max(frame.span.end));
        let node = self.tagged(frame.tag.as_ref(), Node { span, kind });
        self.complete(node, frame.anchor)
    }

    /// Hands a finished node to its parent, or makes it the document.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(frame) => match &mut frame.collection {
                Collection::Seq(items) => items.push(node),
                Collection::Map(members, pending) => match pending.take() {
                    Some((key, key_span)) => members.push(Member {
                        key,
                        key_span,
                        value: node,
                    }),
                    None => *pending = Some((key_text(&node)?, node.span)),
                },
            },
        }
        Ok(())
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let Some(node) = self.anchors.get(&id) else {
            return Err(YamlError {
                message: "this alias names no anchor".into(),
                help: Some("define the anchor (`&name`) before the alias (`*name`)".into()),
                span,
            });
        };
        let size = count(node);
        if size > self.alias_budget {
            return Err(YamlError {
                message: "aliases expand this document to too much data".into(),
                help: None,
                span,
            });
        }
        self.alias_budget -= size;
        let node = node.clone();
        self.complete(node, 0)
    }

    fn scalar(&self, value: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
        // Block scalars' spans run on over the blank lines and indentation that follow them.
        let end = self
            .text
            .get(span.start..span.end)
            .map_or(span.end, |s| span.start + s.trim_end().len());
        let span = Span::new(span.start, end.max(span.start));
        let kind = match tag {
            Some(t) if t.handle == CORE_HANDLE => core_tagged(&t.suffix, value),
            Some(t) if t.handle == "!" => {
                return self.tagged(
                    Some(t),
                    Node {
                        span,
                        kind: NodeKind::String(value.to_owned()),
                    },
                );
            }
            _ if style == ScalarStyle::Plain => plain(value),
            _ => NodeKind::String(value.to_owned()),
        };
        Node { span, kind }
    }

    /// Wraps a node with a CloudFormation short-form tag in the intrinsic's JSON form.
    fn tagged(&self, tag: Option<&Tag>, node: Node) -> Node {
        let Some(tag) = tag.filter(|t| t.handle == "!" && !t.suffix.is_empty()) else {
            return node;
        };
        let written = format!("!{}", tag.suffix);
        let key_span = if self
            .text
            .get(node.span.start..)
            .is_some_and(|s| s.starts_with(&written))
        {
            Span::new(node.span.start, node.span.start + written.len())
        } else {
            node.span
        };
        let (key, value) = match tag.suffix.as_str() {
            "Ref" => ("Ref".to_owned(), node),
            "Condition" => ("Condition".to_owned(), node),
            "GetAtt" => ("Fn::GetAtt".to_owned(), self.split_get_att(node)),
            other => (format!("Fn::{other}"), node),
        };
        Node {
            span: value.span,
            kind: NodeKind::Object(vec![Member {
                key,
                key_span,
                value,
            }]),
        }
    }

    /// `!GetAtt Resource.Attribute` into `["Resource", "Attribute"]`; the attribute keeps any
    /// further dots (`!GetAtt Db.Endpoint.Address`).
    fn split_get_att(&self, node: Node) -> Node {
        let NodeKind::String(s) = &node.kind else {
            return node;
        };
        let Some((resource, attribute)) = s.split_once('.') else {
            return node;
        };
        // Point each part at its text when the value is written as is, at the end of the span.
        let raw = self.text.get(node.span.start..node.span.end).unwrap_or("");
        let (resource_span, attribute_span) = if raw.ends_with(s.as_str()) {
            let start = node.span.end - s.len();
            let dot = start + resource.len();
            (Span::new(start, dot), Span::new(dot + 1, node.span.end))
        } else {
            (node.span, node.span)
        };
        let part = |text: &str, span| Node {
            span,
            kind: NodeKind::String(text.to_owned()),
        };
        Node {
            span: node.span,
            kind: NodeKind::Array(vec![
                part(resource, resource_span),
                part(attribute, attribute_span),
            ]),
        }
    }
}

fn complex_key(span: Span) -> YamlError {
    YamlError {
        message: "a mapping key must be a plain value, not a list or a mapping".into(),
        help: None,
        span,
    }
}

/// The text of a scalar used as a mapping key.
fn key_text(node: &Node) -> Result<String, YamlError> {
    match &node.kind {
        NodeKind::String(s) | NodeKind::Number(s) => Ok(s.clone()),
        NodeKind::Bool(b) => Ok(b.to_string()),
        NodeKind::Null => Ok(String::new()),
        NodeKind::Array(_) | NodeKind::Object(_) => Err(complex_key(node.span)),
    }
}

fn count(node: &Node) -> usize {
    1 + match &node.kind {
        NodeKind::Array(items) => items.iter().map(count).sum(),
        NodeKind::Object(members) => members.iter().map(|m| count(&m.value)).sum(),
        _ => 0,
    }
}

/// A `!!str`, `!!int`… scalar.
fn core_tagged(suffix: &str, value: &str) -> NodeKind {
    match suffix {
        "str" | "binary" | "timestamp" => NodeKind::String(value.to_owned()),
        "int" | "float" => NodeKind::Number(value.to_owned()),
        "bool" => NodeKind::Bool(matches!(value, "true" | "True" | "TRUE")),
        "null" => NodeKind::Null,
        _ => plain(value),
    }
}

/// Types a plain scalar with the YAML 1.2 core schema.
fn plain(value: &str) -> NodeKind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ if is_number(value) => NodeKind::Number(value.to_owned()),
        _ => NodeKind::String(value.to_owned()),
    }
}

fn is_number(s: &str) -> bool {
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(octal) = s.strip_prefix("0o") {
        return digits(octal, 8);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return digits(hex, 16);
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (whole.is_empty() || digits(whole, 10))
                && (fraction.is_empty() || digits(fraction, 10))
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

/// The parser's error, placed and explained; a tab in the indentation near it is named instead,
/// as the parser's message for those rarely says so.
fn scan_error(text: &str, offsets: &Offsets, error: &ScanError) -> YamlError {
    let at = offsets.byte(error.marker().index());
    let line = error.marker().line();
    if let Some(tab) = indenting_tab(text, line) {
        return YamlError {
            message: "a tab indents this line, and YAML allows only spaces there".into(),
            help: Some("indent with spaces: YAML forbids tabs in indentation".into()),
            span: Span::new(tab, tab + 1),
        };
    }
    let char_len = text
        .get(at..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8);
    let info = error.info();
    let help = if info.contains("tab") {
        Some("YAML separates with spaces: replace the tab with spaces")
    } else if info.contains("mapping values are not allowed") {
        Some("a `: ` inside a value starts a mapping: quote the value")
    } else if info.contains("did not find expected key") || info.contains("indentation") {
        Some("check this line's indentation against the lines above it")
    } else if info.contains("end of stream") || info.contains("unclosed") {
        Some("a quote or bracket may be unclosed: the text may have been cut short")
    } else {
        None
    };
    let mut chars = info.chars();
    let message = chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    });
    YamlError {
        message,
        help: help.map(str::to_owned),
        span: Span::new(at, at + char_len),
    }
}

/// The byte offset of the first tab in the indentation of the lines up to just after `line`
/// (1-based), where a parse error was found: a tab there is the likely cause.
fn indenting_tab(text: &str, line: usize) -> Option<usize> {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n > line {
            break;
        }
        let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
        if let Some(i) = l.get(..indent).and_then(|s| s.find('\t'))
            && !l.trim().is_empty()
        {
            return Some(offset + i);
        }
        offset += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;

    fn text_of(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn types_plain_scalars_with_the_core_schema() {
        let text =
            "a: 1\nb: true\nc: ~\nd: 2012-10-17\ne: '12'\nf: 1.5e3\ng: 0x1F\nh: .inf\ni: 1.2.3\n";
        let node = parse(text).unwrap();
        let kind = |k: &str| node.get(k).unwrap().kind.clone();
        assert_eq!(kind("a"), NodeKind::Number("1".into()));
        assert_eq!(kind("b"), NodeKind::Bool(true));
        assert_eq!(kind("c"), NodeKind::Null);
        assert_eq!(kind("d"), NodeKind::String("2012-10-17".into()));
        assert_eq!(kind("e"), NodeKind::String("12".into()));
        assert_eq!(kind("f"), NodeKind::Number("1.5e3".into()));
        assert_eq!(kind("g"), NodeKind::Number("0x1F".into()));
        assert_eq!(kind("h"), NodeKind::Number(".inf".into()));
        assert_eq!(kind("i"), NodeKind::String("1.2.3".into()));
    }

    #[test]
    fn spans_are_byte_ranges_that_line_index_places() {
        let text = "# é comment\nRoot:\n  Name: \"wéb\"\n  List:\n    - a\n    - {k: v}\n";
        let node = parse(text).unwrap();
        let root = node.get("Root").unwrap();
        let name = root.member("Name").unwrap();
        assert_eq!(text_of(text, name.key_span), "Name");
        assert_eq!(text_of(text, name.value.span), "\"wéb\"");
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(name.value.span.start), (3, 9));
        let list = root.get("List").unwrap();
        assert_eq!(text_of(text, list.span), "- a\n    - {k: v}");
        let flow = &list.as_array().unwrap()[1];
        assert_eq!(text_of(text, flow.span), "{k: v}");
        assert_eq!(
            text_of(text, root.span),
            "Name: \"wéb\"\n  List:\n    - a\n    - {k: v}"
        );
    }

    #[test]
    fn short_form_intrinsics_become_their_json_form() {
        let text = "A: !Ref Role\nB: !GetAtt Role.Arn\nC: !Sub '${AWS::Region}'\nD: !Join [':', [a, !Ref B]]\nE: !GetAtt [Db, Endpoint.Address]\nF: !Condition IsProd\nG: !If\n  - IsProd\n  - x\n  - !Ref AWS::NoValue\n";
        let node = parse(text).unwrap();
        let a = node.get("A").unwrap();
        let r = a.member("Ref").unwrap();
        assert_eq!(r.value.as_str(), Some("Role"));
        assert_eq!(text_of(text, a.span), "!Ref Role");
        assert_eq!(text_of(text, r.key_span), "!Ref");
        let b = node.get("B").unwrap().get("Fn::GetAtt").unwrap();
        let parts = b.as_array().unwrap();
        assert_eq!(parts[0].as_str(), Some("Role"));
        assert_eq!(text_of(text, parts[0].span), "Role");
        assert_eq!(text_of(text, parts[1].span), "Arn");
        assert_eq!(
            node.get("C").unwrap().get("Fn::Sub").unwrap().as_str(),
            Some("${AWS::Region}")
        );
        let join = node.get("D").unwrap().get("Fn::Join").unwrap();
        assert_eq!(
            text_of(text, node.get("D").unwrap().span),
            "!Join [':', [a, !Ref B]]"
        );
        let list = join.as_array().unwrap()[1].as_array().unwrap();
        assert_eq!(list[1].get("Ref").unwrap().as_str(), Some("B"));
        let e = node.get("E").unwrap().get("Fn::GetAtt").unwrap();
        assert_eq!(e.as_array().unwrap()[1].as_str(), Some("Endpoint.Address"));
        assert_eq!(
            node.get("F").unwrap().get("Condition").unwrap().as_str(),
            Some("IsProd")
        );
        let g = node.get("G").unwrap().get("Fn::If").unwrap();
        assert_eq!(g.as_array().unwrap().len(), 3);
    }

    #[test]
    fn block_scalars_and_aliases() {
        let text = "doc: |\n  line 1\n  line 2\n\nbase: &b {x: 1}\ncopy: *b\n";
        let node = parse(text).unwrap();
        let doc = node.get("doc").unwrap();
        assert_eq!(doc.as_str(), Some("line 1\nline 2\n"));
        // The span starts at the content: the `|` indicator is left out.
        assert_eq!(text_of(text, doc.span), "line 1\n  line 2");
        assert_eq!(
            node.get("copy").unwrap().get("x").unwrap().kind,
            NodeKind::Number("1".into())
        );
    }

    #[test]
    fn a_tab_in_indentation_is_reported_at_the_tab() {
        let text = "Resources:\n  TD:\n\tType: AWS::ECS::TaskDefinition\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.span, Span::new(17, 18));
        assert_eq!(LineIndex::new(text).line_column(err.span.start), (3, 1));
        assert!(err.message.contains("tab"), "{err:?}");
        assert!(err.help.unwrap().contains("spaces"));
    }

    #[test]
    fn syntax_errors_are_located_and_lowercase() {
        let text = "a: b: c\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err.message,
            "mapping values are not allowed in this context"
        );
        assert_eq!(err.span.start, 4);
        assert!(err.help.is_some());
    }

    #[test]
    fn rejects_several_documents_and_empty_ones() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("several"));
        assert_eq!(err.span.start, 5);
        assert_eq!(
            parse("# only a comment\n").unwrap_err().message,
            "the YAML document is empty"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("too much"), "{err:?}");
    }

    #[test]
    fn complex_keys_are_refused() {
        assert!(parse("? [a, b]\n: c\n").is_err());
    }
}
