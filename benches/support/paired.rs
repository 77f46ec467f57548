//! A paired measurement for a noisy, shared machine: the generated side and its baseline
//! run in alternating batches (A B, then B A, ...), and the ratio is taken batch pair by
//! batch pair, so that a change of the machine's speed during the run moves both sides of
//! each pair alike. Prints the median ratio with its quartiles, after criterion's own
//! (sequential) figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn batch<T>(n: u64, f: &mut impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    start.elapsed()
}

/// Runs `generated` and `baseline` in alternating batches for about `total` (or
/// `PAYBIND_PAIRED_SECS` seconds when set: `0` for the fewest pairs, as CI runs the benches
/// only to see that they still run), and prints (and returns) the median of the per-pair time
/// ratios generated / baseline.
pub fn paired<A, B>(
    name: &str,
    total: Duration,
    mut generated: impl FnMut() -> A,
    mut baseline: impl FnMut() -> B,
) -> f64 {
    let total = std::env::var("PAYBIND_PAIRED_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(total, Duration::from_secs_f64);
    // Batches of about 2 ms of the baseline.
    let mut n = 1u64;
    // (the quickest of three tries, so that one preemption does not stop the doubling).
    let quickest = |n, f: &mut _| (0..3).map(|_| batch(n, f)).min().unwrap_or_default();
    while quickest(n, &mut baseline) < Duration::from_millis(2) && n < 1 << 30 {
        n *= 2;
    }
    let (mut ratios, mut a_ns, mut b_ns) = (Vec::new(), Vec::new(), Vec::new());
    let start = Instant::now();
    let mut i = 0u64;
    while start.elapsed() < total || ratios.len() < 21 {
        let (ta, tb) = if i % 2 == 0 {
            let ta = batch(n, &mut generated);
            (ta, batch(n, &mut baseline))
        } else {
            let tb = batch(n, &mut baseline);
            (batch(n, &mut generated), tb)
        };
        ratios.push(ta.as_secs_f64() / tb.as_secs_f64());
        a_ns.push(ta.as_secs_f64() * 1e9 / n as f64);
        b_ns.push(tb.as_secs_f64() * 1e9 / n as f64);
        i += 1;
    }
    let q = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * p).round() as usize]
    };
    let median = q(&mut ratios, 0.5);
    println!(
        "paired {name}: generated {:.1} ns, baseline {:.1} ns, ratio median {:.3} (quartiles {:.3}..{:.3}, {} pairs of {} iterations)",
        q(&mut a_ns, 0.5),
        q(&mut b_ns, 0.5),
        median,
        q(&mut ratios, 0.25),
        q(&mut ratios, 0.75),
        ratios.len(),
        n
    );
    median
}
