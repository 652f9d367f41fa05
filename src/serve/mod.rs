//! `diypol serve`: a live what-if page for the room (docs/SERVE.md). An HTTP edge over the
//! library, as the binary is: scenarios load through the scenario loader, runs step
//! through the one run loop, indicators come from the model's own `finish`.

mod assets;
mod controls;
mod export;
mod library;
mod limits;
mod live;
mod meta;
mod reply;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, body::Body};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

pub use library::{BUNDLED, Library};
pub use limits::Limits;
pub use live::{Config, RunRequest};
use live::{RunCache, Session};
use reply::ApiError;

use crate::error::Error;
use crate::i18n::Lang;
use crate::scenario::LoadedScenario;

/// `diypol serve`'s options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub host: IpAddr,
    pub port: u16,
    /// Open the page in the default browser once listening.
    pub open: bool,
    /// Offer these scenarios (every `*.yaml`) instead of the bundled ones.
    pub scenarios: Option<PathBuf>,
    pub limits: Limits,
    /// Simulations at once [default: the threads].
    pub max_runs: Option<usize>,
    /// Requests that may wait for a free simulation before the server answers busy.
    pub queue: usize,
    pub threads: Option<usize>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            open: false,
            scenarios: None,
            limits: Limits::default(),
            max_runs: None,
            queue: 32,
            threads: None,
        }
    }
}

/// A running server's shared state.
pub struct Server {
    library: Library,
    limits: Limits,
    /// Required of every request when the server listens beyond loopback.
    token: Option<String>,
    pool: rayon::ThreadPool,
    running: Arc<tokio::sync::Semaphore>,
    max_runs: usize,
    queue: usize,
    /// Sessions admitted (running or waiting).
    admitted: AtomicUsize,
    cache: RunCache,
    /// Each page's (client's) running session, to cancel it when the page asks again.
    clients: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Server {
    pub fn new(opts: &ServeOptions) -> Result<Server, Error> {
        let library = Library::load(opts.scenarios.as_deref(), &opts.limits)?;
        let pool = crate::app::thread_pool(opts.threads)?;
        let max_runs = opts.max_runs.unwrap_or(pool.current_num_threads()).max(1);
        let token = (!opts.host.is_loopback()).then(new_token);
        Ok(Server {
            library,
            limits: opts.limits,
            token,
            pool,
            running: Arc::new(tokio::sync::Semaphore::new(max_runs)),
            max_runs,
            queue: opts.queue,
            admitted: AtomicUsize::new(0),
            cache: RunCache::default(),
            clients: Mutex::new(HashMap::new()),
        })
    }

    /// The access token a non-loopback server asks for.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The scenarios left out of the page, with why.
    pub fn skipped(&self) -> &[String] {
        &self.library.skipped
    }

    /// A place for one more session, or busy.
    fn admit(self: &Arc<Server>) -> Result<Admission, ApiError> {
        let before = self.admitted.fetch_add(1, Ordering::SeqCst);
        if before >= self.max_runs + self.queue {
            self.admitted.fetch_sub(1, Ordering::SeqCst);
            let running = self.max_runs - self.running.available_permits();
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "busy: {running} simulations are running and {} are waiting (this server runs {} at once and queues {})",
                    before.saturating_sub(running),
                    self.max_runs,
                    self.queue
                ),
                "try again when one finishes",
            ));
        }
        Ok(Admission(self.clone()))
    }

    /// A cancel flag for `client`'s new session; its previous one is cancelled.
    fn register(&self, client: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = clients.insert(client.to_string(), flag.clone()) {
            old.store(true, Ordering::Relaxed);
        }
        flag
    }

    fn unregister(&self, client: &str, flag: &Arc<AtomicBool>) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.get(client).is_some_and(|f| Arc::ptr_eq(f, flag)) {
            clients.remove(client);
        }
    }

    /// Stops every session (the server is shutting down).
    fn cancel_all(&self) {
        for f in self.clients.lock().unwrap_or_else(|e| e.into_inner()).values() {
            f.store(true, Ordering::Relaxed);
        }
    }
}

/// An admitted session: its place is given back when it ends.
struct Admission(Arc<Server>);

