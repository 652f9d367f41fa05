//! The catalogue of outputs: every column of every file either model writes, declared once
//! — name, label, unit, kind, which direction is better, a one-line description, and where
//! it is shown. The recorders, the terminal summary, comparison tables, the report, charts,
//! `diypol indicators`, docs/OUTPUTS.md and the data-contract test all read it.
//!
//! Code names a column by its enum variant (`DiyRun::ShareReported`), so a typo is a
//! compile error; names typed by users are looked up with a did-you-mean.

mod cv;
mod diy;
mod keys;

use std::fmt::Write as _;

use serde::Serialize;

pub use cv::{CvCell, CvRun, CvTick};
pub use diy::{DiyCell, DiyEvent, DiyRun, DiyTick};
pub use keys::{CellKey, Key, TickKey};

use crate::scenario::ModelKind;
use crate::table::{Column, Table};

/// The files whose columns the catalogue declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum File {
    /// `ticks.parquet`: one row per recorded day (tick).
    Ticks,
    /// `runs.parquet`: one row per run.
    Runs,
    /// `cells.parquet`: one row per cell of the grid.
    Cells,
    /// `events.parquet`: one row per case.
    Events,
}

impl File {
    pub const ALL: [File; 4] = [File::Ticks, File::Runs, File::Cells, File::Events];

    pub fn file_name(self) -> &'static str {
        match self {
            File::Ticks => "ticks.parquet",
            File::Runs => "runs.parquet",
            File::Cells => "cells.parquet",
            File::Events => "events.parquet",
        }
    }
}

/// What a column holds. The kind fixes its type in the files and what values it can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An identifier or position (run, replicate, seed, tick, cell, case, citizen): integer.
    Id,
    /// A name or category: text.
    Label,
    /// Yes or no: boolean.
    Flag,
    /// A whole number of events or people, ≥ 0: integer.
    Count,
    /// A proportion between 0 and 1.
    Share,
    /// Events per unit of exposure (per 1,000 residents per year, per tick), ≥ 0.
    Rate,
    /// An average of a count over days or cases, ≥ 0.
    Mean,
    /// A non-negative quantity in its unit (hours, days, citizens).
    Amount,
    /// Euros, ≥ 0.
    Money,
    /// A score on its own scale (trust from 0 to 1, a Gini coefficient, a change in trust).
    Index,
}

/// The column type in Parquet files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataType {
    Int64,
    Float64,
    Boolean,
    String,
}

impl Kind {
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Id | Kind::Count => DataType::Int64,
            Kind::Label => DataType::String,
            Kind::Flag => DataType::Boolean,
            _ => DataType::Float64,
        }
    }

    /// Whether every value is at least 0 (and, for shares, at most 1).
    pub fn bounds(self) -> (Option<f64>, Option<f64>) {
        match self {
            Kind::Share => (Some(0.0), Some(1.0)),
            Kind::Count | Kind::Rate | Kind::Mean | Kind::Amount | Kind::Money => (Some(0.0), None),
            _ => (None, None),
        }
    }
}

/// Which direction of an indicator is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
    /// Neither: a volume of activity (stings, tips) or a setting.
    Neither,
}

/// What a column is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Identifies the row (run, replicate, seed, tick, cell).
    Key,
    /// An input of the run, repeated for convenience (population, stance).
    Setting,
    /// An outcome.
    Indicator,
}

/// Where a column is shown, as flags.
pub mod show {
    /// The one-screen summary after `diypol run`.
    pub const SUMMARY: u8 = 1;
    /// The terminal table of `diypol compare` and the report's first table.
    pub const COMPARE: u8 = 2;
    /// Charts: bars of a comparison (runs) or bands over days (ticks).
    pub const CHART: u8 = 4;
    /// Analysed by `diypol sensitivity` and charted by `diypol merge` unless others are named.
    pub const SENSITIVITY: u8 = 8;
    /// Drawn as a 7-day mean (noisy daily flows).
    pub const WEEKLY: u8 = 16;
    pub const NONE: u8 = 0;
    pub const KEY: u8 = SUMMARY | COMPARE | CHART | SENSITIVITY;

    pub(super) const NAMES: [(u8, &str); 5] = [
        (SUMMARY, "summary"),
        (COMPARE, "compare"),
        (CHART, "chart"),
        (SENSITIVITY, "sensitivity"),
        (WEEKLY, "weekly"),
    ];
}

/// One column of one or more files.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Entry {
    /// Column name; a family of columns has a placeholder: `{type}` (a crime type) or
    /// `{task}` (a police task).
    pub name: &'static str,
    #[serde(skip)]
    pub files: &'static [File],
    #[serde(skip)]
    pub models: &'static [ModelKind],
    pub role: Role,
    pub kind: Kind,
    pub better: Better,
    #[serde(skip)]
    pub show: u8,
    pub label: &'static str,
    pub unit: &'static str,
    pub description: &'static str,
}

