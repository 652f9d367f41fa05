//! The brief's verdict: for each scenario against the first, the differences that hold —
//! the paired 95% interval excludes zero and, over posterior draws, at least
//! [`ROBUST_SHARE`] of plausible worlds agree on the direction — said in plain sentences
//! with units and whether the direction is good or bad news (the catalogue's `better`),
//! then police cost and the net social benefit.

use super::ensemble::RobustRow;
use super::summary::Row;
use crate::catalogue::{Better, CvRun, DiyComparison, DiyRun, Entry, File, Question, find, show};
use crate::i18n::Lang;
use crate::scenario::ModelKind;

/// Share of posterior draws that must agree on a difference's direction for it to hold.
pub const ROBUST_SHARE: f64 = 0.8;

/// Differences listed as the largest that hold, per scenario.
const LARGEST: usize = 5;

/// One indicator of one scenario against the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub indicator: String,
    pub question: Question,
    pub label: String,
    pub unit: String,
    /// Scenario − reference (for the comparison's own indicators, their value).
    pub diff: f64,
    pub lo: f64,
    pub hi: f64,
    /// The difference as a share of the reference's mean, when that is not zero.
    pub relative: Option<f64>,
    pub better: Better,
    /// Share of posterior draws in which the difference has the sign of `diff`.
    pub agreeing: Option<f64>,
    pub holds: bool,
}

impl Finding {
    /// Good news (true), bad news (false), or neither: a difference that does not hold,
    /// or an indicator that is not better high or low.
    pub fn good(&self) -> Option<bool> {
        if !self.holds {
            return None;
        }
        match self.better {
            Better::Lower => Some(self.diff < 0.0),
            Better::Higher => Some(self.diff > 0.0),
            Better::Neither => None,
        }
    }

    /// "−2.31 [−3.02, −1.60]": the difference with its interval, signed.
    pub fn difference(&self, lang: Lang) -> String {
        let n = |x: f64| signed(lang, x);
        if self.lo.is_finite() && self.hi.is_finite() {
            format!("{} {}", n(self.diff), lang.bracket(&n(self.lo), &n(self.hi)))
        } else {
            n(self.diff)
        }
    }

    /// "−2.31 per 1,000 residents per year [−3.02, −1.60]".
    pub fn amount(&self, lang: Lang) -> String {
        let n = |x: f64| signed(lang, x);
        let interval = if self.lo.is_finite() && self.hi.is_finite() {
            format!(" {}", lang.bracket(&n(self.lo), &n(self.hi)))
        } else {
            String::new()
        };
        format!("{} {}{interval}", n(self.diff), self.unit).replace("  ", " ")
    }

    /// ▼ or ▲ for a difference that holds, nothing for one that does not.
    pub fn arrow(&self) -> &'static str {
        match (self.holds, self.diff < 0.0) {
            (false, _) => "",
            (true, true) => "▼",
            (true, false) => "▲",
        }
    }

    /// "better" or "worse" in `lang` for a difference that holds and is good or bad news.
    pub fn news(&self, lang: Lang) -> Option<String> {
        self.good().map(|good| lang.phrase(if good { "good_news" } else { "bad_news" }, &[]))
    }
}

/// The catalogue entry of an indicator in a comparison's rows, and whether it is one of the
/// comparison's own indicators (a value against the first scenario, not a difference).
pub fn entry_of(model: ModelKind, indicator: &str) -> Option<(&'static Entry, bool)> {
    match find(File::Runs, model, indicator) {
        Some(e) => Some((e, false)),
        None => find(File::Comparison, model, indicator).map(|e| (e, true)),
    }
}

/// A number with its sign: "+1.25", "−0.40".
pub fn signed(lang: Lang, x: f64) -> String {
    let s = lang.number(x);
    if x > 0.0 { format!("+{s}") } else { s }
}

