//! Hostile and careless input (docs/RELIABILITY.md): the regression corpus of inputs that
//! once made diypol panic, escape its output folder, allocate without bound or quote
//! library internals; random valid scenarios and CSV cities that must run without a panic;
//! plans too large to hold; devices and pipes named as inputs.

use std::path::Path;

use rand::{Rng, RngExt, SeedableRng};
use serde_json::{Map, Value as J, json};

use crate::support::*;

#[test]
fn every_hostile_input_is_refused_with_its_position_or_runs() {
    let files: Vec<String> =
        corpus("tests/data/hostile").into_iter().filter(|f| f.ends_with(".yaml")).collect();
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        let path = root().join(file);
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy().into_owned();
        let out = fresh_dir(&format!("hostile-{stem}"));
        let out_s = out.join("out").to_string_lossy().into_owned();
        if !expectations(&path, "runs").is_empty() {
            ok(&diypol(&["validate", file]));
            ok(&diypol(&["run", file, "--out", &out_s, "--quiet"]));
            assert!(out.join("out/runs.parquet").is_file(), "{file}");
            continue;
        }
        let wanted = expectations(&path, "expect");
        assert!(!wanted.is_empty(), "{file} has neither `# expect:` nor `# runs:` lines");
        let err = exits(&diypol(&["validate", file]), 2);
        for w in &wanted {
            assert!(err.contains(w.as_str()), "validate {file}: expected `{w}` in:\n{err}");
        }
        for internal in ["budget breached", "from_str_multiple", "invalid type:", "Depth {", "panicked"] {
            assert!(!err.contains(internal), "{file}: library words `{internal}` in:\n{err}");
        }
        exits(&diypol(&["run", file, "--out", &out_s, "--quiet"]), 2);
        assert!(!out.join("out").exists(), "{file}: a refused run wrote {out_s}");
    }
    // The names that tried to escape did not.
    assert!(!Path::new("/tmp/diypol-escaped").exists());
}

#[test]
fn names_stay_file_names_even_when_they_come_from_file_names() {
    let dir = fresh_dir("hostile-names");
    // A 10 MB name is larger than any scenario file diypol reads.
    let big = dir.join("big.yaml");
    std::fs::write(&big, format!("version: 1\nmodel: diy_policing\nname: {}\n", "x".repeat(10 << 20)))
        .unwrap();
    let err = exits(&diypol(&["validate", big.to_str().unwrap()]), 2);
    assert!(err.contains("is larger than 1 MiB, the most diypol reads"), "{err}");
    let long = dir.join("long.yaml");
    std::fs::write(&long, format!("version: 1\nmodel: diy_policing\nname: {}\n", "x".repeat(100))).unwrap();
    let err = exits(&diypol(&["validate", long.to_str().unwrap()]), 2);
    assert!(err.contains("long.yaml:3:7: `name`: the name has 100 characters, more than 64"), "{err}");
    // Without `name:`, the file's name is made safe.
    let odd = dir.join("my city (v2).yaml");
    std::fs::write(&odd, "version: 1\nmodel: diy_policing\ndays: 3\nburn_in_days: 0\ncity: {population: 500, width: 10, height: 10}\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_diypol"))
        .args(["run", odd.to_str().unwrap(), "--quiet", "--no-charts"])
        .current_dir(&dir)
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(files_in(&dir.join("out")), ["my-city--v2-"]);
}

#[test]
fn invalid_utf8_names_line_column_and_byte_offset() {
    let dir = fresh_dir("hostile-utf8");
    let f = dir.join("latin1.yaml");
    std::fs::write(&f, b"version: 1\nmodel: diy_policing\ndescription: caf\xe9\n").unwrap();
    let err = exits(&diypol(&["validate", f.to_str().unwrap()]), 2);
    assert!(err.contains("latin1.yaml:3:17: not UTF-8 text (invalid byte at offset 47)"), "{err}");
    assert!(err.contains("hint: save the file as UTF-8"), "{err}");
}

