//! The catalogue of outputs: every column of every file either model writes, declared once
//! — name, label, unit, kind, which direction is better, a one-line description, and where
//! it is shown. The recorders, the terminal summary, comparison tables, the report, charts,
//! `diypol indicators`, docs/OUTPUTS.md and the data-contract test all read it.
//!
//! Code names a column by its enum variant (`DiyRun::ShareReported`), so a typo is a
//! compile error; names typed by users are looked up with a did-you-mean.

mod cv;
mod diy;
mod entry;
mod keys;
mod lookup;
pub mod questions;
mod render;

pub use cv::{CvCell, CvRun, CvTick};
pub use diy::{DiyCell, DiyComparison, DiyEvent, DiyRun, DiyTick};
pub use entry::{Better, DataType, Entry, File, Kind, Role, Row, show};
pub use keys::{CellKey, Key, TickKey};
pub use lookup::{all, find, indicator_hint, of};
pub use questions::Question;
pub use render::{format_number, format_value, to_json, to_markdown, to_text};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ModelKind;

    #[test]
    fn names_are_unique_within_a_file() {
        for model in [ModelKind::DiyPolicing, ModelKind::CivilViolence] {
            for file in File::ALL {
                let names: Vec<&str> = of(file, model).map(|e| e.name).collect();
                for (i, n) in names.iter().enumerate() {
                    assert!(!names[..i].contains(n), "{n} twice in {file:?} of {model:?}");
                }
            }
        }
    }

    #[test]
    fn families_expand_and_match() {
        let e = DiyRun::CrimesPer1000YearType.entry();
        assert_eq!(e.column("burglary"), "crimes_per_1000_year_burglary");
        assert_eq!(e.matches("crimes_per_1000_year_burglary"), Some("burglary"));
        let m = ModelKind::DiyPolicing;
        assert_eq!(find(File::Runs, m, "crimes_per_1000_year").map(|e| e.name), Some("crimes_per_1000_year"));
        assert_eq!(find(File::Runs, m, "crimes_per_1000_year_theft").map(|e| e.name), Some(e.name));
        assert_eq!(find(File::Ticks, m, "hours_patrol").map(|e| e.name), Some("hours_{task}"));
        assert!(find(File::Runs, m, "crimes_per_1000_yr").is_none());
    }

    #[test]
    fn every_entry_says_what_it_is() {
        for e in all() {
            assert!(!e.label.is_empty() && !e.description.is_empty(), "{}", e.name);
            assert!(e.description.ends_with('.'), "{}: a description is a sentence", e.name);
            assert!(!e.files.is_empty() && !e.models.is_empty(), "{}", e.name);
            if e.role == Role::Indicator && e.shown(show::CHART) {
                assert!(!e.unit.is_empty(), "{}: charts need a unit", e.name);
            }
        }
    }

    #[test]
    fn values_are_written_by_kind() {
        assert_eq!(format_value(Kind::Share, 0.4213), "42.1%");
        assert_eq!(format_value(Kind::Count, 12.0), "12");
        assert_eq!(format_value(Kind::Money, 12.5), "12.50");
        assert_eq!(format_value(Kind::Rate, f64::NAN), "–");
        assert_eq!(format_number(1234.5), "1234");
        assert_eq!(format_number(0.01234), "0.012");
    }
}
