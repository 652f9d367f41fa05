//! A live session of the page: one or two configurations (A/B) on the same city and seeds.
//! Replicate 0 of each streams day by day from the library's run loop (an observer of
//! `run::step_through_observed`); the other replicates follow and each round ends with
//! the headline numbers' intervals. Events go to the HTTP stream through a channel; a
//! closed stream cancels the session.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::response::sse::Event;
use serde::Deserialize;
use serde_json::{Value, json};

use super::library::{Library, Source};
use super::meta::{self, CARDS};
use super::reply::ApiError;
use crate::catalogue::Entry;
use crate::error::Error;
use crate::i18n::Lang;
use crate::run::{Diy, Keep, Model, Run, simulate, step_through_observed};
use crate::scenario::{Assignment, LoadedScenario};
use crate::stats::mean_ci95_within;
use crate::sweep::replicate_seed;

/// One configuration the page sends: a scenario and the controls changed from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub scenario: Option<String>,
    pub yaml: Option<String>,
    #[serde(default)]
    pub set: serde_json::Map<String, Value>,
}

/// `POST /api/run`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub client: Option<String>,
    pub configs: Vec<Config>,
    pub seed: Option<u64>,
    pub replicates: Option<u32>,
    pub map_every: Option<u32>,
    pub lang: Option<String>,
}

/// A checked session, ready to run.
pub struct Session {
    /// Each configuration as loaded, its seed that of replicate 0 and its city the base seed's.
    pub configs: Vec<LoadedScenario>,
    pub seed: u64,
    pub replicates: u32,
    pub map_every: u32,
    pub lang: Lang,
}

/// `config` loaded and checked: the named or pasted scenario with `set` applied as
/// `--set` values (only the page's controls may be set), under the server's caps.
pub fn load_config(
    config: &Config,
    lib: &Library,
    limits: &super::limits::Limits,
) -> Result<LoadedScenario, ApiError> {
    let source = match (&config.scenario, &config.yaml) {
        (Some(name), None) => Source::Named(lib.get(name).ok_or_else(|| {
            ApiError::not_found(
                format!("no scenario named `{name}` on this server"),
                "pick one of /api/meta's scenarios, or paste YAML",
            )
        })?),
        (None, Some(text)) => Source::Pasted(text),
        _ => {
            return Err(ApiError::bad_request(
                "a configuration names a `scenario` or carries `yaml`, not both or neither",
                "send {\"scenario\": \"baseline\", \"set\": {...}}",
            ));
        }
    };
    let controls: Vec<String> =
        super::controls::controls(Lang::En, 0.0, 0.0).into_iter().map(|c| c.path).collect();
    let mut sets = Vec::new();
    for (path, value) in &config.set {
        if !controls.contains(path) {
            return Err(ApiError::bad_request(
                format!("`{path}` is not a control of this page"),
                "set only the paths /api/meta lists as controls",
            ));
        }
        let text = format!("{path}={value}");
        sets.push(
            text.parse::<Assignment>()
                .map_err(|e| ApiError::bad_request(format!("set {path}: {e}"), "send a JSON value"))?,
        );
    }
    let loaded = super::library::load(&source, &sets).map_err(ApiError::from)?;
    if loaded.scenario.model != crate::scenario::ModelKind::DiyPolicing {
        return Err(ApiError::invalid(
            "model: this page runs diy_policing scenarios",
            "run civil_violence scenarios with `diypol run`",
        ));
    }
    limits.check(&loaded).map_err(ApiError::from)?;
    Ok(loaded)
}