#[test]
fn devices_pipes_and_folders_are_refused_without_being_read() {
    let dir = fresh_dir("hostile-devices");
    let fifo = dir.join("fifo.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for input in ["/dev/zero", "/dev/urandom", fifo.to_str().unwrap(), dir.to_str().unwrap()] {
        let err = exits(&diypol(&["validate", input]), 2);
        assert!(err.contains(&format!("{input} is not a regular file")), "{input}: {err}");
    }
    let plan = dir.join("plan.yaml");
    std::fs::write(&plan, "version: 1\nbase: /dev/urandom\nparameters:\n  days: [3, 4]\n").unwrap();
    let err = exits(&diypol(&["sweep", plan.to_str().unwrap(), "--dry-run"]), 2);
    assert!(err.contains("/dev/urandom is not a regular file"), "{err}");
}

/// Forty probabilities that a sweep may vary independently.
const PROBABILITIES: [&str; 40] = [
    "trust.served",
    "trust.cleared",
    "trust.ignored",
    "trust.lasting_share",
    "trust.wrongful",
    "trust.fear_victim",
    "trust.fear_relax",
    "places.boost_decay",
    "online.share_base",
    "online.fear_exposure",
    "online.sleuth_base",
    "online.correction_reach",
    "crowd.rashness",
    "crowd.herding",
    "crowd.public_info_share",
    "crowd.appeal_quality_gain",
    "action.tip_base",
    "action.confront_base",
    "action.injury_prob",
    "action.compromise_prob",
    "action.harass_per_reader",
    "action.sting_rate",
    "action.online_displacement",
    "action.sting_false_prob",
    "action.sting_harm_prob",
    "action.hunter_evidence_base",
    "action.publish_prob",
    "action.sting_compromise_prob",
    "action.film_base",
    "action.excessive_force_prob",
    "roles.join_base",
    "reporting.p_witness",
    "reporting.witness_report_base",
    "reporting.watch_report_prob",
    "reporting.post_base",
    "offending.r_off",
    "offending.g_eff",
    "offending.p_eff",
    "offending.red_handed",
    "offending.displacement",
];

