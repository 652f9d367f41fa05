//! Every bundled scenario validates and runs.

use crate::support::*;

/// The `.yaml` files of a folder of the repository, as `folder/name.yaml`, sorted.
fn yaml_in(folder: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .flatten()
        .map(|e| format!("{folder}/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    v.sort();
    v
}

fn bundled() -> Vec<String> {
    yaml_in("scenarios")
}

#[test]
fn every_bundled_scenario_validates() {
    let files = bundled();
    assert!(files.iter().any(|f| f.ends_with("baseline.yaml")));
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&diypol(&args));
    assert_eq!(out.lines().filter(|l| l.starts_with("ok: ")).count(), files.len(), "{out}");
}

/// Bundled sweep plans (`scenarios/levers-factorial.yaml`) are not scenarios to run.
fn is_plan(f: &str) -> bool {
    diypol::sweep::plan::is_plan(&std::fs::read_to_string(root().join(f)).unwrap())
}

#[test]
fn the_levers_plan_varies_each_lever_alone_and_all_together() {
    let f = "scenarios/levers-factorial.yaml";
    assert!(is_plan(f));
    let out = ok(&diypol(&["validate", f]));
    assert!(out.contains("sweep plan: 256 points × 2 replicates"), "{out}");
    // Run as a scenario by mistake, it says what it is.
    let e = diypol(&["run", f, "--out", fresh_dir("run-a-plan").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&e.stderr);
    assert!(!e.status.success() && stderr.contains("diypol sweep"), "{stderr}");
    // The full factorial holds the status quo, each lever alone and all levers together.
    let plan = diypol::sweep::plan::load(&root().join(f)).unwrap();
    let levers = plan
        .plan
        .parameters
        .values()
        .filter(|v| matches!(v, diypol::sweep::spec::Values::List(l) if l.len() == 2))
        .count();
    assert_eq!(levers, 8);
    assert_eq!(plan.points, 1 << levers);
}

#[test]
fn every_bundled_sweep_plan_validates() {
    let files = yaml_in("sweeps");
    assert!(files.len() >= 4, "{files:?}");
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&diypol(&args));
    assert_eq!(out.lines().filter(|l| l.contains("(sweep plan: ")).count(), files.len(), "{out}");
}

#[test]
fn every_bundled_scenario_runs() {
    for f in bundled().into_iter().filter(|f| !is_plan(f)) {
        let name = f.trim_start_matches("scenarios/").trim_end_matches(".yaml");
        let out = fresh_dir(&format!("run-{name}"));
        let stdout = ok(&diypol(&["run", &f, "--out", out.to_str().unwrap()]));
        let civil_violence = name.starts_with("civil-violence");
        let (summary, wanted): (&str, &[&str]) = if civil_violence {
            ("Outbursts", &["ticks.parquet", "runs.parquet", "dashboard.png", "dashboard.svg"])
        } else {
            (
                "Crimes (per 1,000",
                &["ticks.parquet", "runs.parquet", "dashboard.png", "dashboard.svg", "crime_map.png"],
            )
        };
        assert!(stdout.contains(summary), "{f}: {stdout}");
        let files = files_in(&out);
        for &want in wanted {
            assert!(files.contains(&want.to_string()), "{f}: {want} missing from {files:?}");
        }
    }
}

#[test]
fn schema_is_json_and_lists_sections() {
    let out = ok(&diypol(&["schema"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("schema is JSON");
    for section in ["city", "policy", "police", "crime_types", "interventions"] {
        assert!(v["properties"].get(section).is_some(), "{section} missing");
    }
}

/// Field names of every parameter in the schema (leaves and sections), resolving `$ref`.
fn schema_fields(schema: &serde_json::Value, node: &serde_json::Value, out: &mut Vec<String>) {
    let node = match node.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => &schema["$defs"][r.rsplit('/').next().unwrap()],
        None => node,
    };
    for key in ["anyOf", "oneOf"] {
        for branch in node.get(key).and_then(|b| b.as_array()).into_iter().flatten() {
            schema_fields(schema, branch, out);
        }
    }
    if let Some(props) = node.get("properties").and_then(|p| p.as_object()) {
        for (name, sub) in props {
            out.push(name.clone());
            schema_fields(schema, sub, out);
        }
    }
    if let Some(add) = node.get("additionalProperties").filter(|a| a.is_object()) {
        schema_fields(schema, add, out);
    }
}

#[test]
fn docs_model_lists_every_parameter() {
    let schema = diypol::scenario::schema();
    let mut fields = Vec::new();
    schema_fields(schema, schema, &mut fields);
    fields.sort();
    fields.dedup();
    assert!(fields.len() > 80, "{fields:?}");
    let doc = std::fs::read_to_string(root().join("docs/MODEL.md")).expect("docs/MODEL.md exists");
    // Names written in backticks, alone or as part of a dotted path (`engagement.a`).
    let documented: std::collections::BTreeSet<&str> =
        doc.split('`').skip(1).step_by(2).flat_map(|code| code.split(['.', ',', ' ', '<', '>'])).collect();
    let missing: Vec<&String> = fields.iter().filter(|f| !documented.contains(f.as_str())).collect();
    assert!(missing.is_empty(), "docs/MODEL.md does not document: {missing:?}");
}

#[test]
fn a_csv_city_runs_and_keeps_its_grid() {
    let out = fresh_dir("csv-city");
    ok(&diypol(&["run", "tests/data/city/district.yaml", "--quiet", "--out", out.to_str().unwrap()]));
    let cells = diypol::output::parquet::read(&out.join("cells.parquet")).unwrap();
    assert_eq!(cells.rows(), 15 * 12);
    let res = cells.get(diypol::catalogue::DiyCell::Residents.name()).expect("residents column").as_f64();
    let csv = std::fs::read_to_string(root().join("tests/data/city/district.csv")).unwrap();
    let total: f64 = csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().parse::<f64>().unwrap()).sum();
    assert_eq!(res.iter().sum::<f64>(), total);
    assert_eq!(res[6 * 15 + 7], 0.0, "the centre has no residents");
}
