//! Property tests of the S-money schedule rule (001_b198a1e37d8b1b40.txt "Le calcul des
//! échéances (montant et commission)"), for the amounts and the fees alike: each sums to its
//! total, installments 2 to N-1 are equal, the last is one of them plus the remainder of the
//! division, that remainder is less than N-1, and dates step by Period. Any input, however
//! large or negative, gives installments or a typed refusal, never a panic.

use paybind::schedule::{Installment, ScheduleRule};
use paybind::Date;
use proptest::prelude::*;

/// `share` percent of `total`, without overflow for any non-negative i64.
fn part(total: i64, share: u32) -> i64 {
    i64::try_from(i128::from(total) * i128::from(share) / 100).expect("at most total")
}

/// The document's rule for one quantity, checked on the installments' values of it.
fn follows_the_rule(values: &[i64], total: i64, first: i64) -> Result<(), TestCaseError> {
    let n = values.len();
    prop_assert_eq!(
        values.iter().map(|v| i128::from(*v)).sum::<i128>(),
        i128::from(total)
    );
    prop_assert_eq!(values[0], first);
    if n >= 2 {
        let others = i64::try_from(n - 1).expect("small");
        let each = (total - first) / others;
        let remainder = (total - first) % others;
        prop_assert!((0..others).contains(&remainder));
        for v in &values[1..n - 1] {
            prop_assert_eq!(*v, each);
        }
        prop_assert_eq!(values[n - 1], each + remainder);
    }
    Ok(())
}

fn check(
    s: &[Installment],
    rule: &ScheduleRule,
    total: i64,
    total_fee: i64,
    start: Date,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(s.len(), rule.count as usize);
    let amounts: Vec<i64> = s.iter().map(|i| i.amount).collect();
    let fees: Vec<i64> = s.iter().map(|i| i.fee).collect();
    follows_the_rule(&amounts, total, rule.first_amount)?;
    follows_the_rule(&fees, total_fee, rule.first_fee)?;
    for (k, i) in s.iter().enumerate() {
        prop_assert_eq!(i.sequence as usize, k + 1);
        prop_assert_eq!(
            i.date.days_since_epoch() - start.days_since_epoch(),
            k as i64 * i64::from(rule.period_days)
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn amounts_and_fees_follow_the_rule_and_dates_step_by_period(
        total in 0i64..10_000_000_000,
        first_share in 0u32..=100,
        total_fee in 0i64..1_000_000,
        first_fee_share in 0u32..=100,
        count in 1u32..=36,
        period in 1u32..=120,
        start_day in 0i64..50_000,
    ) {
        let single = count == 1;
        let first_amount = if single { total } else { part(total, first_share) };
        let first_fee = if single { total_fee } else { part(total_fee, first_fee_share) };
        let start = "19900101".parse::<Date>().unwrap().add_days(start_day).unwrap();
        let rule = ScheduleRule { first_amount, count, period_days: period, first_fee };
        let s = rule.installments(total, total_fee, start).unwrap();
        check(&s, &rule, total, total_fee, start)?;
    }

    #[test]
    fn totals_up_to_i64_max_follow_the_rule(
        total in 0i64..=i64::MAX,
        first_share in 0u32..=100,
        total_fee in 0i64..=i64::MAX,
        first_fee_share in 0u32..=100,
        count in 2u32..=400,
        period in 1u32..=9,
    ) {
        let start: Date = "20000101".parse().unwrap();
        let rule = ScheduleRule {
            first_amount: part(total, first_share),
            count,
            period_days: period,
            first_fee: part(total_fee, first_fee_share),
        };
        let s = rule.installments(total, total_fee, start).unwrap();
        check(&s, &rule, total, total_fee, start)?;
    }

    #[test]
    fn any_input_is_computed_or_refused_without_panicking(
        total in any::<i64>(),
        total_fee in any::<i64>(),
        first_amount in any::<i64>(),
        first_fee in any::<i64>(),
        count in 0u32..=400,
        period in any::<u32>(),
    ) {
        let start: Date = "20000101".parse().unwrap();
        let rule = ScheduleRule { first_amount, count, period_days: period, first_fee };
        if let Ok(s) = rule.installments(total, total_fee, start) {
            check(&s, &rule, total, total_fee, start)?;
        }
    }
}
