//! The `mentorhub match` subcommand as a stand-alone program, compiled from the
//! CLI's own source so it can be run and benchmarked on its own:
//! `cargo run --release -p mentorhub-matching --example mentorhub_match -- --input i.json`.

#[path = "../../cli/src/match_cmd.rs"]
mod match_cmd;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "mentorhub-match",
    about = "Solve a Mentorhub matching instance"
)]
struct Cli {
    #[command(flatten)]
    args: match_cmd::MatchArgs,
}

fn main() -> std::process::ExitCode {
    match_cmd::run(&Cli::parse().args)
}
