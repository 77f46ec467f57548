//! Payment schedules (paiements en plusieurs fois), by the rule of S-money API V3
//! (001_b198a1e37d8b1b40.txt lines 868-872): installment 1 is the first amount; installments
//! 2 to N are each the integer part of (total − first) / (N − 1). Where the document stops,
//! paybind's reading: the last installment also takes the remainder (so that the installments
//! add up to the total), the first fee applies to installment 1 only, and installment dates
//! step by `period` days from the first date.

use std::fmt;

use crate::date::Date;

/// One installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Installment {
    /// 1-based, as `SequenceNumber`.
    pub sequence: u32,
    /// In minor units, fee not included.
    pub amount: i64,
    /// The fee of this installment, in minor units (the first one's is `FirstFee`).
    pub fee: i64,
    pub date: Date,
}

/// The parameters from which the installments are computed (`FirstAmount`, `Count`,
/// `Period`, `FirstFee`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRule {
    pub first_amount: i64,
    pub count: u32,
    pub period_days: u32,
    pub first_fee: i64,
}

/// Why a schedule cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScheduleError {
    /// `Count` must be at least 1.
    NoInstallment,
    /// `Period` must be at least 1 day when there are several installments.
    NoPeriod,
    /// Amounts and fees are not negative.
    Negative,
    /// The first installment is more than the total.
    FirstExceedsTotal,
    /// With one installment, the first amount is the total.
    SingleInstallmentMismatch,
    /// A date falls outside years 0 to 9999.
    DateOutOfRange,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScheduleError::NoInstallment => "`Count` must be at least 1",
            ScheduleError::NoPeriod => "`Period` must be at least 1 day",
            ScheduleError::Negative => "amounts and fees cannot be negative",
            ScheduleError::FirstExceedsTotal => "`FirstAmount` is more than the total amount",
            ScheduleError::SingleInstallmentMismatch => {
                "with one installment, `FirstAmount` is the total amount"
            }
            ScheduleError::DateOutOfRange => "an installment date is out of range",
        })
    }
}

impl std::error::Error for ScheduleError {}

impl ScheduleRule {
    /// The installments of `total` (minor units, fees excluded), the first on `first_date`.
    pub fn installments(
        &self,
        total: i64,
        first_date: Date,
    ) -> Result<Vec<Installment>, ScheduleError> {
        let n = self.count;
        if n == 0 {
            return Err(ScheduleError::NoInstallment);
        }
        if total < 0 || self.first_amount < 0 || self.first_fee < 0 {
            return Err(ScheduleError::Negative);
        }
        if self.first_amount > total {
            return Err(ScheduleError::FirstExceedsTotal);
        }
        if n == 1 {
            if self.first_amount != total {
                return Err(ScheduleError::SingleInstallmentMismatch);
            }
        } else if self.period_days == 0 {
            return Err(ScheduleError::NoPeriod);
        }
        let rest = total - self.first_amount;
        let others = i64::from(n) - 1;
        let (each, remainder) = if others > 0 {
            (rest / others, rest % others)
        } else {
            (0, 0)
        };
        let mut out = Vec::with_capacity(n as usize);
        for i in 1..=n {
            let amount = match i {
                1 => self.first_amount,
                _ if i == n => each + remainder,
                _ => each,
            };
            let offset = i64::from(i - 1) * i64::from(self.period_days);
            let date = first_date
                .add_days(offset)
                .ok_or(ScheduleError::DateOutOfRange)?;
            out.push(Installment {
                sequence: i,
                amount,
                fee: if i == 1 { self.first_fee } else { 0 },
                date,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_example_shape() {
        // 3 installments of a 100.00 total with a 40.00 first one: 40.00, 30.00, 30.00.
        let rule = ScheduleRule {
            first_amount: 4000,
            count: 3,
            period_days: 30,
            first_fee: 150,
        };
        let start: Date = "20130910".parse().unwrap();
        let s = rule.installments(10000, start).unwrap();
        let amounts: Vec<i64> = s.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [4000, 3000, 3000]);
        assert_eq!(s[2].date.to_string(), "20131109");
        assert_eq!((s[0].fee, s[1].fee), (150, 0));
        // The remainder goes to the last one: 10001 - 4000 = 6001 = 3000 + 3001.
        let s = rule.installments(10001, start).unwrap();
        assert_eq!(
            s.iter().map(|i| i.amount).collect::<Vec<_>>(),
            [4000, 3000, 3001]
        );
    }

    #[test]
    fn refusals() {
        let start: Date = "20130910".parse().unwrap();
        let r = |first, count, period| {
            ScheduleRule {
                first_amount: first,
                count,
                period_days: period,
                first_fee: 0,
            }
            .installments(1000, start)
        };
        assert_eq!(r(100, 0, 30), Err(ScheduleError::NoInstallment));
        assert_eq!(r(2000, 3, 30), Err(ScheduleError::FirstExceedsTotal));
        assert_eq!(r(100, 1, 30), Err(ScheduleError::SingleInstallmentMismatch));
        assert_eq!(r(1000, 1, 0).map(|s| s.len()), Ok(1));
        assert_eq!(r(100, 3, 0), Err(ScheduleError::NoPeriod));
        assert_eq!(r(-1, 3, 30), Err(ScheduleError::Negative));
    }
}
