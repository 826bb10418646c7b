//! `mentorhub match`: solve a matching instance file (see docs/matching.md).
//!
//! Exit status: 0 solved, 2 bad input (nothing written), 1 could not write the result.

use clap::{Args, ValueEnum};
use mentorhub_matching::{prepare, Instance, Objective, SolveOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Clone, Args)]
pub struct MatchArgs {
    /// The instance: a JSON file with mentors, mentees, and optionally weights,
    /// rules, preferences, forbidden and pinned pairs, scores or score_matrix.
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the result (JSON); standard output if omitted.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print one line of phase timings to standard error.
    #[arg(long)]
    pub timings: bool,
    /// `optimal`: most matched, then first choices, second choices, total score.
    /// `stable`: mentee-proposing deferred acceptance, no blocking pair.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Optimal)]
    pub objective: ObjectiveArg,
    /// Candidate mentors per mentee before pricing the rest (optimal mode; any
    /// value gives the same optimum, only the speed differs). Default: 48, or
    /// one per 312 mentors when that is more.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub candidates: Option<u32>,
    /// Skip re-checking the optimality certificate against every pair.
    #[arg(long)]
    pub no_verify: bool,
    /// Indent the JSON result.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    Optimal,
    Stable,
}

pub fn run(args: &MatchArgs) -> ExitCode {
    let start = Instant::now();
    let bytes = match std::fs::read(&args.input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: --input {}: {e}", args.input.display());
            return ExitCode::from(2);
        }
    };
    let instance = match Instance::from_json(&bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    drop(bytes);
    let parsed = Instant::now();

    let options = SolveOptions {
        objective: match args.objective {
            ObjectiveArg::Optimal => Objective::Optimal,
            ObjectiveArg::Stable => Objective::Stable,
        },
        candidates: args
            .candidates
            .map_or(SolveOptions::default().candidates, |n| n as usize),
        verify: !args.no_verify,
    };
    let prepared = prepare(&instance, &options);
    let scored = Instant::now();
    let solution = prepared.solve();
    let solved = Instant::now();

    let json = if args.pretty {
        serde_json::to_vec_pretty(&solution.result)
    } else {
        serde_json::to_vec(&solution.result)
    };
    let mut json = match json {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: cannot encode the result: {e}");
            return ExitCode::from(1);
        }
    };
    json.push(b'\n');
    let written = match &args.output {
        Some(path) => {
            std::fs::write(path, &json).map_err(|e| format!("--output {}: {e}", path.display()))
        }
        None => std::io::stdout()
            .lock()
            .write_all(&json)
            .map_err(|e| format!("standard output: {e}")),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    if args.timings {
        let secs = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64();
        eprintln!(
            "timings: parse={:.2}s score={:.2}s solve={:.2}s total={:.2}s",
            secs(start, parsed),
            secs(parsed, scored),
            secs(scored, solved),
            secs(start, Instant::now()),
        );
    }
    ExitCode::SUCCESS
}
