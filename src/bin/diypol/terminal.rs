//! Progress and messages on the terminal: a bar (indicatif) or plain lines on stderr,
//! notes on stdout.

use std::{io::IsTerminal, time::Duration, time::Instant};

use diypol::app::{self, Feedback, Unit};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle as Style};

use crate::args::Shared;
use crate::show;

/// Progress and warnings on stderr, notes on stdout. The bar appears only on a terminal
/// and for work longer than a second.
pub struct Terminal {
    quiet: bool,
    bar: Option<ProgressBar>,
    lines: Option<app::Lines>,
    started: Instant,
    unit: std::sync::Mutex<Option<Unit>>,
}

impl Terminal {
    pub fn new(shared: Option<&Shared>) -> Terminal {
        let (quiet, style) = shared.map_or((false, "auto"), |s| (s.quiet, s.progress.as_str()));
        let bar = style == "bar" || style == "auto" && !quiet && std::io::stderr().is_terminal();
        let bar = bar.then(ProgressBar::hidden);
        let lines = (style == "lines").then(app::Lines::default);
        Terminal { quiet, bar, lines, started: Instant::now(), unit: Default::default() }
    }
}

impl Feedback for Terminal {
    fn warning(&self, text: &str) {
        eprint!("warning: {text}");
    }
    fn note(&self, text: &str) {
        show(self.quiet, format!("{text}\n"));
    }
    fn start(&self, total: u64, unit: Unit) {
        self.lines.iter().for_each(|l| l.start(total, unit));
        *self.unit.lock().unwrap_or_else(|e| e.into_inner()) = Some(unit);
        // The message says where the work is: "run 3/48", "burn-in 120/365", "day 40/730".
        let style = Style::with_template("{spinner} {msg:>16} [{bar:40}] {percent}% eta {eta}")
            .unwrap_or_else(|_| Style::default_bar());
        self.bar.iter().for_each(|b| b.set_style(style.clone().progress_chars("=> ")));
        self.bar.iter().for_each(|b| b.set_length(total));
    }
    fn advance(&self, done: u64) {
        self.lines.iter().for_each(|l| l.advance(done));
        if let Some(b) = &self.bar {
            if b.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
            b.set_position(done);
            let unit = *self.unit.lock().unwrap_or_else(|e| e.into_inner());
            unit.iter().for_each(|u| b.set_message(u.stage(done, b.length().unwrap_or(0))));
        }
    }
    fn finish(&self) {
        self.bar.iter().for_each(|b| b.finish_and_clear());
    }
}
