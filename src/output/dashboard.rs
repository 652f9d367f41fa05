//! What a run's dashboard shows (MODEL.md §9, §11.3): the panels, built from the run's
//! tables and labelled from the catalogue; charts.rs draws them.

use super::charts::{Dashboard, Line, Panel};
use crate::catalogue::{CvRun, CvTick, DiyTick as T, Entry};
use crate::run::Run;
use crate::scenario::{ModelKind, enum_name};
use crate::table::{Column, Table};
use crate::world::TASKS;

fn series(table: &Table, name: &str) -> Vec<f64> {
    table.get(name).map(Column::as_f64).unwrap_or_default()
}

/// A 7-day trailing mean: daily counts are noisy; weekly means read better on a slide.
pub fn weekly(v: &[f64]) -> Vec<f64> {
    (0..v.len())
        .map(|i| {
            let lo = i.saturating_sub(6);
            let window: Vec<f64> = v[lo..=i].iter().copied().filter(|x| x.is_finite()).collect();
            if window.is_empty() { f64::NAN } else { window.iter().sum::<f64>() / window.len() as f64 }
        })
        .collect()
}

/// A 7-day mean of a column, labelled `label`.
fn smooth(t: &Table, label: &str, name: &str) -> Line {
    Line { label: label.into(), values: weekly(&series(t, name)), band: None }
}

/// A legend label: the catalogue's label in lower case ("Vigilantes" → "vigilantes").
fn legend(e: &Entry) -> String {
    let mut c = e.label.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().collect::<String>() + c.as_str())
}

/// A 7-day mean of an indicator, labelled from the catalogue.
fn weekly_of(t: &Table, id: T) -> Line {
    smooth(t, &legend(id.entry()), id.name())
}

/// Running total: rare events (a few namings a month) read better accumulated.
fn cumulative(t: &Table, id: T) -> Line {
    let mut acc = 0.0;
    let values = series(t, id.name())
        .into_iter()
        .map(|v| {
            acc += if v.is_finite() { v } else { 0.0 };
            acc
        })
        .collect();
    Line { label: legend(id.entry()), values, band: None }
}

/// A level (citizens in a role, mean trust) as it is each day.
fn level(t: &Table, id: impl Into<&'static Entry>) -> Line {
    let e = id.into();
    Line { label: legend(e), values: series(t, e.name), band: None }
}

/// The run's dashboard.
pub fn for_run(run: &Run) -> Dashboard {
    match run.model {
        ModelKind::DiyPolicing => diy(run),
        ModelKind::CivilViolence => civil_violence(run),
    }
}

fn diy(run: &Run) -> Dashboard {
    let t = &run.ticks;
    let s = &run.scenario;
    let crimes_by_type = s
        .crime_types
        .keys()
        .map(|ty| smooth(t, &ty.replace('_', " "), &T::CrimesType.entry().column(ty)))
        .collect();
    let hours = TASKS
        .iter()
        .map(|task| T::HoursTask.entry().column(task.name()))
        .filter(|col| series(t, col).iter().any(|&h| h > 0.0))
        .map(|col| smooth(t, &col["hours_".len()..].replace('_', " "), &col))
        .collect();
    let e = |id: T| id.entry();
    Dashboard {
        title: format!(
            "diypol — {} (seed {}, {} citizens)",
            run.name(),
            s.seed,
            run.value(crate::catalogue::DiyRun::Population.name())
        ),
        x_label: "Day".into(),
        panels: vec![
            Panel {
                title: "Crimes by type".into(),
                y_label: "Crimes per day (7-day mean)".into(),
                lines: crimes_by_type,
            },
            Panel {
                title: "Reported, police-aware, cleared".into(),
                y_label: "Cases per day (7-day mean)".into(),
                lines: [T::Crimes, T::Reported, T::PoliceAware, T::Cleared]
                    .map(|id| weekly_of(t, id))
                    .to_vec(),
            },
            Panel {
                title: e(T::Backlog).label.into(),
                y_label: "Calls waiting".into(),
                lines: vec![weekly_of(t, T::Backlog)],
            },
            Panel {
                title: e(T::MeanResponseDelayDays).label.into(),
                y_label: "Days (7-day mean)".into(),
                lines: vec![weekly_of(t, T::MeanResponseDelayDays)],
            },
            Panel {
                title: "Trust in police and fear of crime".into(),
                y_label: "Population mean (0–1)".into(),
                lines: vec![level(t, T::MeanTrust), level(t, T::MeanFear)],
            },
            Panel { title: "Officer-hours by task".into(), y_label: "Hours per day".into(), lines: hours },
            Panel {
                title: e(T::WatchMembers).label.into(),
                y_label: "Citizens".into(),
                lines: vec![level(t, T::WatchMembers)],
            },
            Panel {
                title: "Vigilantes and hunters".into(),
                y_label: "Citizens".into(),
                lines: vec![level(t, T::Vigilantes), level(t, T::Hunters)],
            },
            Panel {
                title: "Harm to innocents (running total)".into(),
                y_label: "People since day 0".into(),
                lines: vec![
                    cumulative(t, T::NamedInnocent),
                    cumulative(t, T::Harassed),
                    cumulative(t, T::InjuriesInnocent),
                    cumulative(t, T::WrongfulArrests),
                ],
            },
            Panel {
                title: "Citizens' tips and their fate (running total)".into(),
                y_label: "Tips since day 0".into(),
                lines: vec![
                    cumulative(t, T::TipsReceived),
                    cumulative(t, T::TipsVerified),
                    cumulative(t, T::TipsCorrect),
                    cumulative(t, T::TipsActedUnverified),
                ],
            },
        ],
    }
}

fn civil_violence(run: &Run) -> Dashboard {
    let t = &run.ticks;
    let p = &run.scenario.civil_violence;
    let days = t.rows();
    let flat = |label: &str, v: u32| Line { label: label.into(), values: vec![v as f64; days], band: None };
    let agents = (run.get(CvRun::Citizens) + run.get(CvRun::Cops)).max(1.0);
    Dashboard {
        title: format!(
            "diypol civil violence — {} ({} activation, seed {}, {}×{})",
            run.name(),
            enum_name(&p.activation),
            run.scenario.seed,
            p.width,
            p.height
        ),
        x_label: "Tick".into(),
        panels: vec![
            Panel {
                title: "Active citizens and outburst thresholds".into(),
                y_label: "Citizens".into(),
                lines: vec![
                    level(t, CvTick::Active),
                    flat("outburst starts above", p.outburst_above),
                    flat("and ends below", p.outburst_below),
                ],
            },
            Panel {
                title: "Citizens by state".into(),
                y_label: "Citizens".into(),
                lines: vec![level(t, CvTick::Quiet), level(t, CvTick::Active), level(t, CvTick::Jailed)],
            },
            Panel {
                title: "Arrests".into(),
                y_label: "Arrests per tick".into(),
                lines: vec![level(t, CvTick::Arrests)],
            },
            Panel {
                title: "Mobility".into(),
                y_label: "Share of agents that moved".into(),
                lines: vec![Line {
                    label: "moved".into(),
                    values: series(t, CvTick::Moves.name()).iter().map(|m| m / agents).collect(),
                    band: None,
                }],
            },
        ],
    }
}