/// A plan file with `base:` pointing at a small bundled scenario.
fn plan_file(dir: &Path, name: &str, body: &str) -> String {
    let base = root().join("tests/data/sweep/tiny-base.yaml");
    let path = dir.join(name);
    std::fs::write(&path, format!("version: 1\nbase: {}\n{body}", base.display())).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn plans_too_large_to_hold_are_refused_before_anything_is_allocated() {
    let dir = fresh_dir("hostile-plans");
    let out = dir.join("out").to_string_lossy().into_owned();
    // 524,288 Sobol points × 100,000 replicates: 5.2e10 runs (once a 419 GB list of indices).
    let sobol = plan_file(
        &dir,
        "sobol.yaml",
        "sampling: sobol\nsamples: 524288\nreplicates: 100000\nparameters:\n  policy.officers_per_1000: {min: 1.0, max: 4.0}\n",
    );
    let err = exits(&diypol(&["sweep", &sobol, "--dry-run", "--out", &out]), 2);
    assert!(err.contains("would write about") && err.contains("PB into"), "{err}");
    // 4^12 factorial points (16.7 million runs): counted, not listed.
    let lists: String =
        PROBABILITIES[..12].iter().map(|p| format!("  {p}: [0.1, 0.2, 0.3, 0.4]\n")).collect();
    let factorial = plan_file(&dir, "factorial.yaml", &format!("parameters:\n{lists}"));
    let said = ok(&diypol(&["sweep", &factorial, "--dry-run", "--out", &out, "--run-index", "16777215"]));
    assert!(said.contains("16777216 points × 1 replicates = 16777216 runs"), "{said}");
    // Memory: runs that do not fit the limit are refused, naming both sizes.
    let small = plan_file(&dir, "small.yaml", "parameters:\n  days: [3, 4]\n");
    let err = exits(&diypol(&["sweep", &small, "--dry-run", "--out", &out, "--max-memory", "10MB"]), 2);
    assert!(
        err.contains("needs about") && err.contains("more than the 10 MB allowed by --max-memory"),
        "{err}"
    );
    // A Latin hypercube of a million points over 40 parameters keeps a 1 GB table.
    let ranges: String = PROBABILITIES.iter().map(|p| format!("  {p}: {{min: 0.1, max: 0.2}}\n")).collect();
    let lhs = plan_file(
        &dir,
        "lhs.yaml",
        &format!("sampling: latin_hypercube\nsamples: 1000000\nparameters:\n{ranges}"),
    );
    let err = exits(&diypol(&["sweep", &lhs, "--out", &out, "--max-memory", "600MB"]), 2);
    assert!(err.contains("the design: 1.0 GB"), "{err}");
    assert!(!dir.join("out").exists(), "a refused plan wrote its folder");
}

#[test]
fn the_largest_city_is_refused_when_it_does_not_fit() {
    let dir = fresh_dir("hostile-largest");
    let f = dir.join("largest.yaml");
    std::fs::write(
        &f,
        "version: 1\nmodel: diy_policing\ncity:\n  population: 50000000\nnetwork:\n  mean_degree: 200\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    for args in [
        vec!["validate", f, "--max-memory", "4G"],
        vec!["run", f, "--max-memory", "4GB", "--out", "/nonexistent/x"],
    ] {
        let err = exits(&diypol(&args), 2);
        assert!(err.contains("needs about") && err.contains("GB of memory"), "{err}");
        assert!(err.contains("allowed by --max-memory") && err.contains("hint:"), "{err}");
    }
    let err = exits(&diypol(&["validate", f, "--max-memory", "lots"]), 2);
    assert!(err.contains("`lots` is not a memory size"), "{err}");
}

#[test]
fn merge_refuses_an_unfinished_sweep_unless_asked() {
    let dir = fresh_dir("hostile-merge");
    let out = dir.join("sweep").to_string_lossy().into_owned();
    let plan = root().join("tests/data/sweep/resume.yaml").to_string_lossy().into_owned();
    // A prepared folder (SLURM scripts written) holds no finished run.
    ok(&diypol(&["sweep", &plan, "--out", &out, "--emit-slurm"]));
    let err = exits(&diypol(&["merge", &out]), 2);
    assert!(err.contains("no run of the sweep") && err.contains("nothing to merge"), "{err}");
    ok(&diypol(&["sweep", &plan, "--out", &out, "--run-index", "1", "--quiet"]));
    let err = exits(&diypol(&["merge", &out]), 2);
    assert!(err.contains("1 of") && err.contains("missing: runs 0, 2, 3"), "{err}");
    assert!(err.contains("--partial"), "{err}");
    assert!(!Path::new(&out).join("runs.parquet").exists());
    let said = ok(&diypol(&["merge", &out, "--partial"]));
    assert!(said.contains("merged 1 runs"), "{said}");
}

/// One random value for a schema node; sizes that would make a run slow are kept small.
fn random_value(schema: &J, defs: &J, path: &str, rng: &mut impl Rng) -> Option<J> {
    let schema = match schema.get("$ref").and_then(J::as_str) {
        Some(r) => &defs[r.trim_start_matches("#/$defs/")],
        None => schema,
    };
    if let Some(branches) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(J::as_array) {
        let b = &branches[rng.random_range(0..branches.len())];
        return random_value(b, defs, path, rng);
    }
    if let Some(values) = schema.get("enum").and_then(J::as_array) {
        return Some(values[rng.random_range(0..values.len())].clone());
    }
    if let Some(c) = schema.get("const") {
        return Some(c.clone());
    }
    let small: &[(&str, f64, f64)] = &[
        ("days", 1.0, 5.0),
        ("burn_in_days", 0.0, 3.0),
        ("city.population", 100.0, 4000.0),
        ("city.width", 3.0, 30.0),
        ("city.height", 3.0, 30.0),
        ("network.mean_degree", 0.0, 40.0),
        ("civil_violence.width", 5.0, 40.0),
        ("civil_violence.height", 5.0, 40.0),
    ];
    let ty = schema.get("type").map(|t| match t {
        J::Array(a) => a.iter().find(|x| *x != "null").cloned().unwrap_or(J::Null),
        t => t.clone(),
    });
    match ty.as_ref().and_then(J::as_str) {
        Some("object") => {
            let props = schema.get("properties").and_then(J::as_object)?;
            let mut out = Map::new();
            for (k, sub) in props {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if rng.random_bool(0.6)
                    && let Some(v) = random_value(sub, defs, &p, rng)
                {
                    out.insert(k.clone(), v);
                }
            }
            Some(J::Object(out))
        }
        Some(t @ ("number" | "integer")) => {
            let (mut lo, mut hi) = (
                schema.get("minimum").and_then(J::as_f64).unwrap_or(0.0),
                schema.get("maximum").and_then(J::as_f64).unwrap_or(if t == "integer" {
                    1000.0
                } else {
                    10.0
                }),
            );
            if let Some((_, l, h)) = small.iter().find(|(p, _, _)| *p == path) {
                (lo, hi) = (lo.max(*l), hi.min(*h));
            }
            let x = match rng.random_range(0..6) {
                0 => lo,
                1 => hi,
                2 => lo + (hi - lo) * 1e-9,
                _ => rng.random_range(lo..=hi),
            };
            Some(if t == "integer" { json!(x.round() as i64) } else { json!(x) })
        }
        Some("boolean") => Some(json!(rng.random_bool(0.5))),
        // Names, descriptions, CSV paths and maps (crime types, interventions) keep defaults.
        _ => None,
    }
}

/// A random CSV city: a small grid, some empty cells, attractiveness from 0 to its cap.
fn random_city(rng: &mut impl Rng) -> String {
    let (w, h) = (rng.random_range(1..20u32), rng.random_range(1..20u32));
    let mut csv = String::from("x,y,population,attractiveness\n");
    for y in 0..h {
        for x in 0..w {
            if rng.random_bool(0.2) {
                continue;
            }
            let pop = match rng.random_range(0..4) {
                0 => 0,
                1 => rng.random_range(0..5),
                _ => rng.random_range(0..300),
            };
            let a = match rng.random_range(0..5) {
                0 => 0.0,
                1 => 1e6,
                2 => 1e-300,
                _ => rng.random_range(0.0..5.0),
            };
            csv.push_str(&format!("{x},{y},{pop},{a}\n"));
        }
    }
    // Enough residents for a city.
    csv.push_str(&format!("{w},{h},{},1.0\n", rng.random_range(100..2000)));
    csv
}

/// Random scenarios drawn from the schema (every section and value within its range,
/// sizes small) and random CSV cities: each that validates runs a few days and writes its
/// outputs without a panic. DIYPOL_FUZZ_CASES sets how many (default 150).
#[test]
fn random_valid_scenarios_and_csv_cities_run_without_a_panic() {
    let cases: u64 = std::env::var("DIYPOL_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(150);
    let schema = diypol::scenario::schema();
    let defs = &schema["$defs"];
    let dir = fresh_dir("hostile-fuzz");
    let (mut ran, mut refused) = (0, 0);
    let mut reasons = std::collections::BTreeMap::<String, u32>::new();
    for case in 0..cases {
        let mut rng = rand::rngs::StdRng::seed_from_u64(case);
        let model = if rng.random_bool(0.75) { "diy_policing" } else { "civil_violence" };
        let kind = if model == "diy_policing" {
            diypol::scenario::ModelKind::DiyPolicing
        } else {
            diypol::scenario::ModelKind::CivilViolence
        };
        let mut doc = Map::new();
        for (k, sub) in schema["properties"].as_object().unwrap() {
            if !kind.has_section(k)
                || ["version", "model", "name", "description", "interventions"].contains(&k.as_str())
            {
                continue;
            }
            if rng.random_bool(0.7)
                && let Some(v) = random_value(sub, defs, k, &mut rng)
            {
                doc.insert(k.clone(), v);
            }
        }
        // Task shares drawn independently in [0, 1] mostly sum past 1 (a rule refuses
        // that); a quarter of each keeps the draws random and most scenarios valid.
        if let Some(J::Object(shares)) = doc.get_mut("police").and_then(|p| p.get_mut("shares")) {
            for v in shares.values_mut() {
                if let Some(x) = v.as_f64() {
                    *v = json!(x / 4.0);
                }
            }
        }
        doc.insert("version".into(), json!(1));
        doc.insert("model".into(), json!(model));
        doc.insert("days".into(), json!(rng.random_range(1..5)));
        doc.insert("burn_in_days".into(), json!(rng.random_range(0..3)));
        if model == "diy_policing" {
            let city = doc.entry("city").or_insert_with(|| json!({}));
            // Keep the synthetic city small even when it was not drawn.
            city["population"] = json!(rng.random_range(100..4000));
            city["width"] = json!(rng.random_range(3..30));
            city["height"] = json!(rng.random_range(3..30));
            if rng.random_bool(0.3) {
                let csv = format!("city-{case}.csv");
                std::fs::write(dir.join(&csv), random_city(&mut rng)).unwrap();
                city["csv"] = json!(csv);
            }
        }
        let text = serde_json::to_string_pretty(&J::Object(doc)).unwrap();
        let file = dir.join(format!("case-{case}.yaml"));
        let loaded = match diypol::scenario::from_str(&text, &file, &dir) {
            Ok(l) => l,
            Err(e) => {
                assert_eq!(e.kind().code(), 2, "case {case}: {e}");
                let text = e.to_string();
                let why = text.lines().nth(1).and_then(|l| l.split('`').nth(1)).unwrap_or("?").to_string();
                *reasons.entry(why).or_insert(0) += 1;
                refused += 1;
                continue;
            }
        };
        let outcome = std::panic::catch_unwind(|| {
            let keep = diypol::run::Keep { cells: true, events: model == "diy_policing" };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let run = diypol::run::simulate(&loaded, 0, keep, &mut |_, _| {}, &cancel).expect("the run ends");
            if case % 5 == 0 {
                let out = dir.join(format!("out-{case}"));
                diypol::output::write_run(
                    &run,
                    &out,
                    diypol::output::charts::ChartSet::ALL,
                    diypol::i18n::Lang::En,
                )
                .expect("the outputs are written");
                let _ = std::fs::remove_dir_all(&out);
            }
        });
        assert!(outcome.is_ok(), "case {case} panicked; scenario:\n{text}");
        ran += 1;
    }
    let mut top: Vec<(u32, String)> = reasons.into_iter().map(|(k, v)| (v, k)).collect();
    top.sort_by(|a, b| b.cmp(a));
    // The test means something only if most drawn scenarios are valid.
    assert!(ran * 2 > cases, "only {ran} of {cases} random scenarios validated ({refused} refused: {top:?})");
    eprintln!("random scenarios: {ran} ran, {refused} refused; refused for: {:?}", &top[..top.len().min(8)]);
}

/// `text` with a few random edits: bytes flipped, removed or duplicated, YAML's special
/// characters and large numbers inserted.
fn mutate(text: &str, rng: &mut impl Rng) -> Vec<u8> {
    const INSERTS: [&str; 12] =
        [":", "- ", "[", "{", "&a ", "*a", "!!binary ", "\n  ", "1e400", "-0.0", "18446744073709551616", "~"];
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.random_range(1..6) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.random_range(0..bytes.len());
        match rng.random_range(0..4) {
            0 => bytes[at] ^= 1 << rng.random_range(0..8),
            1 => {
                bytes.remove(at);
            }
            2 => {
                let piece = bytes[at..(at + rng.random_range(1..20)).min(bytes.len())].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let s = INSERTS[rng.random_range(0..INSERTS.len())];
                bytes.splice(at..at, s.bytes());
            }
        }
    }
    bytes
}

/// The scenario, plan and CSV parsers on mutated copies of the bundled files: every
/// outcome is a value or an error of the input kind, never a panic. A plan that loads
/// gives its first and last points. DIYPOL_FUZZ_CASES scales the count (default 150 → 1,200
/// inputs).
#[test]
fn mutated_scenarios_plans_and_cities_never_panic_the_parsers() {
    let cases: u64 = std::env::var("DIYPOL_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(150);
    let dir = fresh_dir("hostile-mutations");
    let mut seeds: Vec<(String, String)> = Vec::new();
    for folder in ["scenarios", "tests/data/sweep", "tests/data/city"] {
        for f in corpus(folder) {
            seeds.push((f.clone(), std::fs::read_to_string(root().join(&f)).unwrap()));
        }
    }
    let tiny = root().join("tests/data/sweep/tiny-base.yaml");
    let mut outcomes = [0u32; 2];
    for case in 0..cases * 8 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(case);
        let (name, text) = &seeds[rng.random_range(0..seeds.len())];
        // Plans point at a small base wherever they are.
        let text =
            if text.contains("\nbase:") {
                text.lines()
                    .map(|l| {
                        if l.starts_with("base:") {
                            format!("base: {}", tiny.display())
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text.clone()
            };
        let bytes = mutate(&text, &mut rng);
        let result = std::panic::catch_unwind(|| {
            let file = dir.join(format!("m{case}{}", if name.ends_with(".csv") { ".csv" } else { ".yaml" }));
            std::fs::write(&file, &bytes).unwrap();
            if name.ends_with(".csv") {
                return diypol::scenario::city_csv::parse(&file, &bytes).is_ok();
            }
            if text.contains("\nbase:") {
                return match diypol::sweep::plan::load(&file) {
                    Ok(plan)
                        if plan.runs() > 0 && diypol::sweep::design::design_bytes(&plan.plan) < 1 << 28 =>
                    {
                        let design = plan.design();
                        let _ = (design.point(0), design.point(design.len() - 1));
                        let _ = plan.check_points(&design);
                        true
                    }
                    Ok(_) => true,
                    Err(e) => {
                        assert!(matches!(e.kind().code(), 1 | 2), "{e}");
                        false
                    }
                };
            }
            let base = root().join(Path::new(name).parent().unwrap());
            match std::str::from_utf8(&bytes) {
                Ok(t) => diypol::scenario::from_str(t, &file, &base).is_ok(),
                Err(_) => diypol::input::read_text(&file).is_ok(),
            }
        });
        match result {
            Ok(loaded) => outcomes[loaded as usize] += 1,
            Err(_) => panic!("case {case} (from {name}) panicked on:\n{}", String::from_utf8_lossy(&bytes)),
        }
    }
    eprintln!("mutated inputs: {} accepted, {} refused", outcomes[1], outcomes[0]);
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}

/// Every visible file of a sweep's part folders opens as Parquet (DuckDB's
/// `read_parquet('DIR/runs/*.parquet')` reads them all) and is named as a part.
fn parts_read(dir: &Path) -> usize {
    let mut n = 0;
    for t in ["runs", "ticks"] {
        for f in files_in(&dir.join(t)).into_iter().filter(|f| !f.starts_with('.')) {
            assert!(f.starts_with("run-") && f.ends_with(".parquet"), "{t}/{f}");
            diypol::output::parquet::shape(&dir.join(t).join(&f)).unwrap_or_else(|e| panic!("{t}/{f}: {e}"));
            n += 1;
        }
    }
    n
}

#[test]
fn sigterm_sighup_and_kill_leave_a_sweep_that_reads_and_resumes() {
    let plan = "tests/data/sweep/resume.yaml";
    for (signals, code) in [(&["TERM"][..], Some(143)), (&["HUP"][..], Some(129)), (&["KILL"][..], None)] {
        let out = fresh_dir(&format!("hostile-signal-{}", signals[0])).join("s");
        let out_s = out.to_str().unwrap();
        let o = signal_after(&["sweep", plan, "--out", out_s, "--quiet", "--threads", "1"], 1, signals);
        assert_eq!(o.status.code(), code, "{signals:?}: {}", stderr(&o));
        if code.is_some() {
            let err = stderr(&o);
            assert!(err.contains(&format!("interrupted by SIG{} after", signals[0])), "{err}");
            assert!(err.contains("run the same command again to resume"), "{err}");
            // Stopped between runs: nothing hidden is left.
            let hidden: Vec<String> = ["runs", "ticks"]
                .iter()
                .flat_map(|t| files_in(&out.join(t)))
                .filter(|f| f.starts_with('.'))
                .collect();
            assert!(hidden.is_empty(), "{hidden:?}");
        }
        assert!(parts_read(&out) > 0);
        ok(&diypol(&["sweep", plan, "--out", out_s, "--quiet"]));
        // The resume removed whatever the killed process left.
        let left: Vec<String> = ["", "runs", "ticks"]
            .iter()
            .flat_map(|t| files_in(&out.join(t)))
            .filter(|f| f.starts_with('.') && f != ".diypol.json")
            .collect();
        assert!(left.is_empty(), "{signals:?}: {left:?}");
        assert_eq!(parts_read(&out), 48);
        ok(&diypol(&["merge", out_s]));
    }
}

#[test]
fn resume_removes_stale_temporaries_and_redoes_damaged_runs() {
    let plan = "tests/data/sweep/resume.yaml";
    let out = fresh_dir("hostile-damaged").join("s");
    let out_s = out.to_str().unwrap();
    ok(&diypol(&["sweep", plan, "--out", out_s, "--quiet"]));
    let good = std::fs::read(out.join("runs/run-00002.parquet")).unwrap();
    // What a crash of an older diypol left, and a part cut short.
    std::fs::write(out.join("runs/.run-00005.parquet.4242.partial.parquet"), b"PAR1").unwrap();
    std::fs::write(out.join("runs/run-00002.parquet"), &good[..good.len() / 2]).unwrap();
    std::fs::write(out.join("ticks/run-00007.parquet"), b"").unwrap();
    let o = diypol(&["sweep", plan, "--out", out_s, "--quiet"]);
    let err = stderr(&o);
    ok(&o);
    assert!(err.contains("2 finished run(s)") && err.contains("damaged file and will run again"), "{err}");
    assert_eq!(std::fs::read(out.join("runs/run-00002.parquet")).unwrap(), good);
    assert!(!files_in(&out.join("runs")).iter().any(|f| f.starts_with('.')));
    assert_eq!(parts_read(&out), 48);
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_leaves_no_partial_set() {
    let out = fresh_dir("hostile-double-ctrl-c").join("cmp");
    let args = ["compare", "scenarios/baseline.yaml", "scenarios/collaborate.yaml", "--replicates", "200"];
    let o =
        signal_after(&[&args[..], &["--quiet", "--out", out.to_str().unwrap()]].concat(), 2, &["INT", "INT"]);
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    // The comparison's own files appear all together or not at all.
    let top = files_in(&out);
    assert!(!top.iter().any(|f| f == "summary.csv" || f == "runs.parquet"), "{top:?}");
    let files = tree(&out);
    for f in files.iter().filter(|f| f.ends_with(".parquet") && !f.split('/').any(|p| p.starts_with('.'))) {
        diypol::output::parquet::shape(&out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

/// Peak resident memory of `diypol args`, in bytes (from the kernel's accounting).
fn peak_memory(args: &[&str]) -> u64 {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_diypol"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("diypol starts");
    let mut status = 0;
    // SAFETY: rusage is plain data the kernel fills; the child is ours to reap.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    // Reaped by wait4 already: this only tells `Child` so (and returns an error).
    let _ = child.wait();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "diypol {args:?} failed");
    usage.ru_maxrss as u64 * 1024
}

/// The estimate `validate` prints ("about 123 MB of memory"), in bytes.
fn estimate(file: &str) -> u64 {
    let said = ok(&diypol(&["validate", file]));
    let about = said.split("about ").nth(1).expect("an estimate");
    let mut words = about.split_whitespace();
    let (v, unit): (f64, &str) = (words.next().unwrap().parse().unwrap(), words.next().unwrap());
    let scale = match unit {
        "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        _ => panic!("unit {unit}"),
    };
    (v * scale) as u64
}

#[test]
fn memory_estimates_bound_what_runs_use() {
    let dir = fresh_dir("hostile-memory");
    let cases = [
        (
            "diy.yaml",
            "model: diy_policing\ndays: 20\nburn_in_days: 10\ncity: {population: 400000, width: 300, height: 300}\nnetwork: {mean_degree: 30}\n",
        ),
        (
            "cv.yaml",
            "model: civil_violence\ndays: 3\nburn_in_days: 0\ncivil_violence: {width: 1000, height: 1000}\n",
        ),
    ];
    for (name, body) in cases {
        let f = dir.join(name);
        std::fs::write(&f, format!("version: 1\n{body}")).unwrap();
        let f = f.to_str().unwrap();
        let out = dir.join(format!("out-{name}"));
        let used =
            peak_memory(&["run", f, "--out", out.to_str().unwrap(), "--quiet", "--no-charts", "--cells"]);
        let said = estimate(f);
        eprintln!("{name}: estimated {said} bytes, peak {used}");
        assert!(said >= used && said <= 3 * used, "{name}: estimated {said} bytes, used {used}");
    }
}
