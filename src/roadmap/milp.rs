//! The multi-period MILP (filled in below).
