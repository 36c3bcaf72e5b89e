//! The exit codes of the `staffing` command, one meaning each (also in
//! `staffing --help`, the README and `docs/io.md`).

/// The command did what was asked (a plan was found and written).
pub const OK: u8 = 0;
/// The input is valid but admits no plan; every broken rule is explained
/// (which county, which rule, by how much).
pub const INFEASIBLE: u8 = 1;
/// Bad input or usage: a file, row, column and value, or a key, value
/// and valid range, is named; or the output folder holds files staffing
/// did not write. Nothing was written.
pub const BAD_INPUT: u8 = 2;
/// An internal error: a solver failed, or a plan broke a rule the
/// independent checker verifies. A bug; nothing was written.
pub const INTERNAL: u8 = 3;
/// The outputs could not be written (disk full, no permission, a
/// read-only folder). The output folder is left as it was.
pub const CANNOT_WRITE: u8 = 4;
/// `--engine milp` stopped at its time limit with a plan: the plan is
/// checked and written, and feasible, but not proven optimal (status
/// `time_limit`).
pub const TIME_LIMIT: u8 = 5;
/// `--engine milp` stopped at its time limit before it found any plan
/// that meets every rule. Nothing was written; it does not say that no
/// plan exists.
pub const NO_PLAN_IN_TIME: u8 = 6;
/// Interrupted by the user (Ctrl-C, SIGINT; 128 + 2 by convention). A
/// sweep's finished points are recorded and the message gives the
/// command that resumes it.
pub const INTERRUPTED: u8 = 130;

/// Every exit code with its meaning, for the manual page (`staffing
/// man`); the same as [`HELP`].
pub const CODES: &[(u8, &str)] = &[
    (OK, "done: a plan was found and written"),
    (INFEASIBLE, "valid input admits no plan; each broken rule is explained"),
    (BAD_INPUT, "bad input or usage: the file, row, column and value, or the key, are named; nothing was written"),
    (INTERNAL, "internal error (a bug): the solver failed, or its plan broke a rule"),
    (CANNOT_WRITE, "the outputs could not be written (disk full, no permission); the folder is left as it was"),
    (TIME_LIMIT, "--engine milp hit its time limit: the plan is written and feasible, but not proven optimal"),
    (NO_PLAN_IN_TIME, "--engine milp hit its time limit before it found any plan; nothing was written"),
    (INTERRUPTED, "interrupted by Ctrl-C; a sweep prints the command that resumes it"),
];

/// The exit codes in words, for `--help`.
pub const HELP: &str = "Exit codes: 0 done (a plan was found and written); 1 valid input admits no plan (each broken rule is explained); 2 bad input or usage (the file, row, column and value, or the key, are named; nothing was written); 3 internal error (a bug: the solver failed or its plan broke a rule); 4 the outputs could not be written (disk full, no permission; the folder is left as it was); 5 --engine milp hit its time limit: the plan is written and feasible but not proven optimal; 6 --engine milp hit its time limit before finding any plan (nothing written); 130 interrupted by Ctrl-C (a sweep prints the command that resumes it).";
