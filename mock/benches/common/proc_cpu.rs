//! CPU time read from Linux's /proc, for the benches that compare processes' CPU with the bare
//! crypto: what `getrusage` reports, without the `unsafe` call (the workspace forbids it) or a
//! crate for it. Each reader gives `None` where /proc does not say.

use std::path::Path;

/// Time on CPU of every thread of a process so far (`/proc/<pid>/task/*/schedstat`), in
/// nanoseconds; `process` is `/proc/self` or `/proc/<pid>`.
pub fn schedstat_ns(process: &Path) -> Option<u64> {
    let mut nanos: u64 = 0;
    for task in std::fs::read_dir(process.join("task")).ok()? {
        let path = task.ok()?.path().join("schedstat");
        // A thread may end between the listing and the read; it then counts for nothing.
        if let Ok(text) = std::fs::read_to_string(path) {
            nanos += text.split_whitespace().next()?.parse::<u64>().ok()?;
        }
    }
    Some(nanos)
}

/// A process's user and system CPU ticks so far, ended threads included (`/proc/<pid>/stat`).
pub fn user_system_ticks(process: &Path) -> Option<(u64, u64)> {
    let text = std::fs::read_to_string(process.join("stat")).ok()?;
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    let mut fields = text.rsplit_once(')')?.1.split_whitespace().skip(11);
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

/// The machine's CPU ticks so far, all CPUs together (`/proc/stat`).
#[derive(Clone, Copy)]
pub struct Ticks {
    pub total: u64,
    pub idle: u64,
    pub steal: u64,
}

impl Ticks {
    pub fn now() -> Option<Self> {
        let text = std::fs::read_to_string("/proc/stat").ok()?;
        let fields: Vec<u64> = text
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .map(|f| f.parse().unwrap_or(0))
            .collect();
        // user nice system idle iowait irq softirq steal
        Some(Self {
            total: fields.iter().take(8).sum(),
            idle: fields.get(3)? + fields.get(4)?,
            steal: *fields.get(7)?,
        })
    }

    /// The ticks between `earlier` and now. Saturating: the idle count includes iowait, which
    /// the kernel may count back.
    pub fn delta(self, earlier: Self) -> Self {
        Self {
            total: self.total.saturating_sub(earlier.total),
            idle: self.idle.saturating_sub(earlier.idle),
            steal: self.steal.saturating_sub(earlier.steal),
        }
    }

    /// The busy ticks of a [`Ticks::delta`]: neither idle nor stolen.
    pub fn busy(self) -> u64 {
        self.total
            .saturating_sub(self.idle)
            .saturating_sub(self.steal)
    }

    /// Since `earlier`: the cores busy on average (any process) and the share of time stolen.
    #[allow(dead_code)] // Each bench that includes this module uses what it needs.
    pub fn since(self, earlier: Self) -> (f64, f64) {
        let delta = self.delta(earlier);
        let total = delta.total.max(1) as f64;
        let busy = delta.busy() as f64;
        let steal = delta.steal as f64;
        let cpus = std::thread::available_parallelism().map_or(1, usize::from) as f64;
        (busy / total * cpus, steal / total)
    }
}
