//! The spec model's plain enums, as the IR's own.

use super::model::{Category, DateFormat, Sensitivity};
use crate::spec;

pub(super) fn sensitivity(s: spec::Sensitivity) -> Sensitivity {
    match s {
        spec::Sensitivity::Secret => Sensitivity::Secret,
        spec::Sensitivity::Token => Sensitivity::Token,
        spec::Sensitivity::CardNumber => Sensitivity::CardNumber,
        spec::Sensitivity::Cvv => Sensitivity::Cvv,
    }
}

pub(super) fn date_format(d: spec::DateFormat) -> DateFormat {
    match d {
        spec::DateFormat::DateTime14 => DateFormat::DateTime14,
        spec::DateFormat::Date8 => DateFormat::Date8,
        spec::DateFormat::YearMonth4 => DateFormat::YearMonth4,
    }
}

pub(super) fn category(c: spec::Category) -> Category {
    match c {
        spec::Category::Success => Category::Success,
        spec::Category::Pending => Category::Pending,
        spec::Category::SoftDecline => Category::SoftDecline,
        spec::Category::HardDecline => Category::HardDecline,
        spec::Category::Fraud => Category::Fraud,
        spec::Category::Authentication => Category::Authentication,
        spec::Category::Configuration => Category::Configuration,
        spec::Category::Technical => Category::Technical,
        spec::Category::Validation => Category::Validation,
        spec::Category::State => Category::State,
    }
}
