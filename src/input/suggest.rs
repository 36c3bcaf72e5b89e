//! "Did you mean" suggestions for mistyped names (scenario keys, sheets).

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a plausible typo: at most a third of the word's length (at least 1,
/// at most 3 edits), compared case-insensitively.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&w, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= limit && !c.is_empty())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Adds a suggestion to a TOML "unknown field" message, which reads
/// ``unknown field `x`, expected one of `a`, `b` `` (or `expected `a``).
pub fn toml_unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (word, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let candidates: Vec<&str> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    did_you_mean(word, &candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let keys = ["hours_per_call", "reactive_share", "divert_share"];
        assert_eq!(did_you_mean("reactiv_share", &keys), Some("reactive_share"));
        assert_eq!(did_you_mean("Divert_Share", &keys), Some("divert_share"));
        assert_eq!(did_you_mean("budget", &keys), None);
    }

    #[test]
    fn reads_toml_messages() {
        let m = "unknown field `min_oficers`, expected `min_officers`";
        assert_eq!(
            toml_unknown_field(m).as_deref(),
            Some("did you mean `min_officers`?")
        );
        let m = "unknown field `totl`, expected one of `total`, `per_village`";
        assert_eq!(
            toml_unknown_field(m).as_deref(),
            Some("did you mean `total`?")
        );
    }
}
