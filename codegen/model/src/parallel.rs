//! Work spread over the machine's cores, results in input order: spec files parse one by one
//! and generated files print one by one, independently, and those are most of a generation's
//! time (`BENCHMARKS.md`). The order of the output never depends on the scheduling.

use std::num::NonZero;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `work` applied to every item, on up to as many threads as the machine has cores, the results
/// in the order of `items`. Items are handed out one at a time, so a slow item does not hold up
/// a thread's share. A panic in `work` is raised again here, once.
pub fn map_in_order<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    map_in_order_on(
        thread::available_parallelism().map_or(1, NonZero::get),
        items,
        work,
    )
}

/// [`map_in_order`] on at most `threads` threads.
fn map_in_order_on<T, R, F>(threads: usize, items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = threads.min(items.len());
    if workers <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return done;
                        };
                        done.push((index, work(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_whatever_the_threads_do() {
        let items: Vec<u64> = (0..1000).collect();
        let expected: Vec<u64> = items.iter().map(|n| n * n).collect();
        // Uneven work, so that threads finish out of order; eight threads even on a machine
        // with one core, and one, the sequential path.
        for threads in [8, 1] {
            let squares = map_in_order_on(threads, &items, |&n| {
                if n % 7 == 0 {
                    thread::yield_now();
                }
                n * n
            });
            assert_eq!(squares, expected, "{threads} threads");
        }
        assert!(map_in_order(&[] as &[u8], |&b| b).is_empty());
    }
}