/// What the brief says of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub scenario: String,
    /// One sentence: crime, harm, cost, net benefit.
    pub headline: String,
    /// The largest differences that hold, one sentence each.
    pub largest: Vec<String>,
    /// Every compared indicator (for the table's colours).
    pub findings: Vec<Finding>,
}

/// The findings of `scenario`: indicators the catalogue shows in comparisons.
pub fn findings(
    rows: &[Row],
    reference: &str,
    scenario: &str,
    robust: &[RobustRow],
    model: ModelKind,
    lang: Lang,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| r.scenario == scenario) {
        let Some((entry, own)) = entry_of(model, &r.indicator) else { continue };
        if !entry.shown(show::COMPARE) {
            continue;
        }
        let (diff, lo, hi) = if own { (r.mean, r.lo, r.hi) } else { (r.diff, r.diff_lo, r.diff_hi) };
        let Some(diff) = diff else { continue };
        let (lo, hi) = (lo.unwrap_or(f64::NAN), hi.unwrap_or(f64::NAN));
        let reference_mean = rows
            .iter()
            .find(|x| x.scenario == reference && x.indicator == r.indicator)
            .and_then(|x| x.mean)
            .filter(|m| *m != 0.0 && !own);
        let agreeing = robust
            .iter()
            .find(|x| x.indicator == r.indicator && x.scenario == scenario)
            .and_then(|x| if diff < 0.0 { x.share_lower } else { x.share_higher });
        let excludes_zero = (lo > 0.0 && hi > 0.0) || (lo < 0.0 && hi < 0.0);
        let member = entry.matches(&r.indicator).unwrap_or("");
        out.push(Finding {
            indicator: r.indicator.clone(),
            question: Question::of(&r.indicator, model),
            label: label(lang, entry.label, entry.name, member),
            unit: lang.text(entry.unit).to_string(),
            diff,
            lo,
            hi,
            relative: reference_mean.map(|m| diff / m.abs()),
            better: entry.better,
            agreeing,
            holds: excludes_zero && agreeing.is_none_or(|a| a >= ROBUST_SHARE),
        });
    }
    out
}

/// A catalogue label in `lang`, with a family's member (a crime type, a task) translated.
pub fn label(lang: Lang, label: &str, name: &str, member: &str) -> String {
    let text = lang.text(label);
    match ["{task}", "{type}", "{quartile}"].into_iter().find(|p| name.contains(p)) {
        Some(p) => text.replace(p, lang.text(&member.replace('_', " "))),
        None => text.to_string(),
    }
}

/// The verdict of every scenario after the first.
pub fn verdicts(
    names: &[String],
    rows: &[Row],
    robust: &[RobustRow],
    model: ModelKind,
    lang: Lang,
) -> Vec<Verdict> {
    names
        .iter()
        .skip(1)
        .map(|name| {
            let f = findings(rows, &names[0], name, robust, model, lang);
            Verdict {
                scenario: name.clone(),
                headline: headline(&f, name, &names[0], model, lang),
                largest: largest(&f, lang),
                findings: f,
            }
        })
        .collect()
}

fn percent(lang: Lang, f: &Finding) -> String {
    f.relative.map_or_else(|| f.amount(lang), |r| lang.percent(r.abs(), if r.abs() < 0.1 { 1 } else { 0 }))
}

