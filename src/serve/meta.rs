//! What the page draws, in its language: the live charts (columns of ticks.parquet), the
//! headline cards (indicators of runs.parquet) and the page's own words (ui.tsv).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::catalogue::{DiyRun, DiyTick, Entry};
use crate::compare::verdict::label;
use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::world::police::TASKS;

/// A live chart: one line per column, day by day.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub unit: String,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub column: String,
    pub label: String,
}

/// A headline number with its interval.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub indicator: &'static str,
    pub label: String,
    pub unit: String,
    pub kind: crate::catalogue::Kind,
    pub better: crate::catalogue::Better,
}

/// The headline numbers: crime, harm, trust and cost, as the workshop asks.
pub const CARDS: [DiyRun; 4] =
    [DiyRun::CrimesPer1000Year, DiyRun::HarmCostEur, DiyRun::FinalMeanTrust, DiyRun::CostEurPerResidentYear];

/// Each chart and what it shows; a family (`crimes_{type}`) stands for all its members.
const CHARTS: [(&str, &[DiyTick]); 7] = [
    ("crime_types", &[DiyTick::CrimesType]),
    ("funnel", &[DiyTick::Crimes, DiyTick::Reported, DiyTick::PoliceAware, DiyTick::Cleared]),
    ("trust_fear", &[DiyTick::MeanTrust, DiyTick::MeanFear]),
    (
        "harm",
        &[
            DiyTick::NamedInnocent,
            DiyTick::Harassed,
            DiyTick::WrongfulArrests,
            DiyTick::InjuriesInnocent,
            DiyTick::Compromised,
            DiyTick::StingHarmIncidents,
            DiyTick::StingFalseExposures,
        ],
    ),
    ("roles", &[DiyTick::WatchMembers, DiyTick::Vigilantes, DiyTick::Hunters]),
    ("staff_hours", &[DiyTick::HoursUsedTask]),
    ("police_cost", &[DiyTick::CostEur]),
];

/// The charts of a scenario's run (its crime types and the police's tasks named).
pub fn charts(s: &Scenario, lang: Lang) -> Vec<Chart> {
    CHARTS
        .iter()
        .map(|(id, columns)| {
            let series = columns
                .iter()
                .flat_map(|c| {
                    let e: &'static Entry = c.entry();
                    let members: Vec<String> = if e.name.contains("{type}") {
                        s.crime_types.keys().cloned().collect()
                    } else if e.name.contains("{task}") {
                        TASKS.iter().map(|t| t.name().to_string()).collect()
                    } else {
                        vec![String::new()]
                    };
                    // A family's lines are named by their member alone ("Burglary"): the
                    // chart's title already says what they count, and legends stay short.
                    members.into_iter().map(move |m| Series {
                        column: if m.is_empty() { e.name.to_string() } else { e.column(&m) },
                        label: if m.is_empty() {
                            label(lang, e.label, e.name, &m)
                        } else {
                            capitalised(lang.text(&m.replace('_', " ")))
                        },
                    })
                })
                .collect();
            let unit = lang.text(columns[0].entry().unit).to_string();
            Chart { id, title: ui(lang, &format!("chart.{id}")), unit, series }
        })
        .collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Every column the charts draw, in order (the values of a `day` event).
pub fn columns(charts: &[Chart]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in charts.iter().flat_map(|c| &c.series) {
        if !out.contains(&c.column) {
            out.push(c.column.clone());
        }
    }
    out
}

pub fn cards(lang: Lang) -> Vec<Card> {
    CARDS
        .iter()
        .map(|c| {
            let e = c.entry();
            Card {
                indicator: e.name,
                label: lang.text(e.label).to_string(),
                unit: lang.text(e.unit).to_string(),
                kind: e.kind,
                better: e.better,
            }
        })
        .collect()
}

fn ui_table() -> &'static HashMap<&'static str, [&'static str; 3]> {
    static UI: OnceLock<HashMap<&'static str, [&'static str; 3]>> = OnceLock::new();
    UI.get_or_init(|| {
        include_str!("ui.tsv")
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let f: Vec<&'static str> = l.split('\t').collect();
                assert_eq!(f.len(), 4, "ui.tsv: four tab-separated fields in {l:?}");
                (f[0], [f[1], f[2], f[3]])
            })
            .collect()
    })
}

/// One of the page's words by key (the key itself when missing: the test of ui.tsv keeps
/// every key in every language).
pub fn ui(lang: Lang, key: &str) -> String {
    ui_table().get(key).map_or_else(|| key.to_string(), |t| t[lang as usize].to_string())
}

/// All of the page's words in `lang`.
pub fn ui_all(lang: Lang) -> serde_json::Map<String, serde_json::Value> {
    ui_table().iter().map(|(k, t)| (k.to_string(), t[lang as usize].into())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_page_is_in_every_language() {
        for (key, t) in ui_table() {
            assert!(t.iter().all(|s| !s.trim().is_empty()), "ui.tsv: {key} lacks a language");
        }
        for id in CHARTS.map(|c| c.0) {
            assert!(ui_table().contains_key(format!("chart.{id}").as_str()), "ui.tsv: chart.{id}");
        }
    }

    #[test]
    fn charts_name_the_scenarios_crime_types_and_the_polices_tasks() {
        let s = Scenario::default();
        let c = charts(&s, Lang::De);
        let crimes = &c[0];
        assert_eq!(crimes.series.len(), s.crime_types.len());
        let burglary = crimes.series.iter().find(|x| x.column == "crimes_burglary").unwrap();
        assert_eq!(burglary.label, "Wohnungseinbruch");
        let hours = c.iter().find(|c| c.id == "staff_hours").unwrap();
        assert!(hours.series.iter().any(|x| x.column == "hours_used_patrol"));
        let cols = columns(&c);
        assert!(
            cols.iter().any(|c| c == DiyTick::MeanTrust.name())
                && cols.iter().any(|c| c == DiyTick::CostEur.name())
        );
    }
}