impl Session {
    pub fn prepare(
        req: &RunRequest,
        lib: &Library,
        limits: &super::limits::Limits,
    ) -> Result<Session, ApiError> {
        if req.configs.is_empty() || req.configs.len() > 2 {
            return Err(ApiError::bad_request(
                format!("{} configurations: a run has one, an A/B comparison two", req.configs.len()),
                "send one or two entries in `configs`",
            ));
        }
        let replicates = req.replicates.unwrap_or(1);
        if replicates == 0 || replicates > limits.max_replicates {
            return Err(ApiError::invalid(
                format!("replicates: {replicates} is outside 1–{} on this server", limits.max_replicates),
                format!("ask for at most {} replicates", limits.max_replicates),
            ));
        }
        let map_every = req.map_every.unwrap_or(7).clamp(1, 365);
        let mut configs = Vec::new();
        for c in &req.configs {
            configs.push(load_config(c, lib, limits)?);
        }
        let seed = req.seed.unwrap_or(configs[0].scenario.seed);
        for l in &mut configs {
            seed_replicate(l, seed, 0);
        }
        let lang = req.lang.as_deref().and_then(|l| l.parse::<Lang>().ok()).unwrap_or_default();
        Ok(Session { configs, seed, replicates, map_every, lang })
    }
}

/// Replicate `r`'s seeds, as `diypol compare` gives them: the dynamics from the base seed
/// and r, the city from the base seed (unless the scenario names its own).
pub fn seed_replicate(l: &mut LoadedScenario, seed: u64, r: u32) {
    l.scenario.seed = replicate_seed(seed, r);
    l.scenario.city_seed.get_or_insert(seed);
}

/// Finished runs the page may download, newest last.
#[derive(Default)]
pub struct RunCache {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// The number of the last run kept (ids are `r1`, `r2`, …).
    last: u64,
    runs: VecDeque<(String, Arc<Run>)>,
}

impl RunCache {
    pub const KEPT: usize = 64;

    pub fn insert(&self, run: Run) -> String {
        let mut g = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        g.last += 1;
        let id = format!("r{}", g.last);
        g.runs.push_back((id.clone(), Arc::new(run)));
        while g.runs.len() > Self::KEPT {
            g.runs.pop_front();
        }
        id
    }

    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        let g = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        g.runs.iter().find(|(i, _)| i == id).map(|(_, r)| r.clone())
    }
}

/// Where a session's events go: the HTTP stream. A send that fails (the page closed the
/// stream) cancels the session.
pub struct Out<'a> {
    pub tx: tokio::sync::mpsc::Sender<Event>,
    pub cancel: &'a AtomicBool,
}