/// "collaborate against baseline: 4.1% less crime (…); more harm: …; police cost …; net …."
fn headline(f: &[Finding], scenario: &str, reference: &str, model: ModelKind, lang: Lang) -> String {
    let get = |name: &str| f.iter().find(|x| x.indicator == name);
    let crime = match model {
        ModelKind::DiyPolicing => DiyRun::CrimesPer1000Year.name(),
        ModelKind::CivilViolence => CvRun::MeanActive.name(),
    };
    let mut parts = Vec::new();
    if let Some(c) = get(crime) {
        let key = match (c.holds, c.diff < 0.0) {
            (true, true) => "crime_lower",
            (true, false) => "crime_higher",
            _ => "crime_same",
        };
        let mut s = lang.phrase(key, &[&percent(lang, c), &c.amount(lang)]);
        if let Some(a) = c.agreeing {
            s.push_str(&lang.phrase("in_worlds", &[&lang.percent(a, 0)]));
        }
        parts.push(s);
    }
    let harms: Vec<&Finding> =
        f.iter().filter(|x| x.question == Question::Harm && x.better != Better::Neither).collect();
    if !harms.is_empty() {
        // The three largest (relative to the reference) of each direction: a sentence, not a table.
        let list = |good: bool| {
            let mut of: Vec<&&Finding> = harms.iter().filter(|x| x.good() == Some(good)).collect();
            of.sort_by(|a, b| size(b).total_cmp(&size(a)));
            let mut names: Vec<String> = of
                .iter()
                .take(3)
                .map(|x| format!("{} ({})", lang.in_sentence(&x.label), signed(lang, x.diff)))
                .collect();
            if of.len() > 3 {
                names.push("…".into());
            }
            names.join(", ")
        };
        let (worse, better) = (list(false), list(true));
        parts.push(match (worse.is_empty(), better.is_empty()) {
            (false, true) => lang.phrase("harm_worse", &[&worse]),
            (true, false) => lang.phrase("harm_better", &[&better]),
            (false, false) => lang.phrase("harm_mixed", &[&worse, &better]),
            (true, true) => lang.phrase("harm_same", &[]),
        });
    }
    if let Some(c) = get(DiyRun::CostEurPerResidentYear.name()) {
        let key = match (c.holds, c.diff > 0.0) {
            (true, true) => "cost_more",
            (true, false) => "cost_less",
            _ => "cost_same",
        };
        let interval = if c.lo.is_finite() && c.hi.is_finite() {
            lang.bracket(&signed(lang, c.lo), &signed(lang, c.hi))
        } else {
            String::new()
        };
        parts.push(lang.phrase(key, &[&lang.number(c.diff.abs()), &interval]));
    }
    if let Some(n) = get(DiyComparison::NetSocialBenefit.name()) {
        let key = match (n.holds, n.diff > 0.0) {
            (true, true) => "nsb_positive",
            (true, false) => "nsb_negative",
            _ => "nsb_unclear",
        };
        parts.push(lang.phrase(key, &[&n.amount(lang)]));
    }
    format!("{} {}.", lang.phrase("verdict_head", &[scenario, reference]), parts.join("; "))
}

/// How large a difference is, for ranking: against the larger of the two means, so a
/// reference near zero does not make a small change look enormous.
fn size(f: &Finding) -> f64 {
    match f.relative {
        Some(r) => {
            let reference = f.diff / r;
            (f.diff / reference.abs().max((reference + f.diff).abs())).abs()
        }
        None => 0.0,
    }
}

/// "(+36%)" against the reference, or "(×12)" when the scenario's value is more than three
/// times the reference's.
fn change(f: &Finding, lang: Lang) -> String {
    match f.relative {
        Some(r) if r > 2.0 => format!(" (×{})", lang.localise(&format!("{:.0}", 1.0 + r))),
        Some(r) => format!(" ({}{})", if r > 0.0 { "+" } else { "−" }, lang.percent(r.abs(), 0)),
        None => String::new(),
    }
}

