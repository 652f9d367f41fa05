//! The DIY indicators move in the directions the literature expects (issue 3's "done
//! when"), each a paired comparison over seeds in the default city.

use std::sync::atomic::AtomicBool;

use diypol::catalogue::DiyRun as R;
use diypol::run::{Keep, simulate};
use diypol::scenario::{self, TipVerification, Vigilantism};

fn indicator(file: &str, seeds: u64, id: R, edit: impl Fn(&mut scenario::Scenario)) -> Vec<f64> {
    let loaded = scenario::load(&crate::support::root().join(file)).expect("loads");
    (1..=seeds)
        .map(|seed| {
            let mut l = loaded.clone();
            l.scenario.seed = seed;
            l.scenario.days = 365;
            edit(&mut l.scenario);
            let run =
                simulate(&l, 0, Keep::default(), &mut |_, _| {}, &AtomicBool::new(false)).expect("runs");
            run.row.get(id.name()).unwrap_or_else(|| panic!("no {}", id.name())).f64_at(0)
        })
        .collect()
}

fn sum(v: &[f64]) -> f64 {
    v.iter().sum()
}

#[test]
fn verification_lowers_wrongful_arrests_at_a_cost_in_hours() {
    let verify = |s: &mut scenario::Scenario| s.policy.tip_verification = Some(TipVerification::Required);
    let trust = |s: &mut scenario::Scenario| s.policy.tip_verification = Some(TipVerification::None);
    let f = "scenarios/laissez-faire.yaml";
    let (w_verify, w_trust) =
        (indicator(f, 4, R::WrongfulArrests, verify), indicator(f, 4, R::WrongfulArrests, trust));
    assert!(
        sum(&w_verify) < 0.5 * sum(&w_trust),
        "wrongful arrests: verified {w_verify:?}, unverified {w_trust:?}"
    );
    let (h_verify, h_trust) =
        (indicator(f, 4, R::TipHoursUsed, verify), indicator(f, 4, R::TipHoursUsed, trust));
    assert!(sum(&h_verify) > sum(&h_trust), "tip hours: verified {h_verify:?}, unverified {h_trust:?}");
}

#[test]
fn prosecuting_vigilantes_lowers_vigilante_harm() {
    let f = "scenarios/co-opt.yaml";
    let tolerate = |s: &mut scenario::Scenario| s.policy.vigilantism = Some(Vigilantism::Tolerate);
    let prosecute = |s: &mut scenario::Scenario| s.policy.vigilantism = Some(Vigilantism::Prosecute);
    let (a, b) =
        (indicator(f, 4, R::Confrontations, tolerate), indicator(f, 4, R::Confrontations, prosecute));
    assert!(sum(&b) < 0.6 * sum(&a), "confrontations: tolerated {a:?}, prosecuted {b:?}");
    let (a, b) =
        (indicator(f, 4, R::MeanVigilantes, tolerate), indicator(f, 4, R::MeanVigilantes, prosecute));
    assert!(sum(&b) < sum(&a), "vigilantes: tolerated {a:?}, prosecuted {b:?}");
}

#[test]
fn suppressing_hunters_shrinks_stings() {
    let f = "scenarios/laissez-faire.yaml";
    let stings = indicator(f, 3, R::Stings, |s| s.policy.hunters = Some(scenario::Hunters::Suppress));
    assert!(
        sum(&stings) < sum(&indicator(f, 3, R::Stings, |_| {})),
        "suppression should shrink stings: {stings:?}"
    );
}

/// Prosecution deters only as far as police do it (docs/MODEL.md §12.2): with no hours for
/// any task, `prosecute` and `tolerate` give the same city, because the lever changes what
/// police do, not what citizens believe. (With a lever-set risk, as before issue 13,
/// prosecution would deter here too, and this test would fail.)
#[test]
fn prosecuting_vigilantes_with_no_enforcement_hours_does_not_deter() {
    let f = "scenarios/co-opt.yaml";
    let no_hours = |s: &mut scenario::Scenario| {
        let sh = &mut s.police.shares;
        (sh.response, sh.investigation, sh.tip_triage, sh.watch_liaison) = (0.0, 0.0, 0.0, 0.0);
        s.policy.social_media_desk = Some(0.0);
    };
    let run = |v: Vigilantism, id: R| {
        indicator(f, 3, id, |s| {
            no_hours(s);
            s.policy.vigilantism = Some(v);
        })
    };
    for id in [R::MeanVigilantes, R::Confrontations] {
        let (t, p) = (run(Vigilantism::Tolerate, id), run(Vigilantism::Prosecute, id));
        assert!(sum(&t) > 0.0, "{}: some self-help to deter", id.name());
        assert!(
            (sum(&p) - sum(&t)).abs() <= 0.02 * sum(&t),
            "{}: prosecution without hours should change nothing: tolerated {t:?}, prosecuted {p:?}",
            id.name()
        );
    }
    assert_eq!(sum(&run(Vigilantism::Prosecute, R::VigilanteProsecutions)), 0.0);
}

/// Under suppression nobody is forbidden to hunt: hunters persist and publish without
/// police, while charges on their evidence fall to zero (docs/MODEL.md §12.3).
#[test]
fn under_suppression_hunters_persist_and_charges_on_their_evidence_vanish() {
    let f = "scenarios/co-opt.yaml";
    let suppress = |s: &mut scenario::Scenario| s.policy.hunters = Some(scenario::Hunters::Suppress);
    let (hunters, published, charges) = (
        indicator(f, 4, R::MeanHunters, suppress),
        indicator(f, 4, R::StingsPublished, suppress),
        indicator(f, 4, R::StingCharges, suppress),
    );
    assert!(sum(&hunters) > 0.0 && sum(&published) > 0.0, "hunters {hunters:?}, published {published:?}");
    assert_eq!(sum(&charges), 0.0, "charges on hunter evidence under suppression: {charges:?}");
    let tolerated = indicator(f, 4, R::StingCharges, |_| {});
    assert!(sum(&tolerated) > 0.0, "tolerated hunters' evidence leads to charges: {tolerated:?}");
}

/// Partnering means better evidence and hours committed: more of the grooming charges rest
/// on hunters' evidence, and police spend more hours on it.
#[test]
fn partnering_with_hunters_raises_charges_on_their_evidence_at_a_cost_in_hours() {
    let f = "scenarios/co-opt.yaml";
    let partner = |s: &mut scenario::Scenario| s.policy.hunters = Some(scenario::Hunters::Partner);
    let (p, t) = (indicator(f, 4, R::StingCharges, partner), indicator(f, 4, R::StingCharges, |_| {}));
    assert!(sum(&p) > sum(&t), "charges: partner {p:?}, tolerate {t:?}");
    let (p, t) = (indicator(f, 4, R::HunterHours, partner), indicator(f, 4, R::HunterHours, |_| {}));
    assert!(sum(&p) > sum(&t), "hours: partner {p:?}, tolerate {t:?}");
}
