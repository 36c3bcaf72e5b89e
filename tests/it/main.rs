//! The integration tests: one binary, one module per topic, shared helpers in [`support`].

mod support;

mod ageing;
mod bad_input;
mod cli;
mod command_line;
mod data_trust;
mod fairness;
mod generate_bench;
mod golden;
mod headline;
mod hostile_values;
mod io_formats;
mod layers;
mod levers;
mod levers_cli;
mod machine_names;
mod milp_agreement;
mod model;
mod readme;
mod recruits_milp;
mod reliability;
mod reliability_messages;
mod report;
mod roadmap;
mod roadmap_checks;
mod roadmap_trust;
mod run_folder;
mod safe_output;
mod sample;
mod serve;
mod service;
mod standard;
mod strength;
mod sweep_cli;
mod what_if;
