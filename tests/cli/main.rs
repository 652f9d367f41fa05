//! The integration tests: they run the real `diypol` binary (and, for the statistical
//! calibration checks, the library). One binary, modules named by purpose.

mod architecture;
mod bad_input;
mod calibrate;
mod calibration;
mod civil_violence;
mod compare;
mod determinism;
mod discover;
mod habits;
mod hostile;
mod mechanisms;
mod outputs;
mod policy_directions;
mod scenarios;
mod support;
mod sweep;
