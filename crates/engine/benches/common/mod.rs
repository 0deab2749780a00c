//! Inputs shared by the benchmarks: generated, seeded, the same on every machine.

pub mod inputs;
pub mod simulations;
