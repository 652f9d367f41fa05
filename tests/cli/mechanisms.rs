//! Model 2's mechanisms at work (docs/MODEL.md §7.6–7.7), each measured on what the runs
//! produce and each a comparison with the mechanism switched off by its parameter, so the
//! test fails when the mechanism is removed from the code (checked once by removing each;
//! docs/VALIDATION.md). The default city of 100,000, a few seeds, deterministic.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use diypol::catalogue::DiyRun as R;
use diypol::run::{Keep, Run, simulate};
use diypol::scenario::{self, LoadedScenario};

const SEEDS: u64 = 4;

/// The default city and status quo (as `scenarios/baseline.yaml`) with `extra` sections.
fn scenario(extra: &str, seed: u64) -> LoadedScenario {
    let text = format!("version: 1\nmodel: diy_policing\nseed: {seed}\n{extra}\n");
    scenario::from_str(&text, Path::new("mechanisms.yaml"), Path::new(".")).unwrap_or_else(|e| panic!("{e}"))
}

fn runs(extra: &str, days: u32) -> Vec<Run> {
    (1..=SEEDS)
        .map(|seed| {
            let mut l = scenario(extra, seed);
            l.scenario.days = days;
            l.scenario.output.charts = false;
            simulate(&l, 0, Keep::default(), &mut |_, _| {}, &AtomicBool::new(false)).expect("runs")
        })
        .collect()
}

fn mean_of(runs: &[Run], column: &str) -> f64 {
    runs.iter().map(|r| r.row.get(column).unwrap_or_else(|| panic!("no {column}")).f64_at(0)).sum::<f64>()
        / runs.len() as f64
}

/// Mean over runs of a ticks column on one recorded day.
fn on_day(runs: &[Run], column: &str, day: usize) -> f64 {
    runs.iter().map(|r| r.ticks.get(column).expect("a ticks column").f64_at(day)).sum::<f64>()
        / runs.len() as f64
}

#[test]
fn victims_who_trust_police_report_more_and_only_through_trust() {
    let gap = |runs: &[Run]| {
        mean_of(runs, &R::ShareReportedTrust.entry().column("q4"))
            - mean_of(runs, &R::ShareReportedTrust.entry().column("q1"))
    };
    let with = gap(&runs("", 365));
    let without = gap(&runs("trust: {reporting_slope: 0.0}", 365));
    // The quartiles differ in trust by about 0.3: slope 1 gives a gap of several points.
    assert!(with > 0.04, "victims in the top quartile of trust report {with:+.3} more than the bottom");
    assert!(without.abs() < 0.02, "without the link the gap is noise: {without:+.3}");
}

#[test]
fn a_trust_shock_is_remembered_through_the_baseline() {
    // A scandal on day 30 (−0.15 for everyone): a year later, trust is still lower than in
    // the same city without it, by the lasting share's memory; with no lasting share the
    // loss is gone within months.
    let shock = "interventions:\n  - at: 30\n    set: {trust_shock: -0.15}";
    let deficit = |extra: &str| {
        let with = runs(&format!("{extra}\n{shock}"), 400);
        let without = runs(extra, 400);
        (
            on_day(&without, "mean_trust", 60) - on_day(&with, "mean_trust", 60),
            on_day(&without, "mean_trust", 395) - on_day(&with, "mean_trust", 395),
        )
    };
    let (soon, late) = deficit("");
    assert!(soon > 0.08, "a month after the shock trust is down by {soon:.3}");
    assert!(late > 0.02, "a year after the shock trust is down by {late:.3}: remembered");
    let (_, late_fast_only) = deficit("trust: {lasting_share: 0.0}");
    assert!(late_fast_only < 0.005, "without the baseline a year later: {late_fast_only:.4}");
}

#[test]
fn what_happens_to_contacts_moves_trust() {
    // Acting on tips unchecked brings wrongful arrests; their contacts hear of them.
    let unchecked =
        "policy: {stance: ignore, tip_verification: none, appeals: true, social_media_desk: 0.02}";
    let drop = |extra: &str| {
        let base = runs(
            &format!("policy: {{stance: ignore, appeals: true, social_media_desk: 0.02}}\n{extra}"),
            365,
        );
        let bad = runs(&format!("{unchecked}\n{extra}"), 365);
        assert!(mean_of(&bad, R::WrongfulArrests.name()) > 20.0, "needs wrongful arrests to hear of");
        mean_of(&base, R::FinalMeanTrust.name()) - mean_of(&bad, R::FinalMeanTrust.name())
    };
    let vicarious = drop("");
    let alone = drop("trust: {vicarious_weight: 0.0}");
    assert!(
        vicarious > 1.5 * alone.max(0.0) + 1e-4,
        "trust lost: {vicarious:.5} with contacts, {alone:.5} without"
    );
}

