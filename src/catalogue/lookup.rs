//! Looking columns up: every entry, the entries of one file of one model, the entry of a
//! column name (families matched by pattern).

use super::entry::{Entry, File, Role};
use super::{cv, diy, keys};
use crate::scenario::ModelKind;

/// Every entry, group by group.
pub fn all() -> impl Iterator<Item = &'static Entry> {
    [
        keys::KEYS,
        keys::TICK_KEYS,
        keys::CELL_KEYS,
        diy::TICKS,
        diy::RUNS,
        diy::CELLS,
        diy::EVENTS,
        diy::COMPARISON,
        cv::TICKS,
        cv::RUNS,
        cv::CELLS,
    ]
    .into_iter()
    .flatten()
}

/// The entry of `column` in `file` of `model` (families matched by pattern, exact names first).
pub fn find(file: File, model: ModelKind, column: &str) -> Option<&'static Entry> {
    let exact = of(file, model).find(|e| !e.is_family() && e.name == column);
    // Of the families it could belong to, the most specific: `share_reported_trust_q1` is
    // of `share_reported_trust_{quartile}`, not of `share_reported_{type}`.
    exact.or_else(|| {
        of(file, model).filter(|e| e.is_family() && e.matches(column).is_some()).max_by_key(|e| e.name.len())
    })
}

/// The entries of `file` for `model`, in catalogue order.
pub fn of(file: File, model: ModelKind) -> impl Iterator<Item = &'static Entry> {
    all().filter(move |e| e.in_file(file, model))
}

/// A hint for an indicator name a user typed that the runs of `model` (with `columns`)
/// lack: the closest indicator, or where to look them up.
pub fn indicator_hint(model: ModelKind, name: &str, columns: &[String]) -> String {
    let known: Vec<&str> = columns
        .iter()
        .filter(|c| find(File::Runs, model, c).is_some_and(|e| e.role == Role::Indicator))
        .map(String::as_str)
        .collect();
    crate::input::did_you_mean(name, known.iter().copied())
        .map_or_else(|| "`diypol indicators` lists them".to_string(), |m| format!("did you mean `{m}`?"))
}
