//! Property tests of the S-money schedule rule: the installments always sum to the total,
//! installments 2 to N-1 are equal, the last takes the remainder, and dates step by Period.

use paybind::schedule::ScheduleRule;
use paybind::Date;
use proptest::prelude::*;

proptest! {
    #[test]
    fn installments_sum_to_the_total_and_step_by_period(
        total in 0i64..10_000_000_000,
        first_share in 0u32..=100,
        count in 1u32..=36,
        period in 1u32..=120,
        first_fee in 0i64..10_000,
        start_day in 0i64..50_000,
    ) {
        let first_amount = if count == 1 { total } else { total * i64::from(first_share) / 100 };
        let start = "19900101".parse::<Date>().unwrap().add_days(start_day).unwrap();
        let rule = ScheduleRule { first_amount, count, period_days: period, first_fee };
        let s = rule.installments(total, start).unwrap();
        prop_assert_eq!(s.len(), count as usize);
        prop_assert_eq!(s.iter().map(|i| i.amount).sum::<i64>(), total);
        prop_assert_eq!(s[0].amount, first_amount);
        prop_assert_eq!(s[0].fee, first_fee);
        for (k, i) in s.iter().enumerate() {
            prop_assert_eq!(i.sequence as usize, k + 1);
            prop_assert_eq!(i.date.days_since_epoch() - start.days_since_epoch(), k as i64 * i64::from(period));
        }
        if count >= 2 {
            let each = (total - first_amount) / i64::from(count - 1);
            for i in &s[1..s.len() - 1] {
                prop_assert_eq!(i.amount, each);
            }
            let last = s[s.len() - 1].amount;
            prop_assert!(last >= each && last - each < i64::from(count - 1));
        }
    }
}
