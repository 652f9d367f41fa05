//! `diypol serve`: its flags, and the line that says where the page is.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::Args;

use crate::args::memory_size;

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; anything but loopback requires the access token printed at start.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Offer the scenarios (*.yaml) of this folder instead of the bundled ones.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Largest population a run may have.
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub max_population: u64,
    /// Most days (recorded, and of burn-in) a run may have.
    #[arg(long, value_name = "N", default_value_t = 3650)]
    pub max_days: u32,
    /// Simulations at once [default: the threads]; more wait in a queue, then get "busy".
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_runs: Option<u64>,
    /// Requests that may wait for a free simulation.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub queue: usize,
    /// Largest request body, e.g. 256KiB (an uploaded scenario included).
    #[arg(long, value_name = "SIZE", value_parser = memory_size, default_value = "256KiB")]
    pub max_body: u64,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
}

pub fn run(a: ServeArgs, cancel: &AtomicBool) -> Result<(), diypol::Error> {
    let opts = diypol::serve::ServeOptions {
        host: a.host,
        port: a.port,
        open: a.open,
        scenarios: a.scenarios,
        limits: diypol::serve::Limits {
            max_population: a.max_population,
            max_days: a.max_days,
            max_body: a.max_body as usize,
            ..Default::default()
        },
        max_runs: a.max_runs.map(|n| n as usize),
        queue: a.queue,
        threads: a.threads.map(usize::from),
    };
    diypol::serve::serve(&opts, cancel, &mut |started, server| {
        server.skipped().iter().for_each(|s| eprintln!("note: not offered: {s}"));
        println!("diypol serve: {} (Ctrl-C stops)", started.url);
    })?;
    Ok(())
}
