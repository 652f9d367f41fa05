//! The server through its HTTP interface (requests handed to the router, no socket): what it
//! refuses and why, and that what it streams and exports is what `diypol run` computes.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;
use crate::catalogue::{DiyRun, DiyTick};
use crate::run::{Keep, simulate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_time().build().unwrap()
}

fn server(opts: ServeOptions) -> Arc<Server> {
    Arc::new(Server::new(&ServeOptions { threads: Some(2), ..opts }).unwrap())
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The server-sent events of a streamed answer: (name, data).
    fn events(&self) -> Vec<(String, Value)> {
        self.body
            .split("\n\n")
            .filter_map(|frame| {
                let name = frame.lines().find_map(|l| l.strip_prefix("event: "))?;
                let data = frame.lines().find_map(|l| l.strip_prefix("data: "))?;
                Some((name.to_string(), serde_json::from_str(data).unwrap()))
            })
            .collect()
    }
}

async fn call(s: &Arc<Server>, req: Request<Body>) -> Answer {
    let resp = router(s.clone()).oneshot(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// A small city, quick to run, as the page would send it.
fn small(stance: &str) -> Value {
    json!({"scenario": "baseline", "set": {"city.population": 3000, "days": 40, "policy.stance": stance}})
}

#[test]
fn no_request_reaches_a_file_outside_the_bundled_scenarios_and_assets() {
    let s = server(ServeOptions::default());
    runtime().block_on(async {
        for uri in [
            "/assets/../Cargo.toml",
            "/assets/..%2F..%2FCargo.toml",
            "/assets/%2Fetc%2Fpasswd",
            "/assets/vendor/../../../../Cargo.toml",
            "/api/scenarios/..%2F..%2Fetc%2Fpasswd",
            "/api/scenarios/%2Fetc%2Fhosts",
            "/api/scenarios/baseline.yaml",
            "/api/export/r1/..%2F..%2Fetc%2Fpasswd",
            "/../../etc/passwd",
        ] {
            let a = call(&s, get(uri)).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}: {}", a.body);
            assert!(!a.body.contains("root:") && !a.body.contains("[package]"), "{uri} leaked a file");
        }
        let named = json!({"configs": [{"scenario": "../../etc/passwd", "set": {}}]});
        let a = call(&s, post("/api/run", &named)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
        // A setting may name only the page's controls (not `city.csv`, which names a file).
        let csv = json!({"configs": [{"scenario": "baseline", "set": {"city.csv": "/etc/passwd"}}]});
        let a = call(&s, post("/api/run", &csv)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        assert!(a.json()["error"].as_str().unwrap().contains("`city.csv` is not a control"), "{}", a.body);
        let pasted = json!({"yaml": "version: 1\nmodel: diy_policing\nextends: /etc/passwd\n"});
        let a = call(&s, post("/api/scenario", &pasted)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["problems"][0]["path"], "extends", "{}", a.body);
    });
}

#[test]
fn an_oversized_body_is_refused_with_a_message() {
    let s =
        server(ServeOptions { limits: Limits { max_body: 4096, ..Limits::default() }, ..Default::default() });
    runtime().block_on(async {
        let big = format!("version: 1\nmodel: diy_policing\n{}", "# padding\n".repeat(1000));
        let a = call(&s, post("/api/scenario", &json!({"yaml": big}))).await;
        assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
        assert!(a.json()["hint"].as_str().unwrap().contains("--max-body"), "{}", a.body);
        let fits = json!({"yaml": "version: 1\nmodel: diy_policing\n"});
        assert_eq!(call(&s, post("/api/scenario", &fits)).await.status, StatusCode::OK);
    });
}

#[test]
fn malformed_yaml_gets_every_problem_with_its_line_and_column() {
    let s = server(ServeOptions::default());
    runtime().block_on(async {
        let broken = json!({"yaml": "version: 1\nmodel: diy_policing\npolicy:\n  stance: [collaborate\n"});
        let a = call(&s, post("/api/scenario", &broken)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
        let p = &a.json()["problems"][0];
        assert_eq!((p["file"].as_str(), p["line"].as_u64().is_some()), (Some("pasted.yaml"), true), "{p}");
        let typo = json!({"yaml": "version: 1\nmodel: diy_policing\npolicy:\n  stanse: collaborate\n  officers_per_1000: -1\n"});
        let a = call(&s, post("/api/scenario", &typo)).await;
        let problems = a.json()["problems"].as_array().unwrap().clone();
        assert_eq!(problems.len(), 2, "{}", a.body);
        assert_eq!((problems[0]["line"].as_u64(), problems[0]["column"].as_u64()), (Some(4), Some(3)));
        assert!(problems[0]["hint"].as_str().unwrap().contains("stance"), "{}", a.body);
        assert_eq!(problems[1]["path"], "policy.officers_per_1000");
        // Not JSON at all, or the wrong fields: 4xx with a hint, never a panic.
        let req = Request::post("/api/run").header(header::CONTENT_TYPE, "application/json").body(Body::from("{")).unwrap();
        let a = call(&s, req).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        assert!(a.json()["hint"].as_str().unwrap().contains("docs/SERVE.md"));
        let a = call(&s, post("/api/run", &json!({"configs": [], "colour": 1}))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
        assert!(a.body.contains("colour"), "{}", a.body);
    });
}

#[test]
fn beyond_loopback_every_request_needs_the_token() {
    let open = ServeOptions { host: IpAddr::from([0, 0, 0, 0]), ..Default::default() };
    let s = server(open);
    let token = s.token().expect("a token off loopback").to_string();
    assert_eq!(token.len(), 32);
    assert_ne!(
        token,
        server(ServeOptions { host: IpAddr::from([0, 0, 0, 0]), ..Default::default() }).token().unwrap()
    );
    runtime().block_on(async {
        for uri in ["/", "/api/meta", "/assets/app.js", "/api/scenarios/baseline"] {
            let a = call(&s, get(uri)).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{uri}");
            assert!(a.json()["hint"].as_str().unwrap().contains("?token="), "{}", a.body);
        }
        let wrong = call(&s, get(&format!("/api/meta?token={}", "0".repeat(32)))).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let page = call(&s, get(&format!("/?token={token}"))).await;
        assert_eq!(page.status, StatusCode::OK);
        let cookie = page.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let with_cookie = Request::get("/api/meta")
            .header(header::COOKIE, cookie.split(';').next().unwrap())
            .body(Body::empty());
        assert_eq!(call(&s, with_cookie.unwrap()).await.status, StatusCode::OK);
        let with_header = Request::get("/api/meta").header("x-diypol-token", &token).body(Body::empty());
        assert_eq!(call(&s, with_header.unwrap()).await.status, StatusCode::OK);
    });
    // On loopback none is asked for.
    assert!(server(ServeOptions::default()).token().is_none());
}

#[test]
fn caps_on_population_days_and_replicates_are_explained() {
    let s = server(ServeOptions {
        limits: Limits { max_population: 150_000, ..Limits::default() },
        ..Default::default()
    });
    runtime().block_on(async {
        let run = |set: Value, replicates: u32| json!({"configs": [{"scenario": "baseline", "set": set}], "replicates": replicates});
        let a = call(&s, post("/api/run", &run(json!({"city.population": 160_000}), 1))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(a.json()["error"].as_str().unwrap().contains("city.population: 160000 is over this server's cap of 150000"));
        assert!(a.json()["hint"].as_str().unwrap().contains("--max-population"));
        let a = call(&s, post("/api/run", &run(json!({"city.population": 1000}), 31))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(a.body.contains("outside 1–30"), "{}", a.body);
        let long = json!({"yaml": "version: 1\nmodel: diy_policing\ndays: 4000\n"});
        let a = call(&s, post("/api/scenario", &long)).await;
        assert!(a.json()["error"].as_str().unwrap().contains("days: 4000 is over"), "{}", a.body);
        let large = json!({"yaml": "version: 1\nmodel: diy_policing\ncity: {population: 150001}\n"});
        let a = call(&s, post("/api/scenario", &large)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    });
}

#[test]
fn a_burst_of_clients_is_queued_up_to_the_limit_then_told_busy_and_no_stream_is_corrupted() {
    let s = server(ServeOptions { max_runs: Some(2), queue: 3, ..Default::default() });
    let answers = runtime().block_on(async {
        let body = json!({"configs": [{"scenario": "baseline", "set": {"city.population": 20000, "days": 60}}], "seed": 5});
        let calls = (0..9).map(|i| {
            let s = s.clone();
            let mut body = body.clone();
            body["client"] = json!(format!("client-{i}"));
            tokio::spawn(async move { call(&s, post("/api/run", &body)).await })
        });
        let mut out = Vec::new();
        for c in calls.collect::<Vec<_>>() {
            out.push(c.await.unwrap());
        }
        out
    });
    let (ok, busy): (Vec<&Answer>, Vec<&Answer>) = answers.iter().partition(|a| a.status == StatusCode::OK);
    assert_eq!((ok.len(), busy.len()), (5, 4), "2 running + 3 queued, the rest busy");
    for b in busy {
        assert_eq!(b.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(b.json()["error"].as_str().unwrap().starts_with("busy: "), "{}", b.body);
    }
    // Every admitted stream is whole, in order, and the same numbers (same seed).
    let first = ok[0].events();
    for a in &ok {
        let ev = a.events();
        let days: Vec<u64> =
            ev.iter().filter(|(n, _)| n == "day").map(|(_, d)| d["day"].as_u64().unwrap()).collect();
        assert_eq!(days, (0..60).collect::<Vec<u64>>());
        assert_eq!(ev.last().unwrap().0, "done");
        let run =
            |ev: &[(String, Value)]| ev.iter().find(|(n, _)| n == "run").unwrap().1["indicators"].clone();
        assert_eq!(run(&ev), run(&first));
    }
    assert!(ok.iter().filter(|a| a.events()[0].0 == "queued").count() >= 3, "the queued ones were told so");
    assert_eq!(s.admitted.load(std::sync::atomic::Ordering::SeqCst), 0, "every place was given back");
}

#[test]
fn a_new_run_of_the_same_page_cancels_its_old_one() {
    let s = server(ServeOptions::default());
    runtime().block_on(async {
        let body = |days: u32| {
            json!({"client": "tab-1", "configs": [{"scenario": "baseline", "set": {"city.population": 100_000, "days": days}}]})
        };
        let old = tokio::spawn({
            let s = s.clone();
            async move { call(&s, post("/api/run", &body(3650))).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let new = call(&s, post("/api/run", &body(20))).await;
        assert_eq!(new.events().last().unwrap().0, "done");
        let old = old.await.unwrap().events();
        assert_eq!(old.last().unwrap().0, "cancelled", "{:?}", old.last());
    });
}

#[test]
fn the_stream_and_the_exported_yaml_give_what_diypol_run_computes() {
    let s = server(ServeOptions::default());
    runtime().block_on(async {
        let req = json!({"configs": [small("ignore"), small("collaborate")], "seed": 11, "replicates": 2});
        let a = call(&s, post("/api/run", &req)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let ev = a.events();
        let start = &ev[0].1;
        assert_eq!(start["configs"][1]["city_seed"], 11, "A and B share the city");
        let columns: Vec<String> = serde_json::from_value(start["columns"].clone()).unwrap();
        let runs: Vec<&Value> = ev.iter().filter(|(n, _)| n == "run").map(|(_, d)| d).collect();
        assert_eq!(runs.len(), 4);
        for (c, config) in [small("ignore"), small("collaborate")].iter().enumerate() {
            let streamed = runs.iter().find(|r| r["config"] == c && r["replicate"] == 0).unwrap();
            let yaml = call(&s, post("/api/export/yaml", &json!({"config": config, "seed": 11}))).await;
            assert_eq!(yaml.status, StatusCode::OK);
            assert!(yaml.body.starts_with("# Exported by diypol serve"));
            let loaded =
                crate::scenario::from_str(&yaml.body, Path::new("exported.yaml"), Path::new(".")).unwrap();
            let run = simulate(&loaded, 0, Keep::default(), &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
            for (name, v) in run.indicators() {
                let got = streamed["indicators"][name].as_f64();
                assert_eq!(got, v.is_finite().then_some(v), "{name} of config {c}");
            }
            // Each streamed day is that day's row of the run's ticks.
            let days: Vec<&Value> =
                ev.iter().filter(|(n, d)| n == "day" && d["config"] == c).map(|(_, d)| d).collect();
            assert_eq!(days.len(), run.ticks.rows());
            for (i, col) in columns.iter().enumerate() {
                let t = run.ticks.get(col).unwrap();
                for d in &days {
                    let row = d["day"].as_u64().unwrap() as usize;
                    assert_eq!(d["values"][i].as_f64(), Some(t.f64_at(row)), "{col} on day {row}");
                }
            }
            // Downloads of the same run.
            let id = streamed["id"].as_str().unwrap();
            let csv = call(&s, get(&format!("/api/export/{id}/ticks.csv"))).await;
            assert_eq!(csv.status, StatusCode::OK);
            assert_eq!(csv.body.lines().count(), run.ticks.rows() + 1);
            assert!(csv.body.lines().next().unwrap().split(',').any(|h| h == DiyTick::MeanTrust.name()));
            let pq = router(s.clone()).oneshot(get(&format!("/api/export/{id}/runs.parquet"))).await.unwrap();
            let bytes = pq.into_body().collect().await.unwrap().to_bytes();
            assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        }
        // The last summary pairs the replicates: B − A's mean is the mean of the differences.
        let summary = &ev.iter().rev().find(|(n, _)| n == "summary").unwrap().1;
        assert_eq!(summary["n"], 2);
        let card = &summary["cards"][0];
        let of = |c: u64| -> Vec<f64> {
            runs.iter()
                .filter(|r| r["config"] == c)
                .map(|r| r["indicators"][DiyRun::CrimesPer1000Year.name()].as_f64().unwrap())
                .collect()
        };
        let (a, b) = (of(0), of(1));
        let mean_diff = (b[0] - a[0] + b[1] - a[1]) / 2.0;
        assert!((card["diff"]["mean"].as_f64().unwrap() - mean_diff).abs() < 1e-9, "{card}");
        assert!(card["a"]["lo"].as_f64().unwrap() >= 0.0, "crime's interval stays in its support");
        let missing = call(&s, get("/api/export/r999999/ticks.csv")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn meta_offers_controls_charts_cards_and_words_in_each_language() {
    let s = server(ServeOptions::default());
    runtime().block_on(async {
        let en = call(&s, get("/api/meta")).await.json();
        let fr = call(&s, get("/api/meta?lang=fr")).await.json();
        assert_eq!(en["controls"].as_array().unwrap().len(), fr["controls"].as_array().unwrap().len());
        let stance = |m: &Value| {
            m["controls"].as_array().unwrap().iter().find(|c| c["path"] == "policy.stance").unwrap()["label"]
                .clone()
        };
        assert_eq!((stance(&en), stance(&fr)), (json!("Stance"), json!("Posture")));
        assert_eq!(fr["cards"][0]["label"], "Infractions", "{}", fr["cards"][0]);
        assert!(en["scenarios"].as_array().unwrap().iter().any(|x| x["name"] == "collaborate"));
        let bad = call(&s, get("/api/meta?lang=xx")).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let page = call(&s, get("/")).await;
        assert!(page.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    });
}
