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
    matches_by(pattern, text, |p, t| p == t)
}

/// As [`matches`], comparing characters without regard to ASCII case (action names).
#[must_use]
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    matches_by(pattern, text, |p, t| p.eq_ignore_ascii_case(&t))
}

fn matches_by(pattern: &str, text: &str, eq: impl Fn(char, char) -> bool + Copy) -> bool {
    let text: Vec<char> = text.chars().collect();
    let mut segments = pattern.split('*');
    let first: Vec<char> = segments.next().unwrap_or_default().chars().collect();
    if !pattern.contains('*') {
        return first.len() == text.len() && segment_at(&first, &text, 0, eq);
    }
    if first.len() > text.len() || !segment_at(&first, &text, 0, eq) {
        return false;
    }
    let mut rest: Vec<Vec<char>> = segments.map(|s| s.chars().collect()).collect();
    let last = rest.pop().unwrap_or_default();
    let mut pos = first.len();
    for segment in &rest {
        match find(segment, &text, pos, eq) {
            Some(at) => pos = at + segment.len(),
            None => return false,
        }
    }
    // The last segment sits at the very end, after everything matched so far.
    text.len() >= pos + last.len() && segment_at(&last, &text, text.len() - last.len(), eq)
}

/// Whether `segment` (no `*`, maybe `?`) matches `text` at `at`.
fn segment_at(segment: &[char], text: &[char], at: usize, eq: impl Fn(char, char) -> bool) -> bool {
    let Some(window) = text.get(at..at + segment.len()) else {
        return false;
    };
    segment.iter().zip(window).all(|(&p, &t)| match p {
        '?' => true,
        LITERAL_STAR => t == '*',
        LITERAL_QUESTION => t == '?',
        _ => eq(p, t),
    })
}

/// The leftmost place at or after `from` where `segment` matches.
fn find(
    segment: &[char],
    text: &[char],
    from: usize,
    eq: impl Fn(char, char) -> bool + Copy,
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
            let matched = matches_by(pattern, &text, |p, t| {
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
