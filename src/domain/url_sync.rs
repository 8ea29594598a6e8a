//! When the view reaches the address bar, and how: the policy as a small state machine over an
//! injectable [`History`], so that it is tested natively.
//!
//! - A deliberate change (a preset, a filter, a selection) pushes a history entry at once.
//! - A continuous change (a slider's drag, typing in the search box) pushes an entry on its first
//!   step. Its later steps only leave the URL pending: nobody copies the address or goes back
//!   while holding a slider, and a write on every step would cost each step its encoding and a
//!   `history.replaceState`. A flush ([`UrlSync::flush`], which the search box calls on a
//!   throttle) or the change's end ([`UrlSync::end`], on `change` or `blur`) replaces the entry
//!   with the view as it then is.
//! - A view the address bar already shows is never written again, so Back never seems to do
//!   nothing.

/// How a write reaches the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A new history entry, so that Back returns to the view before.
    Push,
    /// In place of the current entry.
    Replace,
}

/// The address bar, as the policy sees it.
pub trait History {
    /// The query string it shows now, without its `?`.
    fn shown(&self) -> String;
    /// Shows `query` through an entry of the given kind.
    fn write(&mut self, query: &str, entry: Entry);
}

/// Where a continuous change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UrlSync {
    /// A continuous change has taken its first step and not yet ended.
    change_open: bool,
    /// The view has changed since the address bar was last written.
    pending: bool,
}

impl UrlSync {
    /// A deliberate change to the view, which now encodes as `query`: a new entry.
    pub fn commit(&mut self, history: &mut impl History, query: &str) {
        self.pending = false;
        write_changed(history, query, Entry::Push);
    }

    /// One step of a continuous change, after which the view encodes as `query()`. The first
    /// step commits; a later one leaves the URL pending, and is `true` when nothing was pending
    /// before, so the caller can schedule a [`UrlSync::flush`].
    pub fn step(&mut self, history: &mut impl History, query: impl FnOnce() -> String) -> bool {
        if !self.change_open {
            self.change_open = true;
            self.commit(history, &query());
            return false;
        }
        let newly_pending = !self.pending;
        self.pending = true;
        newly_pending
    }

    /// Writes a pending view, encoded as `query()`, in place of the current entry.
    pub fn flush(&mut self, history: &mut impl History, query: impl FnOnce() -> String) {
        if self.pending {
            self.pending = false;
            write_changed(history, &query(), Entry::Replace);
        }
    }

    /// Ends a continuous change and flushes its last step.
    pub fn end(&mut self, history: &mut impl History, query: impl FnOnce() -> String) {
        self.change_open = false;
        self.flush(history, query);
    }
}

fn write_changed(history: &mut impl History, query: &str, entry: Entry) {
    if history.shown() != query {
        history.write(query, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history that records its entries; the last one is shown.
    #[derive(Default)]
    struct Recorded {
        entries: Vec<String>,
        writes: Vec<(String, Entry)>,
    }

    impl History for Recorded {
        fn shown(&self) -> String {
            self.entries.last().cloned().unwrap_or_default()
        }
        fn write(&mut self, query: &str, entry: Entry) {
            if entry == Entry::Replace {
                self.entries.pop();
            }
            self.entries.push(query.to_owned());
            self.writes.push((query.to_owned(), entry));
        }
    }

    #[test]
    fn a_deliberate_change_pushes_and_an_unchanged_view_adds_no_entry() {
        let (mut sync, mut history) = (UrlSync::default(), Recorded::default());
        sync.commit(&mut history, "p=research");
        sync.commit(&mut history, "p=research");
        sync.commit(&mut history, "");
        assert_eq!(history.entries, ["p=research", ""]);
    }

    #[test]
    fn a_drag_pushes_once_and_its_end_replaces_with_the_last_step() {
        let (mut sync, mut history) = (UrlSync::default(), Recorded::default());
        assert!(!sync.step(&mut history, || "w=a1".into()));
        assert!(sync.step(&mut history, || unreachable!(
            "a pending step is not encoded"
        )));
        assert!(!sync.step(&mut history, || unreachable!()));
        sync.end(&mut history, || "w=a3".into());
        assert_eq!(
            history.writes,
            [
                ("w=a1".into(), Entry::Push),
                ("w=a3".into(), Entry::Replace)
            ]
        );
        assert_eq!(history.entries, ["w=a3"]);
        sync.end(&mut history, || unreachable!("nothing is pending"));
    }

    #[test]
    fn typing_flushes_on_the_throttle_and_again_at_the_end() {
        let (mut sync, mut history) = (UrlSync::default(), Recorded::default());
        sync.step(&mut history, || "q=b".into());
        assert!(sync.step(&mut history, || unreachable!()));
        sync.flush(&mut history, || "q=be".into());
        assert!(sync.step(&mut history, || unreachable!()), "pending again");
        sync.end(&mut history, || "q=ber".into());
        assert_eq!(history.entries, ["q=ber"]);
        assert_eq!(history.writes.len(), 3);
    }

    #[test]
    fn a_change_that_ends_where_it_started_writes_nothing_more() {
        let (mut sync, mut history) = (UrlSync::default(), Recorded::default());
        sync.commit(&mut history, "w=a0");
        sync.step(&mut history, || "w=a5".into());
        sync.step(&mut history, || unreachable!());
        sync.end(&mut history, || "w=a5".into());
        assert_eq!(history.entries, ["w=a0", "w=a5"]);
        assert_eq!(history.writes.len(), 2);
    }

    #[test]
    fn a_commit_during_a_change_clears_what_was_pending() {
        let (mut sync, mut history) = (UrlSync::default(), Recorded::default());
        sync.step(&mut history, || "q=a".into());
        sync.step(&mut history, || unreachable!());
        sync.commit(&mut history, "q=ab&city=x");
        sync.end(&mut history, || unreachable!("the commit wrote it"));
        assert_eq!(history.entries, ["q=a", "q=ab&city=x"]);
    }
}