impl Entry {
    pub fn is_family(&self) -> bool {
        self.name.contains('{')
    }

    /// The column of a family member: `crimes_{type}` with `burglary` is `crimes_burglary`.
    pub fn column(&self, member: &str) -> String {
        match self.name.find('{') {
            Some(i) => {
                let end = self.name[i..].find('}').map_or(self.name.len(), |j| i + j + 1);
                format!("{}{member}{}", &self.name[..i], &self.name[end..])
            }
            None => self.name.to_string(),
        }
    }

    /// The label of a family member, with the member's name in place of the placeholder.
    pub fn label_of(&self, member: &str) -> String {
        let placeholder = if self.name.contains("{task}") { "{task}" } else { "{type}" };
        self.label.replace(placeholder, &member.replace('_', " "))
    }

    /// Whether `column` is this entry (or a member of this family); the member if so.
    pub fn matches<'c>(&self, column: &'c str) -> Option<&'c str> {
        match self.name.find('{') {
            None => (self.name == column).then_some(""),
            Some(i) => {
                let end = self.name[i..].find('}').map_or(self.name.len(), |j| i + j + 1);
                let (prefix, suffix) = (&self.name[..i], &self.name[end..]);
                let member = column.strip_prefix(prefix)?.strip_suffix(suffix)?;
                (!member.is_empty()).then_some(member)
            }
        }
    }

    pub fn shown(&self, flag: u8) -> bool {
        self.show & flag != 0
    }

    pub fn in_file(&self, file: File, model: ModelKind) -> bool {
        self.files.contains(&file) && self.models.contains(&model)
    }

    pub fn data_type(&self) -> DataType {
        self.kind.data_type()
    }

    /// A column holding the one value `x` in this entry's type (a count is rounded; a
    /// non-finite value is null).
    pub fn one(&self, x: f64) -> Column {
        match self.data_type() {
            DataType::Int64 => Column::Int(vec![x.is_finite().then(|| x.round() as i64)]),
            DataType::Boolean => Column::Bool(vec![x.is_finite().then_some(x != 0.0)]),
            DataType::Float64 | DataType::String => Column::floats([x]),
        }
    }

    /// "Reported to police (share of crimes)".
    pub fn title(&self) -> String {
        if self.unit.is_empty() { self.label.to_string() } else { format!("{} ({})", self.label, self.unit) }
    }
}

/// Declares the columns of one group as an enum whose variants index a static table.
macro_rules! columns {
    ($(#[$doc:meta])* $enum:ident, $all:ident, files $files:expr, models $models:expr;
     $( $id:ident = $name:literal, $role:ident, $kind:ident, $better:ident, $show:expr,
        $label:literal, $unit:literal, $desc:literal; )*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $enum { $($id),* }

        pub const $all: &[$crate::catalogue::Entry] = &[$(
            $crate::catalogue::Entry {
                name: $name,
                files: $files,
                models: $models,
                role: $crate::catalogue::Role::$role,
                kind: $crate::catalogue::Kind::$kind,
                better: $crate::catalogue::Better::$better,
                show: $show,
                label: $label,
                unit: $unit,
                description: $desc,
            }
        ),*];

        impl $enum {
            pub const fn entry(self) -> &'static $crate::catalogue::Entry {
                &$all[self as usize]
            }

            pub const fn name(self) -> &'static str {
                self.entry().name
            }
        }

        impl From<$enum> for &'static $crate::catalogue::Entry {
            fn from(id: $enum) -> Self {
                id.entry()
            }
        }
    };
}
pub(crate) use columns;

/// Builds a one-row table of indicators, each column typed by its entry.
#[derive(Debug, Default)]
pub struct Row(pub Table);

impl Row {
    pub fn put(&mut self, id: impl Into<&'static Entry>, x: f64) {
        let e: &Entry = id.into();
        self.0.push(e.name, e.one(x));
    }

    /// A member of a family (`crimes_per_1000_year_{type}` for one type).
    pub fn put_of(&mut self, id: impl Into<&'static Entry>, member: &str, x: f64) {
        let e: &Entry = id.into();
        self.0.push(e.column(member), e.one(x));
    }

    /// A setting or key that is text.
    pub fn text(&mut self, id: impl Into<&'static Entry>, text: impl Into<String>) {
        let e: &Entry = id.into();
        self.0.push(e.name, Column::strs([text.into()]));
    }
}

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
    exact.or_else(|| of(file, model).find(|e| e.is_family() && e.matches(column).is_some()))
}

