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