impl Drop for Admission {
    fn drop(&mut self) {
        self.0.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 128 random bits from the operating system, as hex.
fn new_token() -> String {
    use rand::RngExt;
    let mut rng = rand::rng();
    (0..4).map(|_| format!("{:08x}", rng.random::<u32>())).collect()
}

/// Where the server listens, once it does.
#[derive(Debug, Clone)]
pub struct Started {
    pub url: String,
    pub addr: SocketAddr,
}

/// Serves until `stop` is set (Ctrl-C); `ready` is told the URL once listening.
pub fn serve(
    opts: &ServeOptions,
    stop: &AtomicBool,
    ready: &mut dyn FnMut(&Started, &Server),
) -> Result<(), Error> {
    let server = Arc::new(Server::new(opts)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("diypol-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| {
            Error::usage(format!("cannot start the web server: {e}"), "check the system's limits")
        })?;
    let addr = SocketAddr::new(opts.host, opts.port);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        Error::usage(
            format!("cannot listen on {addr}: {e}"),
            "pick another --port (or 0 for any free one), or stop what uses this one",
        )
    })?;
    let addr = listener.local_addr().map_err(|e| Error::usage(format!("cannot listen: {e}"), "try again"))?;
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if addr.is_ipv6() { format!("[{host}]") } else { host };
    let query = server.token().map(|t| format!("?token={t}")).unwrap_or_default();
    let started = Started { url: format!("http://{host}:{}/{query}", addr.port()), addr };
    ready(&started, &server);
    if opts.open {
        open_browser(&started.url);
    }
    let app = router(server.clone());
    let stopped = Arc::new(tokio::sync::Notify::new());
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // Ctrl-C arrives as a flag (the binary's signal handler): poll it.
        scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) && !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
            }
            server.cancel_all();
            stopped.notify_one();
        });
        let notified = stopped.clone();
        let served = runtime.block_on(async move {
            axum::serve(listener, app).with_graceful_shutdown(async move { notified.notified().await }).await
        });
        finished.store(true, Ordering::Relaxed);
        served.map_err(|e| Error::usage(format!("the web server stopped: {e}"), "start it again"))
    })
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// Every route of the server, behind the token guard and the body limit.
pub fn router(server: Arc<Server>) -> Router {
    let max_body = server.limits.max_body;
    Router::new()
        .route("/", get(index))
        .route("/assets/{*name}", get(asset))
        .route("/api/meta", get(meta_of))
        .route("/api/scenarios/{name}", get(scenario_named))
        .route("/api/scenario", post(scenario_pasted))
        .route("/api/run", post(run))
        .route("/api/export/yaml", post(export_yaml))
        .route("/api/export/{id}/{file}", get(export_table))
        .fallback(|| async { ApiError::not_found("no such page or file on this server", "start from /") })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(server.clone(), guard))
        .with_state(server)
}

/// The token check: a non-loopback server answers only requests that carry its token (in
/// the query, the `x-diypol-token` header or the cookie the page gets with it).
async fn guard(State(s): State<Arc<Server>>, req: Request, next: Next) -> Response {
    let Some(token) = s.token.clone() else { return next.run(req).await };
    let same = |t: &str| {
        t.len() == token.len() && t.bytes().zip(token.bytes()).fold(0, |a, (x, y)| a | (x ^ y)) == 0
    };
    let in_query =
        req.uri().query().is_some_and(|q| q.split('&').any(|kv| kv.strip_prefix("token=").is_some_and(same)));
    let headers = req.headers();
    let in_header = headers.get("x-diypol-token").and_then(|v| v.to_str().ok()).is_some_and(same);
    let in_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.split(';').any(|kv| kv.trim().strip_prefix("diypol_token=").is_some_and(same)));
    if !(in_query || in_header || in_cookie) {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this server needs its access token",
            "open the URL `diypol serve` printed (it ends in ?token=…)",
        )
        .into_response();
    }
    let mut resp = next.run(req).await;
    if in_query {
        let cookie = format!("diypol_token={token}; HttpOnly; SameSite=Strict; Path=/");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// A JSON body, or the reason it is not one (too large: 413).
fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(x)| x).map_err(|r| {
        let status = r.status();
        let hint = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "send a smaller scenario (the server's --max-body limits requests)"
        } else {
            "send JSON as docs/SERVE.md describes, with Content-Type: application/json"
        };
        ApiError::new(status, r.body_text(), hint)
    })
}

async fn index() -> Response {
    // data: in connect-src: the page fetches ECharts' PNG data URL to download it.
    let csp = "default-src 'self'; connect-src 'self' data:; img-src 'self' data: blob:; \
               style-src 'self' 'unsafe-inline'; script-src 'self'";
    let mut r = Html(assets::INDEX).into_response();
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn asset(Path(name): Path<String>) -> Response {
    match assets::get(&name) {
        Some((kind, bytes)) => {
            ([(header::CONTENT_TYPE, kind), (header::X_CONTENT_TYPE_OPTIONS, "nosniff")], Body::from(bytes))
                .into_response()
        }
        None => ApiError::not_found(format!("no asset `{name}`"), "the page's assets are under /assets/")
            .into_response(),
    }
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn lang_of(q: &LangQuery) -> Result<Lang, ApiError> {
    match q.lang.as_deref() {
        None => Ok(Lang::En),
        Some(l) => l
            .parse::<Lang>()
            .ok()
            .ok_or_else(|| ApiError::bad_request(format!("lang: `{l}` is not offered"), "use en, fr or de")),
    }
}

async fn meta_of(State(s): State<Arc<Server>>, Query(q): Query<LangQuery>) -> Result<Json<Value>, ApiError> {
    let lang = lang_of(&q)?;
    let l = &s.limits;
    let scenarios: Vec<Value> = s
        .library
        .entries
        .iter()
        .map(|e| json!({"name": e.name, "description": e.description, "model": "diy_policing"}))
        .collect();
    let first = library::load(&library::Source::Named(&s.library.entries[0]), &[]).map_err(ApiError::from)?;
    Ok(Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "lang": lang.code(),
        "langs": Lang::ALL.map(|l| l.code()),
        "token_required": s.token.is_some(),
        "limits": {"max_population": l.max_population, "max_days": l.max_days,
                   "max_replicates": l.max_replicates, "max_body_bytes": l.max_body},
        "scenarios": scenarios,
        "controls": controls::controls(lang, l.max_population as f64, l.max_days as f64),
        "charts": meta::charts(&first.scenario, lang),
        "cards": meta::cards(lang),
        "ui": meta::ui_all(lang),
    })))
}

