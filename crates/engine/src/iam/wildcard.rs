//! IAM's `*` and `?` wildcards, in time linear in the text for a given pattern.
//!
//! The pattern is split at `*` into segments; the first must match at the start, the last at the
//! end, and the ones between are found left to right, each at its leftmost place. Leftmost is
//! always safe (a later segment has more room after an earlier match), so nothing backtracks, and
//! a pattern such as `*a*a*a*a*a*b` cannot blow up on a long text.

/// In a pattern, stands for a literal `*` (from `${*}`, or a `*` inside a substituted value).
pub const LITERAL_STAR: char = '\u{E000}';
/// In a pattern, stands for a literal `?`.
pub const LITERAL_QUESTION: char = '\u{E001}';

/// A pattern with its literal markers turned back into the characters they stand for, for
/// operators that do not match wildcards.
#[must_use]
pub fn unescape(pattern: &str) -> String {
    pattern
        .replace(LITERAL_STAR, "*")
        .replace(LITERAL_QUESTION, "?")
}

/// Marks `*` and `?` in `text` as literal, for inserting it into a pattern.
#[must_use]
pub fn escape(text: &str) -> String {
    text.replace('*', &LITERAL_STAR.to_string())
        .replace('?', &LITERAL_QUESTION.to_string())
}

/// Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one.
#[must_use]
pub fn matches(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // The usual case (ARNs, action names): bytes are characters, nothing to allocate.
        return glob(pattern.as_bytes(), text.as_bytes(), |p, t| p == t);
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    glob(&p, &t, |p, t| p == t)
}

/// As [`matches`], comparing characters without regard to ASCII case (action names).
#[must_use]
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return glob(pattern.as_bytes(), text.as_bytes(), |p, t| {
            p.eq_ignore_ascii_case(&t)
        });
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    glob(&p, &t, |p, t| p.eq_ignore_ascii_case(&t))
}

/// A pattern element: `*`, `?`, a literal marker, or a character to compare.
trait Symbol: Copy + PartialEq {
    const STAR: Self;
    /// Whether the pattern symbol `self` matches the text symbol `t`, `eq` comparing plain ones.
    fn matches(self, t: Self, eq: impl Fn(Self, Self) -> bool) -> bool;
}

impl Symbol for u8 {
    const STAR: Self = b'*';
    fn matches(self, t: Self, eq: impl Fn(Self, Self) -> bool) -> bool {
        self == b'?' || eq(self, t)
    }
}

impl Symbol for char {
    const STAR: Self = '*';
    fn matches(self, t: Self, eq: impl Fn(Self, Self) -> bool) -> bool {
        match self {
            '?' => true,
            LITERAL_STAR => t == '*',
            LITERAL_QUESTION => t == '?',
            _ => eq(self, t),
        }
    }
}

fn glob<S: Symbol>(pattern: &[S], text: &[S], eq: impl Fn(S, S) -> bool + Copy) -> bool {
    let mut segments = pattern.split(|&s| s == S::STAR);
    let first = segments.next().unwrap_or_default();
    if first.len() == pattern.len() {
        return first.len() == text.len() && segment_at(first, text, 0, eq);
    }
    if first.len() > text.len() || !segment_at(first, text, 0, eq) {
        return false;
    }
    let mut pos = first.len();
    let mut last: &[S] = &[];
    let mut pending: Option<&[S]> = None;
    for segment in segments {
        // Every segment but the last is found left to right, each at its leftmost place.
        if let Some(middle) = pending.replace(segment) {
            match find(middle, text, pos, eq) {
                Some(at) => pos = at + middle.len(),
                None => return false,
            }
        }
        last = segment;
    }
    // The last segment sits at the very end, after everything matched so far.
    text.len() >= pos + last.len() && segment_at(last, text, text.len() - last.len(), eq)
}

/// Whether `segment` (no `*`, maybe `?`) matches `text` at `at`.
fn segment_at<S: Symbol>(
    segment: &[S],
    text: &[S],
    at: usize,
    eq: impl Fn(S, S) -> bool + Copy,
) -> bool {
    let Some(window) = text.get(at..at + segment.len()) else {
        return false;
    };
    segment.iter().zip(window).all(|(&p, &t)| p.matches(t, eq))
}

/// The leftmost place at or after `from` where `segment` matches.
fn find<S: Symbol>(
    segment: &[S],
    text: &[S],
    from: usize,
    eq: impl Fn(S, S) -> bool + Copy,
) -> Option<usize> {
    if segment.is_empty() {
        return Some(from);
    }
    let last_start = text.len().checked_sub(segment.len())?;
    (from..=last_start).find(|&at| segment_at(segment, text, at, eq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches("*", ""));
        assert!(matches("*", "anything"));
        assert!(matches("s3:Get*", "s3:GetObject"));
        assert!(!matches("s3:Get*", "s3:PutObject"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("*b*", "abc"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXcYYb"));
        assert!(matches("ab*ba", "abba"));
        assert!(!matches("ab*ba", "aba"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(matches("**", "x"));
        assert!(matches("é?", "éé"));
    }

    #[test]
    fn literal_markers_match_only_themselves() {
        let star = format!("a{LITERAL_STAR}b");
        assert!(matches(&star, "a*b"));
        assert!(!matches(&star, "axb"));
        assert!(matches(&escape("a?*"), "a?*"));
        assert!(!matches(&escape("a?*"), "ab*"));
        assert_eq!(unescape(&escape("x*y?")), "x*y?");
    }

    #[test]
    fn case() {
        assert!(matches_ignore_case("S3:get*", "s3:GetObject"));
        assert!(!matches("S3:get*", "s3:GetObject"));
    }

    #[test]
    fn adversarial_patterns_take_linear_steps() {
        // Count character comparisons rather than time them: the bound is exact and the test
        // cannot flake. Backtracking matchers take exponential steps on these.
        for (pattern, n) in [
            ("*a*a*a*a*a*a*a*a*a*a*b", 100_000),
            ("*?*?*?*?*?*x", 100_000),
        ] {
            let text = "a".repeat(n);
            let steps = std::cell::Cell::new(0_usize);
            let matched = glob(pattern.as_bytes(), text.as_bytes(), |p: u8, t: u8| {
                steps.set(steps.get() + 1);
                p == t
            });
            assert!(!matched);
            assert!(
                steps.get() <= 2 * pattern.len() * n,
                "{pattern}: {} steps",
                steps.get()
            );
        }
    }
}
