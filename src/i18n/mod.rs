//! The languages of what people read — the report, the brief, the terminal summary, the
//! charts: English (the default), French and German. Catalogue labels and units come from
//! `catalogue.tsv` (English text → French, German), the report's own sentences from
//! `phrases.tsv` (a key → English, French, German); numbers are written as each language
//! writes them (decimal comma and a thousands separator in French and German).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of the outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
        }
    }

    fn column(self) -> usize {
        self as usize
    }

    /// A catalogue label or unit (or a crime type, task or stance name) in this language;
    /// the English text itself when it has no translation (the test of the catalogue makes
    /// sure every one has).
    pub fn text(self, english: &str) -> &str {
        if self == Lang::En {
            return english;
        }
        match catalogue().get(english) {
            Some(t) => t[self.column() - 1],
            None => english,
        }
    }

    /// Whether `english` has a translation in both other languages.
    pub fn translated(english: &str) -> bool {
        catalogue().get(english).is_some_and(|t| t.iter().all(|s| !s.is_empty()))
    }

    /// A sentence of the report by its key in phrases.tsv, `{0}`, `{1}`… replaced by `args`.
    pub fn phrase(self, key: &str, args: &[&str]) -> String {
        let text = phrases().get(key).map_or(key, |t| t[self.column()]);
        let mut out = text.to_string();
        for (i, a) in args.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), a);
        }
        out
    }

    /// `x` as the catalogue rounds it (`format_number`), with this language's decimal mark
    /// and thousands separator: 12345.6 → "12346", "12 346", "12.346"; 0.25 → "0,250".
    pub fn number(self, x: f64) -> String {
        self.localise(&crate::catalogue::format_number(x))
    }

    /// A number already written in English style, in this language.
    pub fn localise(self, english: &str) -> String {
        let (thousands, decimal) = match self {
            Lang::En => (",", "."),
            // French: a narrow no-break space between thousands (Imprimerie nationale).
            Lang::Fr => ("\u{202f}", ","),
            Lang::De => (".", ","),
        };
        let (sign, rest) = match english.strip_prefix('-').or_else(|| english.strip_prefix('−')) {
            Some(r) => ("−", r),
            None => ("", english.strip_prefix('+').unwrap_or(english)),
        };
        let plus = if english.starts_with('+') { "+" } else { "" };
        let (whole, frac) = rest.split_once('.').unwrap_or((rest, ""));
        if !whole.chars().all(|c| c.is_ascii_digit()) || whole.is_empty() {
            return english.to_string();
        }
        // English keeps four-digit numbers unseparated in tables (1234), as do the others.
        let grouped = if whole.len() > 4 {
            let digits: Vec<char> = whole.chars().collect();
            let mut s = String::new();
            for (i, c) in digits.iter().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    s.push_str(thousands);
                }
                s.push(*c);
            }
            s
        } else {
            whole.to_string()
        };
        let frac = if frac.is_empty() { String::new() } else { format!("{decimal}{frac}") };
        format!("{plus}{sign}{grouped}{frac}")
    }

    /// A label inside a sentence: its first letter lower-case in English and French;
    /// German keeps it (its nouns are capitalised).
    pub fn in_sentence(self, label: &str) -> String {
        let mut chars = label.chars();
        match (self, chars.next()) {
            (Lang::De, _) | (_, None) => label.to_string(),
            (_, Some(c)) => c.to_lowercase().chain(chars).collect(),
        }
    }

    /// An interval of numbers already written: "[1.2, 3.4]"; French and German, whose
    /// decimal mark is the comma, separate with a semicolon: "[1,2; 3,4]".
    pub fn bracket(self, lo: &str, hi: &str) -> String {
        match self {
            Lang::En => format!("[{lo}, {hi}]"),
            Lang::Fr | Lang::De => format!("[{lo}; {hi}]"),
        }
    }

    /// A share as a percentage: 0.253 → "25%" / "25 %" (French and German put a space).
    pub fn percent(self, share: f64, decimals: usize) -> String {
        let n = self.localise(&format!("{:.*}", decimals, 100.0 * share));
        match self {
            Lang::En => format!("{n}%"),
            Lang::Fr | Lang::De => format!("{n}\u{a0}%"),
        }
    }
}

