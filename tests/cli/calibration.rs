//! MODEL.md §1.2 patterns V1–V4, checked statistically at small scale (20,000 citizens on
//! a 45×45 grid — the default density — 365 recorded days, several seeds). Runs are
//! deterministic, so these tests cannot flake; they fail when the model drifts off target.
//! docs/VALIDATION.md shows the same targets at full scale.

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use diypol::catalogue::DiyRun as R;
use diypol::run::{Diy, Keep, Run, simulate, step_through};
use diypol::scenario::{self, LoadedScenario, Patrol};

const SEEDS: u64 = 8;

/// The baseline at small scale (density of the default city), edited.
fn small(seed: u64, population: u32, edit: &dyn Fn(&mut scenario::Scenario)) -> LoadedScenario {
    let root = crate::support::root();
    let mut l = scenario::load(&root.join("scenarios/baseline.yaml")).expect("baseline loads");
    let s = &mut l.scenario;
    let side = ((population as f64 / 10.0).sqrt().round()) as u32;
    s.city.population = population;
    s.city.width = side;
    s.city.height = side;
    s.days = 365;
    s.seed = seed;
    s.output.charts = false;
    edit(s);
    l
}

/// One run per seed.
struct Runs(Vec<Run>);

impl Runs {
    fn new(seeds: u64, population: u32, edit: impl Fn(&mut scenario::Scenario) + Sync) -> Runs {
        let never = AtomicBool::new(false);
        Runs(
            (1..=seeds)
                .map(|seed| {
                    simulate(&small(seed, population, &edit), 0, Keep::default(), &mut |_, _| {}, &never)
                        .expect("runs")
                })
                .collect(),
        )
    }

    /// An indicator's value in each run; a column the runs lack fails the test.
    fn column(&self, name: &str) -> Vec<f64> {
        self.0
            .iter()
            .map(|r| r.row.get(name).unwrap_or_else(|| panic!("no indicator {name}")).f64_at(0))
            .collect()
    }

    fn get(&self, id: R) -> Vec<f64> {
        self.column(id.name())
    }

    #[track_caller]
    fn in_range(&self, name: &str, lo: f64, hi: f64) {
        let v = self.column(name);
        let m = mean(&v);
        assert!(
            (lo..=hi).contains(&m),
            "{name}: mean {m:.3} over {} seeds outside [{lo}, {hi}] ({v:.3?})",
            v.len()
        );
    }
}

fn baseline() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| Runs::new(SEEDS, 20_000, |_| {}))
}

/// The baseline in the default city of 100,000, for patterns that need more cases.
fn baseline_100k() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| Runs::new(SEEDS, 100_000, |_| {}))
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Paired mean difference b − a and its t statistic.
fn paired_t(a: &[f64], b: &[f64]) -> (f64, f64) {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
    let m = mean(&d);
    let sd = (d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (d.len() - 1) as f64).sqrt();
    (m, m / (sd / (d.len() as f64).sqrt()))
}

#[test]
fn v1_reporting_shares() {
    let b = baseline();
    b.in_range(R::ShareReported.name(), 0.35, 0.45);
    b.in_range(&R::ShareReportedType.entry().column("vehicle_theft"), 0.75, 1.0);
    b.in_range(&R::ShareReportedType.entry().column("burglary"), 0.55, 0.85);
    b.in_range(&R::ShareReportedType.entry().column("assault"), 0.35, 0.60);
    b.in_range(&R::ShareReportedType.entry().column("online_grooming"), 0.0, 0.30);
}

#[test]
fn v2_clearance_shares() {
    let b = baseline();
    b.in_range(&R::ShareClearedType.entry().column("burglary"), 0.10, 0.18);
    b.in_range(&R::ShareClearedType.entry().column("vehicle_theft"), 0.10, 0.18);
    b.in_range(&R::ShareClearedType.entry().column("theft"), 0.14, 0.22);
    b.in_range(&R::ShareClearedType.entry().column("robbery"), 0.25, 0.35);
    b.in_range(&R::ShareClearedType.entry().column("assault"), 0.45, 0.58);
}

