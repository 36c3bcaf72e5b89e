//! Studies: runs of the tool that measure it or compare it with other
//! methods, rather than plan a force. They sit above the pipeline
//! ([`crate::pipeline`]) and use it as a user would; nothing below imports
//! them.
//!
//! * [`bench`]: what `staffing bench` measures (the default path of
//!   `staffing solve`, the scaling curve, throughput, the monolithic MILP,
//!   proportional rounding).

pub mod bench;