/// A `--lang` value diypol does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language of diypol; expected one of: en, fr, de")]
pub struct UnknownLang(pub String);

/// `--lang en|fr|de`.
impl std::str::FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::ALL.into_iter().find(|l| l.code() == s).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

/// Rows of a tab-separated table after its header; `#` lines are comments.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn catalogue() -> &'static HashMap<&'static str, [&'static str; 2]> {
    static MAP: OnceLock<HashMap<&'static str, [&'static str; 2]>> = OnceLock::new();
    MAP.get_or_init(|| {
        rows(include_str!("catalogue.tsv")).filter(|r| r.len() == 3).map(|r| (r[0], [r[1], r[2]])).collect()
    })
}

fn phrases() -> &'static HashMap<&'static str, [&'static str; 3]> {
    static MAP: OnceLock<HashMap<&'static str, [&'static str; 3]>> = OnceLock::new();
    MAP.get_or_init(|| {
        rows(include_str!("phrases.tsv"))
            .filter(|r| r.len() == 4)
            .map(|r| (r[0], [r[1], r[2], r[3]]))
            .collect()
    })
}

/// Every phrase key, for the test that each has all three languages.
pub fn phrase_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = phrases().keys().copied().collect();
    keys.sort_unstable();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_label_unit_and_member_has_three_languages() {
        let mut missing = Vec::new();
        for e in crate::catalogue::all() {
            for text in [e.label, e.unit] {
                if !text.is_empty() && !Lang::translated(text) {
                    missing.push(text);
                }
            }
        }
        let members = crate::scenario::default_crime_types().into_keys().map(|k| k.replace('_', " "));
        let tasks = crate::world::police::TASKS.iter().map(|t| t.name().replace('_', " "));
        for m in members.chain(tasks) {
            if !Lang::translated(&m) {
                missing.push(Box::leak(m.into_boxed_str()));
            }
        }
        assert!(missing.is_empty(), "no French or German for: {missing:?}");
        // Placeholders survive translation.
        for (en, t) in catalogue() {
            for p in ["{type}", "{task}", "{quartile}"] {
                assert_eq!(en.contains(p), t[0].contains(p) && t[1].contains(p), "{en}: {t:?}");
            }
        }
    }

    #[test]
    fn every_phrase_has_three_languages_and_the_same_arguments() {
        let keys = phrase_keys();
        assert!(keys.len() >= 30, "{} phrases", keys.len());
        for k in keys {
            let t = phrases()[k];
            for (i, text) in t.iter().enumerate() {
                assert!(!text.trim().is_empty(), "{k}: language {i} is empty");
                for n in 0..4 {
                    let p = format!("{{{n}}}");
                    assert_eq!(t[0].contains(&p), text.contains(&p), "{k}: {p} in one language only");
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(12345.6), "12,346");
        assert_eq!(Lang::Fr.number(12345.6), "12\u{202f}346");
        assert_eq!(Lang::De.number(12345.6), "12.346");
        assert_eq!(Lang::De.number(0.25), "0,250");
        assert_eq!(Lang::Fr.number(-3.5), "−3,50");
        assert_eq!(Lang::En.number(1234.0), "1234");
        assert_eq!(Lang::De.localise("+1.25"), "+1,25");
        assert_eq!(Lang::Fr.percent(0.253, 0), "25\u{a0}%");
        assert_eq!(Lang::En.percent(0.253, 1), "25.3%");
        assert_eq!(Lang::Fr.text("Crimes"), "Infractions");
        assert_eq!(Lang::De.bracket("1,2", "3,4"), "[1,2; 3,4]");
        assert_eq!("de".parse::<Lang>(), Ok(Lang::De));
        assert!("es".parse::<Lang>().unwrap_err().to_string().contains("en, fr, de"));
    }
}