/// The differences that hold, largest first: good or bad news before activity that is
/// neither.
fn largest(f: &[Finding], lang: Lang) -> Vec<String> {
    let mut held: Vec<&Finding> = f.iter().filter(|x| x.holds && x.relative.is_some()).collect();
    held.sort_by(|a, b| {
        (b.good().is_some(), size(b))
            .partial_cmp(&(a.good().is_some(), size(a)))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    held.into_iter()
        .take(LARGEST)
        .map(|x| {
            let news = x.news(lang).unwrap_or_else(|| lang.phrase("neither_news", &[]));
            format!("{}: {}{} — {news}", x.label, x.amount(lang), change(x, lang))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRIMES: &str = DiyRun::CrimesPer1000Year.name();
    const NAMED: &str = DiyRun::InnocentsNamedPer100k.name();
    const INJURIES: &str = DiyRun::VigilanteInjuries.name();
    const COST: &str = DiyRun::CostEurPerResidentYear.name();

    fn row(indicator: &str, scenario: &str, mean: f64, diff: Option<(f64, f64, f64)>) -> Row {
        Row {
            indicator: indicator.into(),
            scenario: scenario.into(),
            runs: 5,
            mean: Some(mean),
            lo: Some(mean * 0.9),
            hi: Some(mean * 1.1),
            diff: diff.map(|d| d.0),
            diff_lo: diff.map(|d| d.1),
            diff_hi: diff.map(|d| d.2),
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            row(CRIMES, "a", 50.0, None),
            row(CRIMES, "b", 45.0, Some((-5.0, -6.0, -4.0))),
            row(NAMED, "a", 2.0, None),
            row(NAMED, "b", 3.0, Some((1.0, 0.5, 1.5))),
            row(INJURIES, "a", 1.0, None),
            row(INJURIES, "b", 1.1, Some((0.1, -0.2, 0.4))),
            row(COST, "a", 100.0, None),
            row(COST, "b", 100.5, Some((0.5, -1.0, 2.0))),
        ]
    }

    #[test]
    fn the_verdict_says_what_holds_with_its_direction_and_units() {
        let names = vec!["a".to_string(), "b".to_string()];
        let v = verdicts(&names, &rows(), &[], ModelKind::DiyPolicing, Lang::En);
        let h = &v[0].headline;
        assert!(h.starts_with("b against a:"), "{h}");
        assert!(h.contains("10% less crime") && h.contains("per 1,000 residents per year"), "{h}");
        assert!(h.contains("more harm: innocents publicly named (+1.00)"), "{h}");
        assert!(!h.contains("injuries"), "an interval across 0 does not hold: {h}");
        assert!(h.contains("about the same police cost"), "{h}");
        let f = &v[0].findings;
        assert_eq!(f.iter().find(|x| x.indicator == CRIMES).unwrap().good(), Some(true));
        assert_eq!(f.iter().find(|x| x.indicator == NAMED).unwrap().good(), Some(false));
        assert_eq!(v[0].largest.len(), 2, "{:?}", v[0].largest);
        assert!(v[0].largest[0].starts_with("Innocents publicly named: +1.00"), "{:?}", v[0].largest);
        // In French, with the decimal comma.
        let fr = verdicts(&names, &rows(), &[], ModelKind::DiyPolicing, Lang::Fr);
        assert!(fr[0].headline.contains("−5,00"), "{}", fr[0].headline);
    }

    #[test]
    fn over_posterior_draws_a_difference_holds_only_if_most_worlds_agree() {
        let names = vec!["a".to_string(), "b".to_string()];
        let robust = |share: f64| RobustRow {
            indicator: CRIMES.into(),
            scenario: "b".into(),
            reference: "a".into(),
            draws: 20,
            diff: Some(-5.0),
            diff_q05: Some(-9.0),
            diff_q95: Some(1.0),
            share_lower: Some(share),
            share_higher: Some(1.0 - share),
            share_better: Some(share),
        };
        let f = |share| findings(&rows(), "a", "b", &[robust(share)], ModelKind::DiyPolicing, Lang::En);
        assert!(f(0.95)[0].holds);
        assert!(!f(0.6)[0].holds, "60% of worlds is not enough");
        let v = verdicts(&names, &rows(), &[robust(0.95)], ModelKind::DiyPolicing, Lang::En);
        assert!(v[0].headline.contains("in 95% of plausible worlds"), "{}", v[0].headline);
    }
}
