//! `reglament payments bill|check|reconcile`: an application's invoice at the payment gateway
//! (the act's fee on the day), the portal's payment check against it, and the reconciliation of
//! the invoices billed in a period with the gateway's statement.

use chrono::NaiveDate;
use clap::Subcommand;
use reglament_domain::{IdPolicy, Iin, Language, Money};
use reglament_runtime::{Reconciliation, Standing};

use crate::case_cmd::{Setup, block, now, runtime};
use crate::error::CliError;

/// Payment subcommands.
#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Bill an application (before it is filed): the invoice for the act's fee on the day,
    /// created once per application id.
    Bill {
        /// The application's id (the case id it will be filed under).
        #[arg(long)]
        id: String,
        /// Service id, e.g. forensic-licence.
        #[arg(long)]
        service: String,
        /// Variant id, e.g. issuance-portal.
        #[arg(long)]
        variant: String,
        /// The payer's IIN.
        #[arg(long)]
        payer: String,
        #[command(flatten)]
        setup: Setup,
    },
    /// The portal's payment check of an application: paid and covering the fee, or refused
    /// with the act's own message.
    Check {
        /// The application's id.
        #[arg(long)]
        id: String,
        /// Service id.
        #[arg(long)]
        service: String,
        /// Variant id.
        #[arg(long)]
        variant: String,
        #[command(flatten)]
        setup: Setup,
    },
    /// Match the invoices billed from `--from` to `--to` with the gateway's payments; records a
    /// payment an open case lacks.
    Reconcile {
        /// The first day (YYYY-MM-DD).
        #[arg(long)]
        from: NaiveDate,
        /// The last day (YYYY-MM-DD).
        #[arg(long)]
        to: NaiveDate,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        setup: Setup,
    },
}

/// Runs a payments subcommand.
pub fn run(command: PaymentsCommand) -> Result<(), CliError> {
    block(async move {
        match command {
            PaymentsCommand::Bill { id, service, variant, payer, setup } => {
                let payer = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &payer)
                    .map_err(|e| CliError::NotFound(format!("argument <payer>: {e}")))?;
                let rt = runtime(&setup).await?;
                let invoice = rt.bill(&id, &service, &variant, payer, now(&setup)?).await?;
                println!("{id}: {} {} ({})", invoice.reference, Money::from_tiyn(invoice.amount_tiyn), invoice.purpose);
                Ok(())
            }
            PaymentsCommand::Check { id, service, variant, setup } => {
                let rt = runtime(&setup).await?;
                let fee = rt.check_billed(&id, &service, &variant, now(&setup)?).await?;
                let paid = match setup.lang {
                    Language::Kk => "төленді",
                    Language::Ru => "оплачено",
                };
                println!("{id}: {paid}, {} ({})", fee.amount, fee.cite.as_deref().unwrap_or("—"));
                Ok(())
            }
            PaymentsCommand::Reconcile { from, to, json, setup } => {
                let rt = runtime(&setup).await?;
                let report = rt.reconcile(from, to, now(&setup)?).await?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&report)?);
                } else {
                    print_report(&report, setup.lang);
                }
                Ok(())
            }
        }
    })
}

fn standing(standing: Standing, lang: Language) -> &'static str {
    match (standing, lang) {
        (Standing::Paid, Language::Kk) => "төленді",
        (Standing::Paid, Language::Ru) => "оплачен",
        (Standing::Short, Language::Kk) => "толық төленбеді",
        (Standing::Short, Language::Ru) => "оплачен не полностью",
        (Standing::Unpaid, Language::Kk) => "төленбеді",
        (Standing::Unpaid, Language::Ru) => "не оплачен",
        (Standing::Orphan, Language::Kk) => "өтінімсіз төлем",
        (Standing::Orphan, Language::Ru) => "платёж без заявления",
    }
}

fn print_report(report: &Reconciliation, lang: Language) {
    let (title, recorded) = match lang {
        Language::Kk => ("Төлемдерді салыстыру", "іске тіркелді"),
        Language::Ru => ("Сверка платежей", "учтён в деле"),
    };
    println!("{title}: {} — {}", report.from, report.to);
    let money = |m: Option<Money>| m.map_or_else(|| "—".to_owned(), |m| m.to_string());
    for line in &report.lines {
        println!(
            "  {:<12} {:<28} {:>14} {:>14}  {}{}",
            line.reference,
            line.case_id.as_deref().unwrap_or("—"),
            money(line.billed),
            money(line.paid),
            standing(line.standing, lang),
            if line.recorded { format!(", {recorded}") } else { String::new() }
        );
    }
}