/// A scenario as the page shows it: its text and every control's value.
fn described(l: &LoadedScenario, text: &str) -> Value {
    let json = serde_json::to_value(&l.scenario).unwrap_or_default();
    let values: serde_json::Map<String, Value> = controls::controls(Lang::En, f64::MAX, f64::MAX)
        .into_iter()
        .map(|c| {
            let v = controls::value_at(&json, &c.path);
            (c.path, v)
        })
        .collect();
    let s = &l.scenario;
    let description = s.description.as_deref().unwrap_or("").trim();
    json!({"name": l.name(), "description": description, "model": s.model.name(), "yaml": text, "values": values,
           "population": s.city.population, "days": s.days, "burn_in_days": s.burn_in_days, "seed": s.seed})
}

async fn scenario_named(
    State(s): State<Arc<Server>>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let e = s.library.get(&name).ok_or_else(|| {
        ApiError::not_found(
            format!("no scenario named `{name}` on this server"),
            "pick one of /api/meta's scenarios",
        )
    })?;
    let l = library::load(&library::Source::Named(e), &[]).map_err(ApiError::from)?;
    Ok(Json(described(&l, &e.text)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pasted {
    yaml: String,
}

async fn scenario_pasted(
    State(s): State<Arc<Server>>,
    b: Result<Json<Pasted>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = body(b)?;
    let config = Config { scenario: None, yaml: Some(p.yaml.clone()), set: Default::default() };
    let l = live::load_config(&config, &s.library, &s.limits)?;
    Ok(Json(described(&l, &p.yaml)))
}

async fn run(
    State(s): State<Arc<Server>>,
    b: Result<Json<RunRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(b)?;
    let session = Session::prepare(&req, &s.library, &s.limits)?;
    let admission = s.admit()?;
    let client = req.client.clone().unwrap_or_else(new_token);
    let cancel = s.register(&client);
    let (tx, rx) = tokio::sync::mpsc::channel(1024);
    let server = s.clone();
    tokio::spawn(async move {
        let permit = match server.running.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                let waiting = server.admitted.load(Ordering::SeqCst).saturating_sub(server.max_runs);
                let ev = axum::response::sse::Event::default()
                    .event("queued")
                    .data(json!({"waiting": waiting}).to_string());
                let _ = tx.send(ev).await;
                match server.running.clone().acquire_owned().await {
                    Ok(p) => p,
                    Err(_) => return,
                }
            }
        };
        std::thread::Builder::new()
            .name("diypol-live".into())
            .spawn(move || {
                let out = live::Out { tx, cancel: &cancel };
                server.pool.install(|| live::run_session(&session, &out, &server.cache));
                drop(permit);
                drop(admission);
                server.unregister(&client, &cancel);
            })
            .ok();
    });
    let stream = ReceiverStream::new(rx).map(Ok::<_, Infallible>);
    let mut r = Sse::new(stream).keep_alive(KeepAlive::default()).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportYaml {
    config: Config,
    seed: Option<u64>,
}

async fn export_yaml(
    State(s): State<Arc<Server>>,
    b: Result<Json<ExportYaml>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(b)?;
    let mut l = live::load_config(&req.config, &s.library, &s.limits)?;
    let seed = req.seed.unwrap_or(l.scenario.seed);
    live::seed_replicate(&mut l, seed, 0);
    let text = export::scenario_yaml(&l, seed);
    let disposition = format!("attachment; filename=\"{}.yaml\"", l.name());
    Ok((
        [
            (header::CONTENT_TYPE, "text/yaml; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

async fn export_table(
    State(s): State<Arc<Server>>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let missing = || {
        ApiError::not_found(
            format!("no export `{id}/{file}`"),
            "a run's id comes from its `run` event; files are ticks|runs .csv|.parquet; the last 64 runs are kept",
        )
    };
    let run = s.cache.get(&id).ok_or_else(missing)?;
    let (name, format) = file.rsplit_once('.').ok_or_else(missing)?;
    let table = export::table(&run, name).ok_or_else(missing)?;
    let (kind, bytes) = match format {
        "csv" => ("text/csv; charset=utf-8", export::csv(table)),
        "parquet" => {
            let (run, t) = (run.clone(), table.clone());
            let bytes = tokio::task::spawn_blocking(move || export::parquet(&run, &t))
                .await
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), "try again"))?
                .map_err(ApiError::from)?;
            ("application/vnd.apache.parquet", bytes)
        }
        _ => return Err(missing()),
    };
    let disposition = format!("attachment; filename=\"{}-{}\"", run.name(), file);
    Ok(([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

#[cfg(test)]
mod tests;
