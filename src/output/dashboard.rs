//! What a run's dashboard shows (MODEL.md §9, §11.3): the panels, built from the run's
//! tables and labelled from the catalogue; charts.rs draws them.

use super::charts::{Dashboard, Line, Panel};
use crate::catalogue::{CvRun, CvTick, DiyTick as T, Entry};
use crate::i18n::Lang;
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

/// A legend label: the catalogue's label as inside a sentence ("Vigilantes" → "vigilantes").
fn legend(e: &Entry, lang: Lang) -> String {
    lang.in_sentence(lang.text(e.label))
}

/// A 7-day mean of an indicator, labelled from the catalogue.
fn weekly_of(t: &Table, id: T, lang: Lang) -> Line {
    smooth(t, &legend(id.entry(), lang), id.name())
}

/// Running total: rare events (a few namings a month) read better accumulated.
fn cumulative(t: &Table, id: T, lang: Lang) -> Line {
    let mut acc = 0.0;
    let values = series(t, id.name())
        .into_iter()
        .map(|v| {
            acc += if v.is_finite() { v } else { 0.0 };
            acc
        })
        .collect();
    Line { label: legend(id.entry(), lang), values, band: None }
}

/// A level (citizens in a role, mean trust) as it is each day.
fn level(t: &Table, id: impl Into<&'static Entry>, lang: Lang) -> Line {
    let e = id.into();
    Line { label: legend(e, lang), values: series(t, e.name), band: None }
}

/// The run's dashboard, in `lang`.
pub fn for_run(run: &Run, lang: Lang) -> Dashboard {
    match run.model {
        ModelKind::DiyPolicing => diy(run, lang),
        ModelKind::CivilViolence => civil_violence(run, lang),
    }
}

fn diy(run: &Run, lang: Lang) -> Dashboard {
    let p = |k: &str| lang.phrase(k, &[]);
    let t = &run.ticks;
    let s = &run.scenario;
    let crimes_by_type = s
        .crime_types
        .keys()
        .map(|ty| smooth(t, lang.text(&ty.replace('_', " ")), &T::CrimesType.entry().column(ty)))
        .collect();
    let hours = TASKS
        .iter()
        .map(|task| T::HoursTask.entry().column(task.name()))
        .filter(|col| series(t, col).iter().any(|&h| h > 0.0))
        .map(|col| smooth(t, lang.text(&col["hours_".len()..].replace('_', " ")), &col))
        .collect();
    let e = |id: T| id.entry();
    Dashboard {
        title: lang.phrase(
            "dash_title",
            &[
                run.name(),
                &s.seed.to_string(),
                &lang.number(run.value(crate::catalogue::DiyRun::Population.name())),
            ],
        ),
        x_label: p("axis_day"),
        panels: vec![
            Panel {
                title: p("dash_crimes_by_type"),
                y_label: p("dash_crimes_per_day"),
                lines: crimes_by_type,
            },
            Panel {
                title: p("dash_reported"),
                y_label: p("dash_cases_per_day"),
                lines: [T::Crimes, T::Reported, T::PoliceAware, T::Cleared]
                    .map(|id| weekly_of(t, id, lang))
                    .to_vec(),
            },
            Panel {
                title: lang.text(e(T::Backlog).label).into(),
                y_label: p("dash_calls_waiting"),
                lines: vec![weekly_of(t, T::Backlog, lang)],
            },
            Panel {
                title: lang.text(e(T::MeanResponseDelayDays).label).into(),
                y_label: p("dash_days"),
                lines: vec![weekly_of(t, T::MeanResponseDelayDays, lang)],
            },
            Panel {
                title: p("dash_trust_fear"),
                y_label: p("dash_population_mean"),
                lines: vec![level(t, T::MeanTrust, lang), level(t, T::MeanFear, lang)],
            },
            Panel { title: p("dash_hours"), y_label: p("dash_hours_per_day"), lines: hours },
            Panel {
                title: lang.text(e(T::WatchMembers).label).into(),
                y_label: p("dash_citizens"),
                lines: vec![level(t, T::WatchMembers, lang)],
            },
            Panel {
                title: p("dash_vigilantes_hunters"),
                y_label: p("dash_citizens"),
                lines: vec![level(t, T::Vigilantes, lang), level(t, T::Hunters, lang)],
            },
            Panel {
                title: p("dash_harm"),
                y_label: p("dash_people_since"),
                lines: vec![
                    cumulative(t, T::NamedInnocent, lang),
                    cumulative(t, T::Harassed, lang),
                    cumulative(t, T::InjuriesInnocent, lang),
                    cumulative(t, T::WrongfulArrests, lang),
                ],
            },
            Panel {
                title: p("dash_tips"),
                y_label: p("dash_tips_since"),
                lines: vec![
                    cumulative(t, T::TipsReceived, lang),
                    cumulative(t, T::TipsVerified, lang),
                    cumulative(t, T::TipsCorrect, lang),
                    cumulative(t, T::TipsActedUnverified, lang),
                ],
            },
        ],
    }
}

fn civil_violence(run: &Run, lang: Lang) -> Dashboard {
    let p = |k: &str| lang.phrase(k, &[]);
    let t = &run.ticks;
    let cv = &run.scenario.civil_violence;
    let days = t.rows();
    let flat = |label: &str, v: u32| Line { label: label.into(), values: vec![v as f64; days], band: None };
    let agents = (run.get(CvRun::Citizens) + run.get(CvRun::Cops)).max(1.0);
    Dashboard {
        title: lang.phrase(
            "dash_cv_title",
            &[
                run.name(),
                &enum_name(&cv.activation),
                &run.scenario.seed.to_string(),
                &format!("{}×{}", cv.width, cv.height),
            ],
        ),
        x_label: p("axis_tick"),
        panels: vec![
            Panel {
                title: p("dash_cv_active"),
                y_label: p("dash_citizens"),
                lines: vec![
                    level(t, CvTick::Active, lang),
                    flat(&p("dash_cv_starts"), cv.outburst_above),
                    flat(&p("dash_cv_ends"), cv.outburst_below),
                ],
            },
            Panel {
                title: p("dash_cv_states"),
                y_label: p("dash_citizens"),
                lines: vec![
                    level(t, CvTick::Quiet, lang),
                    level(t, CvTick::Active, lang),
                    level(t, CvTick::Jailed, lang),
                ],
            },
            Panel {
                title: p("dash_cv_arrests"),
                y_label: p("dash_cv_arrests_per_tick"),
                lines: vec![level(t, CvTick::Arrests, lang)],
            },
            Panel {
                title: p("dash_cv_mobility"),
                y_label: p("dash_cv_moved_share"),
                lines: vec![Line {
                    label: p("dash_cv_moved"),
                    values: series(t, CvTick::Moves.name()).iter().map(|m| m / agents).collect(),
                    band: None,
                }],
            },
        ],
    }
}