/// The entries of `file` for `model`, in catalogue order.
pub fn of(file: File, model: ModelKind) -> impl Iterator<Item = &'static Entry> {
    all().filter(move |e| e.in_file(file, model))
}

/// Checks indicator names a user typed against the runs of `model`; the error names the
/// first unknown one with a did-you-mean.
pub fn check_indicator(model: ModelKind, name: &str, columns: &[String]) -> Result<(), String> {
    if columns.iter().any(|c| c == name) {
        return Ok(());
    }
    let known: Vec<&str> = columns
        .iter()
        .filter(|c| find(File::Runs, model, c).is_some_and(|e| e.role == Role::Indicator))
        .map(String::as_str)
        .collect();
    let hint = crate::input::did_you_mean(name, known.iter().copied())
        .map_or_else(|| "`diypol indicators` lists them".to_string(), |m| format!("did you mean `{m}`?"));
    Err(hint)
}

/// The value of `x` written for a person, by the kind of the column: shares as percentages,
/// counts as whole numbers, money with cents.
pub fn format_value(kind: Kind, x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    match kind {
        Kind::Share => format!("{:.1}%", 100.0 * x),
        Kind::Count | Kind::Id => format!("{x:.0}"),
        Kind::Money => format!("{x:.2}"),
        Kind::Index => format!("{x:.3}"),
        _ => format_number(x),
    }
}

/// A number with three significant digits, readable in a table.
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// The catalogue as JSON: one object per entry with its files, models and where shown.
pub fn to_json() -> serde_json::Value {
    let entries: Vec<serde_json::Value> = all()
        .map(|e| {
            let mut v = serde_json::to_value(e).expect("entries serialise");
            let o = v.as_object_mut().expect("an object");
            o.insert("files".into(), serde_json::to_value(e.files).expect("files"));
            o.insert("models".into(), e.models.iter().map(|m| m.name()).collect());
            o.insert("data_type".into(), serde_json::to_value(e.data_type()).expect("type"));
            o.insert(
                "shown".into(),
                show::NAMES.iter().filter(|(f, _)| e.shown(*f)).map(|(_, n)| *n).collect(),
            );
            v
        })
        .collect();
    serde_json::Value::Array(entries)
}

/// The catalogue as plain text for the terminal, file by file.
pub fn to_text() -> String {
    let mut s = String::new();
    for model in [ModelKind::DiyPolicing, ModelKind::CivilViolence] {
        for file in File::ALL {
            let entries: Vec<&Entry> = of(file, model).collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(s, "{} — {}", model.name(), file.file_name());
            let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
            for e in entries {
                let _ = writeln!(s, "  {:width$}  {:<7} {}", e.name, kind_name(e.kind), e.title());
            }
            s.push('\n');
        }
    }
    s
}

/// The catalogue as Markdown tables (docs/OUTPUTS.md is this text; a test keeps it so).
pub fn to_markdown() -> String {
    let mut s = String::from(
        "# Output columns\n\n\
         Generated by `diypol indicators --markdown` from the catalogue in `src/catalogue/`; \
         a test fails when this file and the catalogue disagree.\n\n\
         Types: `int64` (identifiers and counts), `float64`, `boolean`, `string`. Undefined \
         values (a share of nothing) are null, never NaN. Better: ↑ higher is better, ↓ \
         lower is better. A name with `{type}` is one column per crime type, `{task}` one per \
         police task.\n",
    );
    for model in [ModelKind::DiyPolicing, ModelKind::CivilViolence] {
        for file in File::ALL {
            let entries: Vec<&Entry> = of(file, model).collect();
            if entries.is_empty() {
                continue;
            }
            let _ = write!(
                s,
                "\n## `{}`: {}\n\n| column | type | kind | better | label (unit) | description |\n|---|---|---|---|---|---|\n",
                model.name(),
                file.file_name()
            );
            for e in entries {
                let better = match e.better {
                    Better::Higher => "↑",
                    Better::Lower => "↓",
                    Better::Neither => "",
                };
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {better} | {} | {} |",
                    e.name,
                    serde_json::to_value(e.data_type())
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    kind_name(e.kind),
                    e.title(),
                    e.description
                );
            }
        }
    }
    s
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Id => "id",
        Kind::Label => "label",
        Kind::Flag => "flag",
        Kind::Count => "count",
        Kind::Share => "share",
        Kind::Rate => "rate",
        Kind::Mean => "mean",
        Kind::Amount => "amount",
        Kind::Money => "money",
        Kind::Index => "index",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(format_value(Kind::Money, 3.14159), "3.14");
        assert_eq!(format_value(Kind::Rate, f64::NAN), "–");
        assert_eq!(format_number(1234.5), "1234");
        assert_eq!(format_number(0.01234), "0.012");
    }
}
