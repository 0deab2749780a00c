//! The request context: the values of condition keys for one request.

/// What a condition key is for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    Present(&'a [String]),
    Absent,
    /// The key may or may not be in the request, with any value: only the ECS analysis, which
    /// cannot know the runtime context, has such keys. Conditions on them make a decision
    /// conditional.
    Unknown,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Keys lowercased (condition keys are case-insensitive), with their values.
    entries: Vec<(String, Vec<String>)>,
    /// Keys declared unknown.
    unknown: Vec<String>,
    /// When true, every key not given is unknown rather than absent.
    open: bool,
}

impl Context {
    /// A complete context: a key not given is absent, as in `rolecall simulate`.
    #[must_use]
    pub fn complete() -> Self {
        Self::default()
    }

    /// An open context: a key not given is unknown, as in the ECS analysis.
    #[must_use]
    pub fn open() -> Self {
        Self {
            open: true,
            ..Self::default()
        }
    }

    pub fn set(&mut self, key: &str, values: Vec<String>) {
        let key = key.to_ascii_lowercase();
        self.unknown.retain(|k| *k != key);
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = values,
            None => self.entries.push((key, values)),
        }
    }

    /// Declares that the key is not in the request.
    pub fn set_absent(&mut self, key: &str) {
        let key = key.to_ascii_lowercase();
        self.entries.retain(|(k, _)| *k != key);
        self.unknown.retain(|k| *k != key);
        if self.open {
            // An open context needs an explicit "absent": an empty entry says it.
            self.entries.push((key, Vec::new()));
        }
    }

    pub fn set_unknown(&mut self, key: &str) {
        let key = key.to_ascii_lowercase();
        self.entries.retain(|(k, _)| *k != key);
        if !self.unknown.contains(&key) {
            self.unknown.push(key);
        }
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Lookup<'_> {
        // Stored keys are lower case; comparing without regard to case spares a copy per lookup.
        if let Some((_, values)) = self
            .entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            return if values.is_empty() {
                Lookup::Absent
            } else {
                Lookup::Present(values)
            };
        }
        if self.open || self.unknown.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            Lookup::Unknown
        } else {
            Lookup::Absent
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_open_contexts_are_unknown() {
        let mut c = Context::complete();
        c.set("aws:SourceAccount", vec!["1".into()]);
        assert_eq!(
            c.get("AWS:sourceaccount"),
            Lookup::Present(&["1".to_owned()])
        );
        assert_eq!(c.get("aws:SourceIp"), Lookup::Absent);
        let mut o = Context::open();
        assert_eq!(o.get("aws:SourceIp"), Lookup::Unknown);
        o.set_absent("aws:SourceIp");
        assert_eq!(o.get("aws:SourceIp"), Lookup::Absent);
    }
}
