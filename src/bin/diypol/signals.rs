//! Ctrl-C (SIGINT), SIGTERM (SLURM's time limit and `scancel`) and SIGHUP (a closed
//! terminal): the first asks the work to stop between days or runs — finished work is
//! kept, nothing is half-written; a second one ends the process at once, except while a
//! folder's files are being moved into place, so no partial set of outputs is left.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// Set by the first signal; the library polls it between days and runs.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// The first signal received, 0 before any.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        // SAFETY: the handler touches only atomics and calls _exit, which are
        // async-signal-safe.
        let _ = unsafe { signal_hook::low_level::register(sig, move || on_signal(sig)) };
    }
}

#[cfg(not(unix))]
pub fn install() {}

#[cfg(unix)]
fn on_signal(sig: i32) {
    let _ = SIGNAL.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
    if STOP.swap(true, Ordering::SeqCst) && !diypol::output::folder::committing() {
        signal_hook::low_level::exit(128 + sig);
    }
}

/// The exit status of an interrupted command: 128 + the signal (130 for Ctrl-C, 143 for
/// SIGTERM, 129 for SIGHUP).
pub fn exit_code() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        s => (128 + s).clamp(0, 255) as u8,
    }
}

/// The signal, for the message.
pub fn name() -> &'static str {
    match SIGNAL.load(Ordering::SeqCst) {
        1 => "SIGHUP",
        15 => "SIGTERM",
        _ => "Ctrl-C",
    }
}