#[test]
fn v3_concentration_and_repeat_victimisation() {
    baseline().in_range("top10_cell_share", 0.40, 1.0);
    let without = Runs::new(SEEDS, 20_000, |s| {
        s.places.boost = 0.0;
        s.places.near_boost = 0.0;
    });
    let (d, t) = paired_t(&without.get(R::RepeatShare), &baseline().get(R::RepeatShare));
    assert!(d > 0.0 && t > 3.0, "repeat share with boost minus without: {d:.4} (t = {t:.1})");
}

/// V3 as a test (nothing was fitted to it): crime concentrates beyond where people live.
/// The cells with most crime per resident that house 10% of residents hold at least twice
/// their share of crime (0.1 if crime just followed population).
#[test]
fn v3_crime_concentrates_beyond_population() {
    baseline().in_range(R::Top10ResidentsShare.name(), 0.20, 1.0);
}

/// Under an unchanged policy role shares and trust are at equilibrium after the burn-in
/// (docs/MODEL.md §7.7): the line through the recorded days changes watch membership by
/// less than 10% and mean trust by less than 0.5% over two years (without the spin-up
/// watch membership falls by half; without settling the baselines trust rises 1.2%).
#[test]
fn roles_and_trust_do_not_drift_in_the_status_quo() {
    let runs = baseline_730();
    let drift = |name: &str| {
        let d: Vec<f64> = runs
            .0
            .iter()
            .map(|r| diypol::stats::relative_drift(&r.ticks.get(name).expect("a ticks column").as_f64()))
            .collect();
        mean(&d)
    };
    let (watch, trust) = (drift("watch_members"), drift("mean_trust"));
    assert!(watch.abs() < 0.10, "watch members drift by {:+.1}% over the recorded days", watch * 100.0);
    assert!(trust.abs() < 0.005, "mean trust drifts by {:+.2}% over the recorded days", trust * 100.0);
    let vigilantes = drift("vigilantes");
    assert!(vigilantes.abs() < 0.25, "vigilantes drift by {:+.1}%", vigilantes * 100.0);
}

/// The baseline as users run it (100,000 citizens, 730 recorded days), with daily ticks.
fn baseline_730() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| Runs::new(SEEDS, 100_000, |s| s.days = 730))
}

/// Hot-spot patrol needs a force big enough to cover the hot spots: at 20,000 citizens the
/// whole patrol is two dozen officers and the effect drowns in noise, so V4 uses the
/// default city of 100,000 (still only 365 days).
#[test]
fn v4_hotspot_patrol_prevents_without_displacing() {
    let random = Runs::new(SEEDS, 100_000, |s| s.policy.patrol = Some(Patrol::Random));
    let hotspot = Runs::new(SEEDS, 100_000, |s| s.policy.patrol = Some(Patrol::Hotspot));
    let (d, t) = paired_t(&random.get(R::CrimesPer1000Year), &hotspot.get(R::CrimesPer1000Year));
    assert!(d < 0.0 && t < -3.0, "hot-spot minus random crimes per 1,000: {d:.2} (t = {t:.1})");
    let base = random.get(R::CrimesAdjacentCells);
    let (d, t) = paired_t(&base, &hotspot.get(R::CrimesAdjacentCells));
    // Diffusion, not displacement: adjacent cells must not see significantly more crime.
    assert!(
        t < 2.0,
        "adjacent-cell crimes rose under hot-spot patrol: {d:+.1} of {:.0} (t = {t:.1})",
        mean(&base)
    );
    // Equal hours: both policies spend the same officer-hours.
    assert_eq!(random.get(R::OfficerHours), hotspot.get(R::OfficerHours));
}

