//! Payment schedules (paiements en plusieurs fois), by the rule of S-money API V3
//! (001_b198a1e37d8b1b40.txt "Le calcul des échéances (montant et commission)"), which applies
//! to the amount and to the fee alike: installment 1 is the first amount (`FirstAmount`, or
//! `FirstFee` for the fee); installments 2 to N are each the integer part of
//! (total − first) / (N − 1); installment N also takes the remainder of that division
//! (001_b198a1e37d8b1b40.txt "reste de la division"), so that the installments add up to the
//! total. The total of the amounts is the payment's `Amount`, the total of the fees its `Fee`
//! ("the amount value does not include the fee amount"). paybind's reading, where the document
//! stops: installment dates step by `period` days from the first date.

use std::fmt;

use crate::date::Date;

/// One installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Installment {
    /// 1-based, as `SequenceNumber`.
    pub sequence: u32,
    /// In minor units, fee not included.
    pub amount: i64,
    /// The fee of this installment, in minor units: `FirstFee` for the first one, a share of
    /// the rest of the payment's fee for the others.
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
    /// The first installment's fee is more than the payment's fee.
    FirstFeeExceedsTotalFee,
    /// With one installment, the first amount is the total.
    SingleInstallmentMismatch,
    /// With one installment, the first fee is the payment's fee.
    SingleInstallmentFeeMismatch,
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
            ScheduleError::FirstFeeExceedsTotalFee => "`FirstFee` is more than the total fee",
            ScheduleError::SingleInstallmentMismatch => {
                "with one installment, `FirstAmount` is the total amount"
            }
            ScheduleError::SingleInstallmentFeeMismatch => {
                "with one installment, `FirstFee` is the total fee"
            }
            ScheduleError::DateOutOfRange => "an installment date is out of range",
        })
    }
}

impl std::error::Error for ScheduleError {}

/// One quantity (the amounts, or the fees) split by the document's rule.
#[derive(Debug, Clone, Copy)]
struct Split {
    first: i64,
    /// Installments 2 to N: the integer part of (total − first) / (N − 1).
    each: i64,
    /// The remainder of that division, which installment N also takes.
    remainder: i64,
}

impl Split {
    /// `0 <= first <= total` and `count >= 1`, as [`ScheduleRule::check`] makes sure: the
    /// difference cannot overflow, and neither can `each + remainder` (at most the difference).
    fn new(total: i64, first: i64, count: u32) -> Split {
        let others = i64::from(count) - 1;
        let (each, remainder) = if others > 0 {
            let rest = total - first;
            (rest / others, rest % others)
        } else {
            (0, 0)
        };
        Split {
            first,
            each,
            remainder,
        }
    }

    /// The share of installment `sequence` (1-based) of `count`.
    fn share(&self, sequence: u32, count: u32) -> i64 {
        match sequence {
            1 => self.first,
            _ if sequence == count => self.each + self.remainder,
            _ => self.each,
        }
    }
}

impl ScheduleRule {
    /// The installments of a payment of `total` (minor units, fee not included: the payment's
    /// `Amount`) and `total_fee` (its `Fee`, 0 when it has none), the first on `first_date`.
    /// Amounts and fees both follow the document's rule, so each adds up to its total.
    pub fn installments(
        &self,
        total: i64,
        total_fee: i64,
        first_date: Date,
    ) -> Result<Vec<Installment>, ScheduleError> {
        self.check(total, total_fee)?;
        let n = self.count;
        // The last date first: a count too large for the calendar is refused before anything
        // is allocated for it. `(n - 1) * period`, two u32 factors, can exceed i64::MAX.
        let date_of = |sequence: u32| {
            i64::from(sequence - 1)
                .checked_mul(i64::from(self.period_days))
                .and_then(|offset| first_date.add_days(offset))
                .ok_or(ScheduleError::DateOutOfRange)
        };
        date_of(n)?;
        let amounts = Split::new(total, self.first_amount, n);
        let fees = Split::new(total_fee, self.first_fee, n);
        (1..=n)
            .map(|i| {
                Ok(Installment {
                    sequence: i,
                    amount: amounts.share(i, n),
                    fee: fees.share(i, n),
                    date: date_of(i)?,
                })
            })
            .collect()
    }

