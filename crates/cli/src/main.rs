//! `rolecall`: the engine of the playground, for CI.
//!
//! Exit codes: 0 when the analysis has no error-severity finding, 1 when it has one, 2 when an
//! input cannot be read (with a located message on stderr).

mod sarif;
mod text;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rolecall_engine::diagnostic::{Diagnostic, InputName, Severity};
use rolecall_engine::{Answer, Input};

#[derive(Parser)]
#[command(
    name = "rolecall",
    version,
    about = "Which IAM role does what in Amazon ECS"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every AWS action a task definition implies, with the role that performs it.
    Analyze {
        /// Task definition: RegisterTaskDefinition JSON or describe-task-definition output
        /// (`-` reads standard input).
        #[arg(long, value_name = "FILE")]
        task_definition: PathBuf,
        /// The service: a CreateService request or describe-services output.
        #[arg(long, value_name = "FILE")]
        service: Option<PathBuf>,
        /// The roles and their policies: `{"roles": {"<role ARN>": {...}}, ...}`; with it, every
        /// action gets a decision.
        #[arg(long, value_name = "FILE")]
        roles: Option<PathBuf>,
        /// The calls your application makes: `[{"action": "s3:GetObject", "resource": "arn:..."}]`.
        #[arg(long, value_name = "FILE")]
        app_actions: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Decide requests against IAM policies: one simulation as JSON, or many as JSON Lines, in
    /// the `@cloud-copilot/iam-simulate` shape; prints one JSON line per simulation.
    Simulate {
        /// The simulations (`-` reads standard input).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Analyze {
            task_definition,
            service,
            roles,
            app_actions,
            format,
        } => analyze(
            &Files {
                task_definition,
                service,
                roles,
                app_actions,
            },
            format,
        ),
        Command::Simulate { file } => simulate(&file),
    }
}

fn simulate(path: &Path) -> ExitCode {
    let text = match read(path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // One (maybe pretty-printed) JSON document, or JSON Lines: one simulation per line.
    let simulations: Vec<&str> = if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
        vec![text.as_str()]
    } else {
        text.lines().filter(|l| !l.trim().is_empty()).collect()
    };
    let mut out = std::io::stdout().lock();
    for simulation in simulations {
        let answer = rolecall_engine::iam::simulate_text(simulation);
        let line = serde_json::to_string(&answer)
            .unwrap_or_else(|e| format!("{{\"error\":\"cannot write the answer: {e}\"}}"));
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn read(path: &Path) -> Result<String, String> {
    let result = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    result.map_err(|e| format!("error: cannot read `{}`: {e}", path.display()))
}

/// The input files of `rolecall analyze`.
struct Files {
    task_definition: PathBuf,
    service: Option<PathBuf>,
    roles: Option<PathBuf>,
    app_actions: Option<PathBuf>,
}

impl Files {
    /// The file an input was read from, for messages.
    fn of(&self, input: Option<InputName>) -> &Path {
        let given = match input {
            Some(InputName::Service) => self.service.as_deref(),
            Some(InputName::Roles) => self.roles.as_deref(),
            Some(InputName::AppActions) => self.app_actions.as_deref(),
            _ => None,
        };
        given.unwrap_or(&self.task_definition)
    }

    fn read(&self) -> Result<Input, String> {
        let optional = |path: &Option<PathBuf>| path.as_deref().map(read).transpose();
        Ok(Input {
            task_definition: read(&self.task_definition)?,
            service: optional(&self.service)?,
            roles: optional(&self.roles)?,
            app_actions: optional(&self.app_actions)?,
        })
    }
}

fn analyze(files: &Files, format: Format) -> ExitCode {
    let input = match files.read() {
        Ok(input) => input,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let file_of = |d: &Diagnostic| files.of(d.location.map(|l| l.input)).display().to_string();
    match rolecall_engine::analyze(&input) {
        Answer::Failure { diagnostics } => {
            for d in &diagnostics {
                eprintln!("{}: {d}", file_of(d));
            }
            ExitCode::from(2)
        }
        Answer::Success {
            report,
            diagnostics,
        } => {
            for d in &diagnostics {
                eprintln!("{}: {d}", file_of(d));
            }
            match format {
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("error: cannot write the report: {e}");
                        return ExitCode::from(2);
                    }
                },
                Format::Text => print!("{}", text::render(&report)),
                Format::Sarif => {
                    let log = sarif::render(&report, &|input| {
                        files.of(Some(input)).display().to_string()
                    });
                    match serde_json::to_string_pretty(&log) {
                        Ok(json) => println!("{json}"),
                        Err(e) => {
                            eprintln!("error: cannot write the report: {e}");
                            return ExitCode::from(2);
                        }
                    }
                }
            }
            if diagnostics.iter().any(|d| d.severity == Severity::Error) {
                return ExitCode::from(2);
            }
            let failed = report
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error);
            ExitCode::from(u8::from(failed))
        }
    }
}
