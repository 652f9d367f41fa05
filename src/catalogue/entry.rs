//! What the catalogue says of a column: its files and models, role, kind (which fixes its
//! type), better direction, where it is shown, label, unit and description; the macro that
//! declares a group of columns as an enum; and a builder of one-row indicator tables.

use serde::Serialize;

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
    /// A comparison's `summary.csv`: indicators of a scenario against the first one.
    Comparison,
}

impl File {
    pub const ALL: [File; 5] = [File::Ticks, File::Runs, File::Cells, File::Events, File::Comparison];

    pub fn file_name(self) -> &'static str {
        match self {
            File::Ticks => "ticks.parquet",
            File::Runs => "runs.parquet",
            File::Cells => "cells.parquet",
            File::Events => "events.parquet",
            File::Comparison => "summary.csv",
        }
    }
}

/// What a column holds. The kind fixes its type in the files and what values it can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An identifier or position (run, replicate, tick, cell, case, citizen): integer.
    Id,
    /// A seed: an unsigned 64-bit integer, as any seed may be.
    Seed,
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
    #[serde(rename = "uint64")]
    UInt64,
    Float64,
    Boolean,
    String,
}

impl Kind {
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Id | Kind::Count => DataType::Int64,
            Kind::Seed => DataType::UInt64,
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

    pub(crate) const NAMES: [(u8, &str); 5] = [
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
    /// Column name; a family of columns has a placeholder: `{type}` (a crime type),
    /// `{task}` (a police task) or `{quartile}` (`q1`, the lowest, to `q4` of day 0's trust).
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
        let placeholder = ["{task}", "{type}", "{quartile}"].into_iter().find(|p| self.name.contains(p));
        match placeholder {
            Some(p) => self.label.replace(p, &member.replace('_', " ")),
            None => self.label.to_string(),
        }
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
            DataType::UInt64 => Column::UInt(vec![x.is_finite().then(|| x.round() as u64)]),
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

        pub const $all: &[$crate::catalogue::entry::Entry] = &[$(
            $crate::catalogue::entry::Entry {
                name: $name,
                files: $files,
                models: $models,
                role: $crate::catalogue::entry::Role::$role,
                kind: $crate::catalogue::entry::Kind::$kind,
                better: $crate::catalogue::entry::Better::$better,
                show: $show,
                label: $label,
                unit: $unit,
                description: $desc,
            }
        ),*];

        impl $enum {
            pub const fn entry(self) -> &'static $crate::catalogue::entry::Entry {
                &$all[self as usize]
            }

            pub const fn name(self) -> &'static str {
                self.entry().name
            }
        }

        impl From<$enum> for &'static $crate::catalogue::entry::Entry {
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
