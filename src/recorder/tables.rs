//! The optional tables of a `diy_policing` run, from the world at its end: cells.parquet
//! (totals per cell) and events.parquet (one row per case from day 0).

use crate::catalogue::{CellKey, DiyCell as C, DiyEvent as E};
use crate::table::{Column, Table};
use crate::world::{Awareness, Case, NO_CASE, NONE, Status, World};

/// One row per cell: where it is, who lives there, and its street crime over the run.
pub fn cells(w: &World) -> Table {
    let city = &w.city;
    let cells = city.cells() as u32;
    let n_types = w.types.len();
    let mut t = Table::default();
    t.push(CellKey::Cell.name(), Column::ints((0..cells).map(i64::from)));
    t.push(CellKey::X.name(), Column::ints((0..cells).map(|c| (c % city.width) as i64)));
    t.push(CellKey::Y.name(), Column::ints((0..cells).map(|c| (c / city.width) as i64)));
    t.push(C::Residents.name(), Column::ints((0..cells as usize).map(|c| city.residents(c).len() as i64)));
    t.push(C::Attractiveness.name(), Column::floats(city.a0.iter().map(|&a| a as f64)));
    t.push(C::Crimes.name(), Column::ints(w.totals.cell_crimes.iter().map(|&n| n as i64)));
    for (k, (name, ty)) in w.types.iter().enumerate() {
        if !ty.online {
            let col = (0..cells as usize).map(|c| w.totals.cell_type_crimes[c * n_types + k] as i64);
            t.push(C::CrimesType.entry().column(name), Column::ints(col));
        }
    }
    t.push(C::Recorded.name(), Column::ints(w.totals.cell_recorded.iter().map(|&n| n as i64)));
    t
}

fn awareness(a: Awareness) -> &'static str {
    match a {
        Awareness::Unaware => "unaware",
        Awareness::Report => "report",
        Awareness::SocialMediaDesk => "social_media_desk",
    }
}

fn status(c: &Case) -> &'static str {
    if c.awareness == Awareness::Unaware && c.status == Status::Open {
        return "unknown_to_police";
    }
    match c.status {
        Status::Open => "open",
        Status::Cleared => "cleared",
        Status::Unsolved => "unsolved",
        Status::Compromised => "compromised",
    }
}

/// One row per case from day 0 (the burn-in's cases are left out).
pub fn events(w: &World) -> Table {
    let first = w.cases.all.partition_point(|c| c.tick < w.burn_in);
    let cases = &w.cases.all[first..];
    let day = |t: u32| (t != u32::MAX).then(|| t as i64 - w.burn_in as i64);
    let id = |v: u32| (v != NONE).then_some(v as i64);
    let ints = |f: &dyn Fn(&Case) -> i64| Column::ints(cases.iter().map(f));
    let flags = |f: &dyn Fn(&Case) -> bool| Column::bools(cases.iter().map(f));
    let crowd = |c: &Case| (c.crowd != NO_CASE).then(|| &w.cases.crowds[c.crowd as usize]);
    let mut t = Table::default();
    t.push(E::Case.name(), Column::ints(first as i64..w.cases.all.len() as i64));
    t.push(E::Tick.name(), ints(&|c| c.tick as i64 - w.burn_in as i64));
    t.push(E::Cell.name(), ints(&|c| c.cell as i64));
    t.push(E::Type.name(), Column::strs(cases.iter().map(|c| w.types[c.ctype as usize].0.clone())));
    t.push(E::Offender.name(), ints(&|c| w.offenders.citizen[c.offender as usize] as i64));
    t.push(E::Victim.name(), Column::Int(cases.iter().map(|c| id(c.victim)).collect()));
    t.push(E::Witnesses.name(), ints(&|c| c.witnesses as i64));
    t.push(E::Reported.name(), flags(&|c| c.reported));
    t.push(E::Posted.name(), flags(&|c| c.posted));
    t.push(E::WatchAlert.name(), flags(&|c| c.alert));
    t.push(E::PoliceAwareBy.name(), Column::strs(cases.iter().map(|c| awareness(c.awareness))));
    t.push(E::AwareTick.name(), Column::Int(cases.iter().map(|c| day(c.aware_tick)).collect()));
    t.push(E::Evidence.name(), Column::floats(cases.iter().map(|c| c.evidence as f64)));
    t.push(E::Status.name(), Column::strs(cases.iter().map(status)));
    t.push(E::ClosedTick.name(), Column::Int(cases.iter().map(|c| day(c.closed_tick)).collect()));
    t.push(E::ClearedWithCitizens.name(), flags(&|c| c.citizen_helped));
    t.push(E::TipHelped.name(), flags(&|c| c.tip_helped));
    t.push(E::Appeal.name(), flags(&|c| c.appeal));
    t.push(E::Sleuths.name(), ints(&|c| crowd(c).map_or(0, |k| k.sleuths as i64)));
    t.push(E::OffenderPubliclyNamed.name(), flags(&|c| crowd(c).is_some_and(|k| k.named & 1 == 1)));
    t.push(
        E::InnocentsPubliclyNamed.name(),
        ints(&|c| crowd(c).map_or(0, |k| (k.named >> 1).count_ones() as i64)),
    );
    t
}
