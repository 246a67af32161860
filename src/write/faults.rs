//! Injected failures for the tests of the output commit (debug builds only).
//!
//! Every file operation the commit makes on disk goes through [`step`]. In a
//! debug build, `MONAZITE_FAULT_AT=N` makes the N-th such operation fail
//! (`MONAZITE_FAULT_KIND` = `enospc`, `eacces` or `eio`; default `eio`), and
//! `MONAZITE_PAUSE_AT=N` stops the process before the N-th operation (it
//! prints `paused at N` on stderr and sleeps), so a test can kill it there.
//! `MONAZITE_FAULT_COUNT=1` prints the number of operations when the commit
//! ends, so a test knows how many steps there are. A release build reads none
//! of these: `step` is then an empty function.

use std::io;

#[cfg(debug_assertions)]
mod active {
    use std::io;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DONE: AtomicUsize = AtomicUsize::new(0);

    struct Plan {
        fail_at: Option<usize>,
        pause_at: Option<usize>,
        kind: i32,
    }

    fn plan() -> &'static Plan {
        static PLAN: OnceLock<Plan> = OnceLock::new();
        PLAN.get_or_init(|| {
            let number = |name: &str| std::env::var(name).ok()?.trim().parse().ok();
            let kind = match std::env::var("MONAZITE_FAULT_KIND").as_deref() {
                Ok("enospc") => 28,
                Ok("eacces") => 13,
                _ => 5,
            };
            Plan {
                fail_at: number("MONAZITE_FAULT_AT"),
                pause_at: number("MONAZITE_PAUSE_AT"),
                kind,
            }
        })
    }

    pub fn step(what: &str) -> io::Result<()> {
        let n = DONE.fetch_add(1, Ordering::SeqCst) + 1;
        let plan = plan();
        if plan.pause_at == Some(n) {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("paused at {n} ({what})");
            }
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        if plan.fail_at == Some(n) {
            return Err(io::Error::from_raw_os_error(plan.kind));
        }
        Ok(())
    }

    pub fn report() {
        if std::env::var_os("MONAZITE_FAULT_COUNT").is_some() {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("commit steps: {}", DONE.load(Ordering::SeqCst));
            }
        }
    }
}

/// One file operation of the commit is about to happen (`what` names it).
#[inline]
pub fn step(_what: &str) -> io::Result<()> {
    #[cfg(debug_assertions)]
    return active::step(_what);
    #[cfg(not(debug_assertions))]
    Ok(())
}

/// The commit is over: says how many steps it took, when asked to.
pub fn report() {
    #[cfg(debug_assertions)]
    active::report();
}