    /// Every refusal, before any arithmetic.
    fn check(&self, total: i64, total_fee: i64) -> Result<(), ScheduleError> {
        if self.count == 0 {
            return Err(ScheduleError::NoInstallment);
        }
        if [total, total_fee, self.first_amount, self.first_fee]
            .iter()
            .any(|v| *v < 0)
        {
            return Err(ScheduleError::Negative);
        }
        if self.first_amount > total {
            return Err(ScheduleError::FirstExceedsTotal);
        }
        if self.first_fee > total_fee {
            return Err(ScheduleError::FirstFeeExceedsTotalFee);
        }
        if self.count == 1 {
            if self.first_amount != total {
                return Err(ScheduleError::SingleInstallmentMismatch);
            }
            if self.first_fee != total_fee {
                return Err(ScheduleError::SingleInstallmentFeeMismatch);
            }
        } else if self.period_days == 0 {
            return Err(ScheduleError::NoPeriod);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts_and_fees(s: &[Installment]) -> Vec<(i64, i64)> {
        s.iter().map(|i| (i.amount, i.fee)).collect()
    }

    #[test]
    fn the_seeds_example_shape() {
        // 3 installments of a 100.00 total with a 40.00 first one: 40.00, 30.00, 30.00; a fee
        // of 3.50 with a first fee of 1.50: 1.50, then (350 - 150) / 2 = 100 each.
        let rule = ScheduleRule {
            first_amount: 4000,
            count: 3,
            period_days: 30,
            first_fee: 150,
        };
        let start: Date = "20130910".parse().unwrap();
        let s = rule.installments(10000, 350, start).unwrap();
        assert_eq!(
            amounts_and_fees(&s),
            [(4000, 150), (3000, 100), (3000, 100)]
        );
        assert_eq!(s[2].date.to_string(), "20131109");
    }

    #[test]
    fn amounts_and_fees_both_follow_the_documents_rule() {
        // 001_b198a1e37d8b1b40.txt "Le calcul des échéances (montant et commission)":
        // 1 -> the first; 2..N -> integer part of (total - first) / (N - 1); N -> that plus
        // "reste de la division". Worked by hand:
        //
        // N = 3, total 10001, FirstAmount 4000: (10001 - 4000) / 2 = 6001 / 2 = 3000 rest 1
        //   -> 4000, 3000, 3000 + 1 = 3001 (sum 10001).
        //   Fee 251, FirstFee 100: (251 - 100) / 2 = 151 / 2 = 75 rest 1
        //   -> 100, 75, 75 + 1 = 76 (sum 251).
        let start: Date = "20130910".parse().unwrap();
        let three = ScheduleRule {
            first_amount: 4000,
            count: 3,
            period_days: 30,
            first_fee: 100,
        };
        let s = three.installments(10001, 251, start).unwrap();
        assert_eq!(amounts_and_fees(&s), [(4000, 100), (3000, 75), (3001, 76)]);
        // N = 4, total 10002, FirstAmount 1000: (10002 - 1000) / 3 = 9002 / 3 = 3000 rest 2
        //   -> 1000, 3000, 3000, 3000 + 2 = 3002 (sum 10002).
        //   Fee 305, FirstFee 150: (305 - 150) / 3 = 155 / 3 = 51 rest 2
        //   -> 150, 51, 51, 51 + 2 = 53 (sum 305).
        let four = ScheduleRule {
            first_amount: 1000,
            count: 4,
            period_days: 7,
            first_fee: 150,
        };
        let s = four.installments(10002, 305, start).unwrap();
        assert_eq!(
            amounts_and_fees(&s),
            [(1000, 150), (3000, 51), (3000, 51), (3002, 53)]
        );
        let dates: Vec<String> = s.iter().map(|i| i.date.to_string()).collect();
        assert_eq!(dates, ["20130910", "20130917", "20130924", "20131001"]);
        // The whole fee on the first installment: (100 - 100) / 2 = 0 -> 100, 0, 0.
        let s = three.installments(10001, 100, start).unwrap();
        assert_eq!(amounts_and_fees(&s), [(4000, 100), (3000, 0), (3001, 0)]);
    }

    #[test]
    fn every_refusal_names_the_property_and_the_rule() {
        let said = [
            (ScheduleError::NoInstallment, "`Count` must be at least 1"),
            (ScheduleError::NoPeriod, "`Period` must be at least 1 day"),
            (
                ScheduleError::Negative,
                "amounts and fees cannot be negative",
            ),
            (
                ScheduleError::FirstExceedsTotal,
                "`FirstAmount` is more than the total amount",
            ),
            (
                ScheduleError::FirstFeeExceedsTotalFee,
                "`FirstFee` is more than the total fee",
            ),
            (
                ScheduleError::SingleInstallmentMismatch,
                "with one installment, `FirstAmount` is the total amount",
            ),
            (
                ScheduleError::SingleInstallmentFeeMismatch,
                "with one installment, `FirstFee` is the total fee",
            ),
            (
                ScheduleError::DateOutOfRange,
                "an installment date is out of range",
            ),
        ];
        for (e, text) in said {
            assert_eq!(e.to_string(), text);
        }
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
            .installments(1000, 0, start)
        };
        assert_eq!(r(100, 0, 30), Err(ScheduleError::NoInstallment));
        assert_eq!(r(2000, 3, 30), Err(ScheduleError::FirstExceedsTotal));
        assert_eq!(r(100, 1, 30), Err(ScheduleError::SingleInstallmentMismatch));
        assert_eq!(r(1000, 1, 0).map(|s| s.len()), Ok(1));
        assert_eq!(r(100, 3, 0), Err(ScheduleError::NoPeriod));
        assert_eq!(r(-1, 3, 30), Err(ScheduleError::Negative));
        let fee = |first_fee, count, total, total_fee| {
            ScheduleRule {
                first_amount: 100,
                count,
                period_days: 30,
                first_fee,
            }
            .installments(total, total_fee, start)
        };
        assert_eq!(
            fee(300, 3, 1000, 200),
            Err(ScheduleError::FirstFeeExceedsTotalFee)
        );
        assert_eq!(fee(-1, 3, 1000, 200), Err(ScheduleError::Negative));
        assert_eq!(fee(0, 3, 1000, -1), Err(ScheduleError::Negative));
        assert_eq!(fee(0, 3, -1, 0), Err(ScheduleError::Negative));
        assert_eq!(
            fee(50, 1, 100, 80),
            Err(ScheduleError::SingleInstallmentFeeMismatch)
        );
        assert_eq!(
            fee(80, 1, 100, 80).map(|s| amounts_and_fees(&s)),
            Ok(vec![(100, 80)])
        );
    }

    #[test]
    fn extreme_values_are_refused_or_computed_without_overflow() {
        let start: Date = "20130910".parse().unwrap();
        let rule = |first_amount, count, period_days, first_fee| ScheduleRule {
            first_amount,
            count,
            period_days,
            first_fee,
        };
        // A count and a period that no calendar holds: refused before any allocation, and
        // (count - 1) * period overflows an i64.
        assert_eq!(
            rule(0, u32::MAX, u32::MAX, 0).installments(1, 0, start),
            Err(ScheduleError::DateOutOfRange)
        );
        assert_eq!(
            rule(0, u32::MAX, 1, 0).installments(1, 0, start),
            Err(ScheduleError::DateOutOfRange)
        );
        // i64::MAX totals: (MAX - 0) / 2 = 4611686018427387903 rest 1.
        let s = rule(0, 3, 1, 0)
            .installments(i64::MAX, i64::MAX, start)
            .unwrap();
        let half = i64::MAX / 2;
        assert_eq!(
            amounts_and_fees(&s),
            [(0, 0), (half, half), (half + 1, half + 1)]
        );
        let s = rule(i64::MAX, 2, 1, i64::MAX)
            .installments(i64::MAX, i64::MAX, start)
            .unwrap();
        assert_eq!(amounts_and_fees(&s), [(i64::MAX, i64::MAX), (0, 0)]);
        assert_eq!(
            rule(i64::MIN, 2, 1, 0).installments(i64::MAX, 0, start),
            Err(ScheduleError::Negative)
        );
    }
}