/// V5, V6, V8, V9 — the DIY layer's patterns, at 20,000 citizens (100,000 where a pattern
/// needs enough cases), deterministic seeds.
#[test]
fn v5_coordinated_watch_groups_cut_burglary_in_covered_cells() {
    let cut = |seed: u64| {
        let run = |edit: &dyn Fn(&mut scenario::Scenario)| {
            let root = crate::support::root();
            let mut l = scenario::load(&root.join("scenarios/collaborate.yaml")).expect("loads");
            l.scenario.city.population = 20_000;
            l.scenario.city.width = 45;
            l.scenario.city.height = 45;
            l.scenario.seed = seed;
            edit(&mut l.scenario);
            step_through::<Diy>(&l, &mut |_, _| {}, &AtomicBool::new(false)).expect("runs")
        };
        let with = run(&|_| {});
        let without = run(&|s| {
            s.roles.join_base = 0.0;
            s.citizens.initial_watch_share = 0.0;
        });
        let w = &with.world;
        let n = w.types.len();
        let b = w.types.iter().position(|(name, _)| name == "burglary").unwrap();
        let days = with.world.scenario.days;
        let mask: Vec<usize> =
            (0..w.city.cells()).filter(|&c| w.totals.cell_covered_days[c] * 2 >= days).collect();
        assert!(mask.len() > 100, "only {} covered cells", mask.len());
        let count = |r: &Diy| mask.iter().map(|&c| r.world.totals.cell_type_crimes[c * n + b]).sum::<u32>();
        1.0 - count(&with) as f64 / count(&without) as f64
    };
    let cuts: Vec<f64> = (1..=SEEDS).map(cut).collect();
    let m = mean(&cuts);
    assert!((0.25..=0.55).contains(&m), "burglary cut in covered cells {m:.3} ({cuts:.3?}); target 30–50%");
}

/// V6 on the mechanism (docs/VALIDATION.md): police alerts to registered citizens near a
/// crime just reported (`co-opt`), arrests over alerts.
#[test]
fn v6_about_one_police_alert_in_ten_leads_to_an_arrest() {
    let runs = Runs::new(4, 100_000, |s| s.policy.stance = scenario::Stance::CoOpt);
    let alerts: f64 = runs.get(R::AlertsSent).iter().sum();
    let arrests: f64 = runs.get(R::CitizenAlertArrests).iter().sum();
    let share = arrests / alerts;
    assert!(alerts > 200.0, "only {alerts} alerts");
    assert!((0.06..=0.14).contains(&share), "{arrests} arrests of {alerts} alerts = {share:.3}");
}

#[test]
fn v8_crowds_without_images_name_innocents_and_images_help() {
    let base = baseline_100k();
    let cases = base.get(R::HighProfileCases);
    let n: f64 = cases.iter().sum();
    let weighted = |id: R| {
        base.get(id).iter().zip(&cases).filter(|(_, c)| **c > 0.0).map(|(v, c)| v * c).sum::<f64>() / n
    };
    let innocents = weighted(R::InnocentsNamedPerHighProfileCase);
    let offender = weighted(R::OffenderNamedShareHighProfile);
    assert!(n >= 10.0, "only {n} high-profile cases");
    assert!(
        innocents >= 1.5 && offender < 0.25,
        "innocents per case {innocents:.2}, offender named {offender:.2}"
    );
    let appeals = Runs::new(4, 100_000, |s| s.policy.stance = scenario::Stance::CoOpt);
    let with_images = mean(&appeals.get(R::OffenderNamedShareWithAppeal));
    let innocents_with = mean(&appeals.get(R::InnocentsNamedPerHighProfileCaseWithAppeal));
    assert!(
        with_images > offender + 0.3 && with_images < 1.0,
        "offender named with images {with_images:.2} vs without {offender:.2}: higher, not certain"
    );
    assert!(innocents_with > 0.5, "images do not stop innocents being named: {innocents_with:.2} per case");
}

#[test]
fn v9_false_namings_reach_further_than_true_ones() {
    let b = baseline_100k();
    // Runs without any true public naming have no true reach to compare.
    let (f, t): (Vec<f64>, Vec<f64>) = b
        .get(R::NamingReachFalse)
        .into_iter()
        .zip(b.get(R::NamingReachTrue))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .unzip();
    assert!(f.len() >= 4, "too few runs with both kinds of naming");
    let wins = f.iter().zip(&t).filter(|(x, y)| x > y).count();
    assert!(
        mean(&f) > 1.3 * mean(&t) && wins * 4 >= f.len() * 3,
        "false namings reach {f:.0?}, true {t:.0?}: false should reach further in most seeds"
    );
}
