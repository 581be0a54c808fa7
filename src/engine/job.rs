//! Run a blocking engine call on a named thread, so the UI thread never waits on the network,
//! the disk or the keyring. The caller polls for progress events and the result; a done-callback
//! (the GUI passes `ctx.request_repaint`) wakes it whenever something arrives. A `Cancel` token
//! lets another thread ask the work to stop early.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

/// A shared "please stop" flag. Long operations check it between steps and while waiting.
/// A [`Cancel::child`] token also stops when the token it came from does, so nested work (a
/// race inside the discovery pipeline, a probe inside a race) is stopped by every level above it.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    /// The token this one was made from; cancelling it cancels this one too.
    parent: Option<Arc<Cancel>>,
}

impl Cancel {
    /// A fresh token that is not cancelled.
    pub fn new() -> Self {
        Cancel::default()
    }

    /// A new token that is cancelled by its own [`Cancel::cancel`] or by this token's; cancelling
    /// the child leaves this token alone.
    pub fn child(&self) -> Cancel {
        Cancel { flag: Arc::default(), parent: Some(Arc::new(self.clone())) }
    }

    /// Asks every holder of this token (and of its children) to stop.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// True once [`Cancel::cancel`] was called on this token or on one it was made from.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst) || self.parent.as_ref().is_some_and(|parent| parent.is_cancelled())
    }

    /// Sleeps until `duration` passed or the token is cancelled, waking every few milliseconds.
    /// Returns false when cancelled.
    pub fn sleep(&self, duration: Duration) -> bool {
        let until = Instant::now() + duration;
        while !self.is_cancelled() {
            let now = Instant::now();
            if now >= until {
                return true;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(20)));
        }
        false
    }
}

/// Wakes the owner of a job (the GUI's repaint request; a no-op in the CLI).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The sending side a job uses to report progress events.
pub struct Progress<P> {
    sender: Sender<P>,
    waker: Waker,
}

impl<P> Clone for Progress<P> {
    fn clone(&self) -> Self {
        Progress { sender: self.sender.clone(), waker: self.waker.clone() }
    }
}

impl<P> Progress<P> {
    /// Reports one event and wakes the owner. Events sent after the owner dropped the job are discarded.
    pub fn send(&self, event: P) {
        if self.sender.send(event).is_ok() {
            (self.waker)();
        }
    }

    /// A progress sink that is not connected to anything (for callers that do not need events).
    pub fn discard() -> Self {
        let (sender, _) = mpsc::channel();
        Progress { sender, waker: Arc::new(|| {}) }
    }

    /// A progress sink that delivers events into a plain channel (for the CLI and tests).
    pub fn channel() -> (Self, Receiver<P>) {
        let (sender, receiver) = mpsc::channel();
        (Progress { sender, waker: Arc::new(|| {}) }, receiver)
    }
}

/// The state of a job as the owner sees it.
#[derive(Debug)]
pub enum Poll<T> {
    Running,
    Done(T),
    /// The worker thread panicked or vanished; the job produced no result.
    Lost,
}

/// A blocking call running on its own named thread. `T` is the result, `P` the progress events.
pub struct Job<T, P = ()> {
    name: String,
    result: Receiver<T>,
    events: Receiver<P>,
    cancel: Cancel,
    finished: bool,
}

impl<T: Send + 'static, P: Send + 'static> Job<T, P> {
    /// Starts `work` on a thread called `name`; `waker` is called after every progress event and
    /// once when the result is ready.
    pub fn spawn<F>(name: &str, waker: Waker, work: F) -> std::io::Result<Self>
    where
        F: FnOnce(&Progress<P>, &Cancel) -> T + Send + 'static,
    {
        let (result_tx, result) = mpsc::channel();
        let (event_tx, events) = mpsc::channel();
        let cancel = Cancel::new();
        let progress = Progress { sender: event_tx, waker: waker.clone() };
        let token = cancel.clone();
        std::thread::Builder::new().name(name.to_string()).spawn(move || {
            let value = work(&progress, &token);
            let _ = result_tx.send(value);
            waker();
        })?;
        Ok(Job { name: name.to_string(), result, events, cancel, finished: false })
    }

    /// The thread name given at spawn time.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Asks the work to stop; the job still finishes with whatever result the work returns.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Takes every progress event that arrived since the last call.
    pub fn drain_events(&self) -> Vec<P> {
        self.events.try_iter().collect()
    }

    /// Non-blocking check for the result. After `Done` or `Lost` it keeps returning `Lost`.
    pub fn poll(&mut self) -> Poll<T> {
        if self.finished {
            return Poll::Lost;
        }
        match self.result.try_recv() {
            Ok(value) => {
                self.finished = true;
                Poll::Done(value)
            }
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => {
                self.finished = true;
                Poll::Lost
            }
        }
    }

    /// Blocks until the result arrives (for the CLI and tests; never call this on the UI thread).
    pub fn wait(self) -> Option<T> {
        self.result.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn job_reports_events_result_and_wakes_the_owner() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let w = wakes.clone();
        let job: Job<u32, &'static str> = Job::spawn(
            "test-job",
            Arc::new(move || {
                w.fetch_add(1, Ordering::SeqCst);
            }),
            |progress, _| {
                progress.send("started");
                assert_eq!(std::thread::current().name(), Some("test-job"));
                42
            },
        )
        .unwrap();
        let events_before = job.drain_events().len();
        let value = Job::wait(job);
        assert_eq!(value, Some(42));
        assert!(events_before <= 1);
        // The worker wakes the owner right after handing over the result: allow it a moment.
        let t = Instant::now();
        while wakes.load(Ordering::SeqCst) < 2 && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(wakes.load(Ordering::SeqCst) >= 2, "one wake per event and one for the result");
    }

    #[test]
    fn cancel_stops_a_sleeping_job_early() {
        let mut job: Job<bool> =
            Job::spawn("sleeper", Arc::new(|| {}), |_, cancel| cancel.sleep(Duration::from_secs(30))).unwrap();
        let t = Instant::now();
        job.cancel();
        loop {
            match job.poll() {
                Poll::Running => std::thread::sleep(Duration::from_millis(5)),
                Poll::Done(completed) => {
                    assert!(!completed);
                    break;
                }
                Poll::Lost => panic!("job lost"),
            }
        }
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_child_token_stops_with_its_parent_but_not_the_other_way_round() {
        let parent = Cancel::new();
        let child = parent.child();
        let grandchild = child.child();
        child.cancel();
        assert!(child.is_cancelled() && grandchild.is_cancelled());
        assert!(!parent.is_cancelled(), "a child never cancels its parent");
        let sibling = parent.child();
        assert!(!sibling.is_cancelled());
        parent.cancel();
        assert!(sibling.is_cancelled());
    }

    #[test]
    fn a_panicking_job_is_reported_lost_not_hung() {
        let mut job: Job<()> = Job::spawn("panics", Arc::new(|| {}), |_, _| panic!("boom")).unwrap();
        let t = Instant::now();
        loop {
            match job.poll() {
                Poll::Running if t.elapsed() < Duration::from_secs(5) => std::thread::sleep(Duration::from_millis(5)),
                Poll::Lost => break,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}