impl Out<'_> {
    pub fn send(&self, name: &str, data: Value) {
        let event = Event::default().event(name).data(data.to_string());
        if self.tx.blocking_send(event).is_err() {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// Runs the session to its end (or until cancelled), sending every event.
pub fn run_session(s: &Session, out: &Out, cache: &RunCache) {
    let started = Instant::now();
    let charts = meta::charts(&s.configs[0].scenario, s.lang);
    let columns = meta::columns(&charts);
    let labels = ["A", "B"];
    let configs: Vec<Value> = s
        .configs
        .iter()
        .zip(labels)
        .map(|(l, label)| {
            let sc = &l.scenario;
            json!({
                "label": label, "name": l.name(), "population": sc.city.population, "days": sc.days,
                "burn_in_days": sc.burn_in_days, "seed": sc.seed, "city_seed": sc.city_seed,
                "width": sc.city.width, "height": sc.city.height,
            })
        })
        .collect();
    out.send(
        "start",
        json!({"columns": columns, "charts": charts, "cards": meta::cards(s.lang), "configs": configs,
               "replicates": s.replicates, "seed": s.seed}),
    );
    let mut done: Vec<Vec<Run>> = vec![Vec::new(); s.configs.len()];
    for r in 0..s.replicates {
        let result = if r == 0 {
            both(s.configs.len(), |c| live(&s.configs[c], c, &columns, s.map_every, out))
        } else {
            both(s.configs.len(), |c| {
                let mut l = s.configs[c].clone();
                seed_replicate(&mut l, s.seed, r);
                simulate(&l, r, Keep::default(), &mut |_, _| {}, out.cancel)
            })
        };
        let runs = match result {
            Ok(runs) => runs,
            Err(Error::Interrupted(_)) => {
                out.send("cancelled", json!({"reason": "a newer run of this page, or the page closed"}));
                return;
            }
            Err(e) => {
                let text = e.to_string();
                let (message, hint) = text.split_once("\n  hint: ").unwrap_or((&text, ""));
                out.send("error", json!({"error": message, "hint": hint}));
                return;
            }
        };
        for (c, run) in runs.into_iter().enumerate() {
            let indicators: serde_json::Map<String, Value> =
                run.indicators().map(|(n, v)| (n.to_string(), json!(finite(v)))).collect();
            let seed = run.scenario.seed;
            done[c].push(run.clone());
            let id = cache.insert(run);
            out.send(
                "run",
                json!({"config": c, "replicate": r, "id": id, "seed": seed, "indicators": indicators}),
            );
        }
        out.send("summary", summary(&done));
    }
    out.send("done", json!({"elapsed_ms": started.elapsed().as_millis() as u64}));
}

/// `f` for each configuration, both at once when there are two.
fn both<T: Send>(n: usize, f: impl Fn(usize) -> Result<T, Error> + Sync) -> Result<Vec<T>, Error> {
    if n == 1 {
        return Ok(vec![f(0)?]);
    }
    let (a, b) = rayon::join(|| f(0), || f(1));
    Ok(vec![a?, b?])
}

/// Replicate 0 of configuration `c`, streamed: burn-in progress, each recorded day's
/// chart values, and the crime map every `map_every` days.
fn live(l: &LoadedScenario, c: usize, columns: &[String], map_every: u32, out: &Out) -> Result<Run, Error> {
    let burn_in = l.scenario.burn_in_days;
    let mut at: Option<Vec<Option<usize>>> = None;
    let mut values = Vec::with_capacity(columns.len());
    let model: Diy = step_through_observed(
        l,
        &mut |m: &Diy, tick, ticks| {
            if tick <= burn_in {
                if tick % 30 == 0 || tick == burn_in {
                    out.send("burnin", json!({"config": c, "tick": tick, "ticks": burn_in}));
                }
                return;
            }
            let t = &m.recorder.ticks;
            let at = at
                .get_or_insert_with(|| columns.iter().map(|n| t.names.iter().position(|x| x == n)).collect());
            let row = t.rows() - 1;
            values.clear();
            values.extend(
                at.iter().map(|i| i.map_or(Value::Null, |i| json!(finite(t.columns[i].f64_at(row))))),
            );
            out.send("day", json!({"config": c, "day": row, "values": values}));
            if (row as u32 + 1).is_multiple_of(map_every) || tick == ticks {
                let cells = &m.world.totals.cell_crimes;
                out.send("map", json!({"config": c, "day": row, "values": cells}));
            }
        },
        out.cancel,
    )?;
    Ok(model.finish(l, 0, Keep::default()))
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The headline numbers so far: each configuration's mean and 95% interval, and in A/B
/// the paired difference B − A (replicate r of both shares its seeds).
fn summary(done: &[Vec<Run>]) -> Value {
    let n = done.iter().map(Vec::len).min().unwrap_or(0);
    let interval = |v: &[f64], e: &Entry, paired: bool| {
        let bounds = if paired { (None, None) } else { e.kind.bounds() };
        let v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return Value::Null;
        }
        let (mean, lo, hi) = mean_ci95_within(&v, bounds);
        json!({"mean": finite(mean), "lo": finite(lo), "hi": finite(hi), "n": v.len()})
    };
    let cards: Vec<Value> = CARDS
        .iter()
        .map(|c| {
            let e = c.entry();
            let of = |runs: &[Run]| runs[..n].iter().map(|r| r.get(e)).collect::<Vec<f64>>();
            let mut card = json!({"indicator": e.name, "a": interval(&of(&done[0]), e, false)});
            if let Some(b) = done.get(1) {
                let (a, b) = (of(&done[0]), of(b));
                let diff: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
                card["b"] = interval(&b, e, false);
                card["diff"] = interval(&diff, e, true);
            }
            card
        })
        .collect();
    json!({"n": n, "cards": cards})
}
