//! `Recorder`: what a `diy_policing` run observes (MODEL.md §9). Each tick appends one
//! value per column of ticks.parquet, named by the catalogue; at the end, per-run
//! indicators ([`indicators`]) and the optional cells and events tables ([`tables`]) are
//! derived from the run totals and the world. Plain columns only — polars turns them
//! into Parquet at the output edge.

pub mod indicators;
pub mod tables;

use crate::catalogue::{DataType, DiyTick as T, Entry, TickKey};
use crate::table::{Column, Table};
use crate::world::{Role, TASKS, World};

use indicators::day_cost;
pub use indicators::run_indicators;

/// Appends one row per tick. The first tick creates the columns in the order `record`
/// visits them; later ticks fill them by position.
#[derive(Debug, Default)]
pub struct Recorder {
    pub ticks: Table,
    cursor: usize,
    /// Mean trust at the start of the run, for the trust-change indicator.
    pub initial_trust: f64,
}

/// One value of a tick column.
enum Value {
    Int(i64),
    Float(f64),
}

impl Recorder {
    pub fn new(world: &World) -> Recorder {
        Recorder { initial_trust: world.citizens.mean_trust(), ..Recorder::default() }
    }

    /// The next column gets `v`; on the first tick it is created, named `name()`.
    fn put(&mut self, entry: &Entry, name: impl FnOnce() -> String, v: Value) {
        if self.cursor < self.ticks.columns.len() {
            match (&mut self.ticks.columns[self.cursor], v) {
                (Column::Int(col), Value::Int(x)) => col.push(Some(x)),
                (Column::Float(col), Value::Float(x)) => col.push(x.is_finite().then_some(x)),
                _ => unreachable!("column {} keeps its type", self.ticks.names[self.cursor]),
            }
        } else {
            let column = match v {
                Value::Int(x) => Column::ints([x]),
                Value::Float(x) => Column::floats([x]),
            };
            debug_assert!(
                matches!(
                    (&column, entry.data_type()),
                    (Column::Int(_), DataType::Int64) | (Column::Float(_), DataType::Float64)
                ),
                "{} has the catalogue's type",
                entry.name
            );
            self.ticks.push(name(), column);
        }
        self.cursor += 1;
    }

    fn count(&mut self, id: T, v: impl Into<i64>) {
        self.put(id.entry(), || id.name().to_string(), Value::Int(v.into()));
    }

    fn float(&mut self, id: T, v: f64) {
        self.put(id.entry(), || id.name().to_string(), Value::Float(v));
    }