#[test]
fn hours_verification_does_not_need_go_to_investigation_and_patrol() {
    // The same city and tips; acting on them unchecked frees the triage hours, which the
    // ledger passes on (investigation today, patrol tomorrow) instead of losing them.
    let verified = runs("police: {shares: {tip_triage: 0.05}}", 365);
    let unchecked = runs("police: {shares: {tip_triage: 0.05}}\npolicy: {tip_verification: none}", 365);
    let used =
        |r: &[Run]| mean_of(r, R::HoursReallocatedPerDay.name()) + mean_of(r, R::HoursToPatrolPerDay.name());
    let (v, u) = (used(&verified), used(&unchecked));
    // 5% of 250 officers × 5 hours = 62.5 triage hours a day, barely used by a few tips.
    assert!(u > 40.0 && v > 40.0, "spare hours reach other tasks: verified {v:.1}, unchecked {u:.1}");
    assert!(u > v, "fewer tips checked, more hours passed on: {u:.1} vs {v:.1}");
}

/// Police alerts (Burgernet, docs/MODEL.md §12.4): the share that ends in an arrest comes
/// from who is near and how fast police answer. Slower dispatch lets offenders get further;
/// fewer registered citizens mean fewer eyes. A probability set to the target (the rule
/// before issue 13) would leave the share unchanged by both.
#[test]
fn alert_arrests_follow_response_time_and_who_is_near() {
    let alerts = "policy: {citizen_alerts: true}\npolice: {live_call_share: 0.3";
    let share = |extra: &str| {
        let runs = runs(&format!("{alerts}{extra}}}"), 365);
        (mean_of(&runs, R::AlertArrestShare.name()), mean_of(&runs, R::AlertsSent.name()))
    };
    let (base, sent) = share("");
    let (slow, _) = share(", dispatch_hours: 2.0");
    let (fewer, _) = {
        let runs = runs(&format!("{alerts}}}\ncitizens: {{alert_register_share: 0.01}}"), 365);
        (mean_of(&runs, R::AlertArrestShare.name()), 0.0)
    };
    assert!(sent > 100.0, "{sent} alerts a year");
    assert!(slow < 0.6 * base, "slower dispatch: {slow:.3} vs {base:.3}");
    assert!(fewer < 0.6 * base, "fewer registered citizens: {fewer:.3} vs {base:.3}");
}

/// Harassment comes with reach (docs/MODEL.md §12.5): cut the reach of namings and fewer
/// innocents are harassed; corrections that reach the later readers cut it too.
#[test]
fn harassment_grows_with_reach_and_falls_with_corrections() {
    let harassed = |extra: &str| mean_of(&runs(extra, 365), R::Harassed.name());
    let base = harassed("policy: {stance: co_opt}");
    let short = harassed("policy: {stance: co_opt}\nonline: {max_reach: 30}");
    let corrected = harassed(
        "policy: {stance: co_opt, counter_misinformation: true, social_media_desk: 0.05}\nonline: {correction_delay_hops: 1, correction_reach: 1.0}",
    );
    assert!(base > 20.0, "{base} harassed a year");
    assert!(short < 0.7 * base, "shorter reach: {short} vs {base}");
    assert!(corrected < 0.8 * base, "corrections: {corrected} vs {base}");
}

/// Procedural-justice training changes how contacts go — fewer felt unfair (and less
/// force, a unit test in effects.rs) — so trust ends higher; with contacts equally fair
/// either way, training changes nothing (it is not a multiplier on gains).
#[test]
fn training_makes_contacts_fairer() {
    let trust = |extra: &str| mean_of(&runs(extra, 365), R::FinalMeanTrust.name());
    let (a, b) = (trust("policy: {procedural_justice_training: true}"), trust(""));
    assert!(a > b + 0.002, "trust: trained {a:.4}, untrained {b:.4}");
    let same =
        "trust: {fair_contact_prob: 0.8, fair_contact_prob_trained: 0.8}\naction: {training_force_cut: 0.0}";
    let (a, b) = (trust(&format!("{same}\npolicy: {{procedural_justice_training: true}}")), trust(same));
    assert!((a - b).abs() < 0.001, "no fairer contacts, no effect: {a:.4} vs {b:.4}");
}
