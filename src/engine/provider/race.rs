//! Runs several blocking lookups in parallel, on named threads, under one deadline, and returns
//! as soon as the caller's rule says the answer is known — typically "the best-ranked success
//! is in and every better-ranked task has finished" ([`best_decided`]). Used by the pipeline and
//! by the sources that try several URLs or records at once.
//!
//! Tasks still running when the race ends are told to stop (their own [`Cancel::child`] token of
//! the caller's) and are left to finish on their own; each is bounded by the same deadline, so nothing lingers for long and
//! nobody waits for them.

use crate::engine::job::Cancel;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often a waiting race looks at the cancel tokens (cancellation is honoured within this).
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// The state of one task when the race ended.
#[derive(Debug)]
pub enum Slot<T> {
    /// Still running (the deadline passed, the caller stopped, or the answer was already known).
    Pending,
    Done(T),
    /// The task panicked or its thread could not be started; the text says which.
    Lost(String),
}

impl<T> Slot<T> {
    /// True once the task has an outcome (done or lost).
    pub fn is_finished(&self) -> bool {
        !matches!(self, Slot::Pending)
    }

    /// The result, if the task finished normally.
    pub fn done(&self) -> Option<&T> {
        match self {
            Slot::Done(value) => Some(value),
            _ => None,
        }
    }
}

/// One task of a race: gets its stop signal (cancelled when the race ends), returns its result.
pub type Task<T> = Box<dyn FnOnce(&Cancel) -> T + Send + 'static>;

/// Runs `tasks` in parallel on threads named `<name>-<index>` until `until(slots)` says the
/// answer is known, every task finished, `deadline` passed or `stop` fired. `on_done` sees each
/// result as it arrives (on the calling thread). Returns every task's slot, in task order.
pub fn race<T: Send + 'static>(
    name: &str,
    tasks: Vec<Task<T>>,
    deadline: Instant,
    stop: &Cancel,
    mut on_done: impl FnMut(usize, &T),
    until: impl Fn(&[Slot<T>]) -> bool,
) -> Vec<Slot<T>> {
    let task_stop = stop.child();
    let (sender, receiver) = mpsc::channel::<(usize, Slot<T>)>();
    let mut slots: Vec<Slot<T>> = tasks.iter().map(|_| Slot::Pending).collect();
    for (index, task) in tasks.into_iter().enumerate() {
        let sender = sender.clone();
        let task_stop = task_stop.clone();
        let spawned = std::thread::Builder::new().name(format!("{name}-{index}")).spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| task(&task_stop)));
            let slot = match result {
                Ok(value) => Slot::Done(value),
                Err(_) => Slot::Lost("internal error (the lookup crashed)".into()),
            };
            let _ = sender.send((index, slot));
        });
        if let Err(e) = spawned {
            slots[index] = Slot::Lost(format!("could not start a thread: {e}"));
        }
    }
    drop(sender);
    loop {
        if slots.iter().all(Slot::is_finished) || until(&slots) || stop.is_cancelled() {
            break;
        }
        let Some(left) = crate::engine::net::remaining(deadline) else { break };
        match receiver.recv_timeout(left.min(POLL_INTERVAL)) {
            Ok((index, slot)) => {
                if let Slot::Done(value) = &slot {
                    on_done(index, value);
                }
                slots[index] = slot;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    task_stop.cancel();
    slots
}

/// The index of the best-ranked (lowest index) success whose better-ranked tasks have all
/// finished; `None` while a better-ranked task could still succeed or nothing succeeded.
pub fn best_decided<T>(slots: &[Slot<T>], is_success: impl Fn(&T) -> bool) -> Option<usize> {
    for (index, slot) in slots.iter().enumerate() {
        match slot {
            Slot::Pending => return None,
            Slot::Done(value) if is_success(value) => return Some(index),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sleeper(ms: u64, value: u32) -> Task<u32> {
        Box::new(move |stop: &Cancel| {
            let until = Instant::now() + Duration::from_millis(ms);
            while Instant::now() < until && !stop.is_cancelled() {
                std::thread::sleep(Duration::from_millis(2));
            }
            value
        })
    }

    #[test]
    fn the_best_ranked_success_wins_even_when_it_arrives_last() {
        let started = Instant::now();
        let slots = race(
            "t",
            vec![sleeper(150, 1), sleeper(1, 2), sleeper(5_000, 3)],
            Instant::now() + Duration::from_secs(10),
            &Cancel::default(),
            |_, _| {},
            |slots| best_decided(slots, |v| *v != 0).is_some(),
        );
        assert_eq!(best_decided(&slots, |v| *v != 0), Some(0));
        assert!(matches!(slots[2], Slot::Pending), "the slow, worse task is not waited for");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn the_deadline_ends_the_race() {
        let started = Instant::now();
        let slots = race(
            "t",
            vec![sleeper(10_000, 1)],
            Instant::now() + Duration::from_millis(100),
            &Cancel::default(),
            |_, _| {},
            |_| false,
        );
        assert!(matches!(slots[0], Slot::Pending));
        assert!(started.elapsed() < Duration::from_millis(300));
    }

    #[test]
    fn cancelling_ends_the_race_promptly() {
        let cancel = Cancel::new();
        let c = cancel.clone();
        let canceller = std::thread::Builder::new()
            .name("canceller".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                c.cancel();
            })
            .unwrap();
        let started = Instant::now();
        race("t", vec![sleeper(10_000, 1)], Instant::now() + Duration::from_secs(10), &cancel, |_, _| {}, |_| false);
        assert!(started.elapsed() < Duration::from_millis(200));
        canceller.join().unwrap();
    }

    #[test]
    fn a_panicking_task_is_lost_not_fatal() {
        let tasks: Vec<Task<u32>> = vec![Box::new(|_: &Cancel| panic!("boom")), sleeper(1, 7)];
        let slots = race("t", tasks, Instant::now() + Duration::from_secs(5), &Cancel::default(), |_, _| {}, |_| false);
        assert!(matches!(slots[0], Slot::Lost(_)));
        assert_eq!(slots[1].done(), Some(&7));
    }
}