    /// Phase 11: the tick's row. This is the one place the tick columns are filled.
    pub fn record(&mut self, w: &World, tick: u32) {
        self.cursor = 0;
        let t = &w.today;
        let day = TickKey::Tick.entry();
        self.put(day, || day.name.to_string(), Value::Int((tick - w.burn_in) as i64));
        self.count(T::Crimes, t.crimes.iter().sum::<u32>());
        for (k, (name, _)) in w.types.iter().enumerate() {
            let e = T::CrimesType.entry();
            self.put(e, || e.column(name), Value::Int(t.crimes[k] as i64));
        }
        self.count(T::AttemptsFoiled, t.attempts_foiled);
        self.count(T::RedHandedArrests, t.red_handed_arrests);
        self.count(T::Reported, t.reported);
        self.count(T::Posted, t.posted);
        self.count(T::PoliceAware, t.police_aware);
        self.count(T::DeskPickups, t.desk_pickups);
        self.count(T::Cleared, t.cleared);
        self.count(T::ClearedWithCitizens, t.cleared_with_citizens);
        self.count(T::Unsolved, t.unsolved);
        self.count(T::WatchAlerts, t.watch_alerts);
        self.count(T::AlertArrests, t.alert_arrests);
        self.count(T::OtherCalls, t.other_calls);
        self.count(T::Responses, t.responses);
        self.count(T::Backlog, w.cases.queue.len() as i64);
        let delay = if t.responses > 0 { t.response_delay_sum as f64 / t.responses as f64 } else { f64::NAN };
        self.float(T::MeanResponseDelayDays, delay);
        self.count(T::ReportsIgnored, t.reports_ignored);
        self.count(T::CallsAbandoned, t.calls_abandoned);
        self.count(T::OpenCases, w.cases.open.len() as i64);
        let jailed = w.offenders.jailed_until.iter().filter(|&&u| u > tick + 1).count();
        self.count(T::OffendersJailed, jailed as i64);
        self.count(T::WatchMembers, w.role_counts[Role::Watch as usize]);
        self.count(T::Vigilantes, w.role_counts[Role::Vigilante as usize]);
        self.count(T::Hunters, w.role_counts[Role::Hunter as usize]);
        self.count(T::WatchGroups, w.watch_groups);
        self.count(T::PostsSpread, t.posts_spread);
        self.count(T::PostReaders, t.readers);
        self.count(T::SleuthsJoined, t.sleuths_joined);
        self.count(T::NamedInnocent, t.named_innocent);
        self.count(T::NamedGuilty, t.named_guilty);
        self.count(T::Harassed, t.harassed);
        self.count(T::TipsReceived, t.tips_received);
        self.count(T::TipsVerified, t.tips_verified);
        self.count(T::TipsCorrect, t.tips_correct);
        self.count(T::TipsActedUnverified, t.tips_acted_unverified);
        self.float(T::TipHoursUsed, t.tip_hours_used);
        self.count(T::WrongfulArrests, t.wrongful_arrests);
        self.count(T::Confrontations, t.confrontations);
        self.count(T::ConfrontationsInnocent, t.confrontations_innocent);
        self.count(T::InjuriesInnocent, t.injuries_innocent);
        self.count(T::InjuriesGuilty, t.injuries_guilty);
        self.count(T::Compromised, t.compromised);
        self.count(T::Stings, t.stings);
        self.count(T::StingCatches, t.sting_catches);
        self.count(T::StingCharges, t.sting_charges);
        self.count(T::StingHarmIncidents, t.sting_harm);
        self.count(T::StingFalseExposures, t.sting_false_exposures);
        self.count(T::Appeals, t.appeals);
        self.count(T::Corrections, t.corrections);
        self.count(T::FilmedFair, t.filmed_fair);
        self.count(T::FilmedMisconduct, t.filmed_misconduct);
        self.count(T::VigilanteProsecutions, t.vigilante_prosecutions);
        self.count(T::HunterProsecutions, t.hunter_prosecutions);
        self.count(T::VigilanteWarnings, t.vigilante_warnings);
        self.count(T::EnforcementDropped, t.enforcement_dropped);
        self.float(T::RiskInNews, w.risk_in_news());
        self.count(T::AlertsSent, t.alerts_sent);
        self.count(T::CitizenAlertArrests, t.citizen_alert_arrests);
        self.count(T::TipsRejectedCorrect, t.tips_rejected_correct);
        self.count(T::TipsPassedWrong, t.tips_passed_wrong);
        self.count(T::CorrectionsWrong, t.corrections_wrong);
        self.count(T::Takedowns, t.takedowns);
        self.count(T::Harassers, t.harassers);
        self.count(T::DisplacedOnline, t.displaced_online);
        self.count(T::HunterGroups, w.groups.iter().filter(|g| g.members > 0).count() as i64);
        self.count(T::StingPublished, t.sting_published);
        self.count(T::StingCompromised, t.sting_compromised);
        self.count(T::StingsCalledOff, t.stings_called_off);
        self.count(T::HunterEvidenceRefused, t.hunter_evidence_refused);
        self.float(T::HunterHours, t.hunter_hours);
        self.float(T::MeanTrust, w.citizens.mean_trust());
        self.float(T::MeanFear, w.citizens.mean_fear());
        self.float(T::MeanTrustBaseline, w.citizens.mean_trust_baseline());
        let p = &w.police;
        for (id, values) in
            [(T::HoursTask, &p.hours), (T::HoursUsedTask, &p.used), (T::HoursUnmetTask, &p.unmet)]
        {
            for task in TASKS {
                let e = id.entry();
                self.put(e, || e.column(task.name()), Value::Float(values[task as usize]));
            }
        }
        self.float(T::HoursReallocated, p.reallocated);
        self.float(T::HoursToPatrol, p.carried);
        self.float(T::CostEur, day_cost(w));
    }
}
