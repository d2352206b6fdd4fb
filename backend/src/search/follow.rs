//! Following the catalogue in the background: the index applies the feed every half
//! second; what is derived from it is recomputed on a thread of the lowest priority, at
//! most every [`DERIVED_EVERY`] while changes keep coming.
use super::{DERIVED_EVERY, Engine, err};
use crate::db::Db;
use crate::reference::Reference;
use sea_orm::DbErr;
use std::sync::Arc;

impl Engine {
    /// Follows the feed every `every` until the process ends (skipping while the
    /// database is known to be lost); the derived data follow at most every
    /// [`DERIVED_EVERY`].
    pub fn spawn_follower(self: &Arc<Self>, db: Db, r: Arc<Reference>, every: std::time::Duration) {
        let engine = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut stale = false;
            let mut derived_at: Option<std::time::Instant> = None;
            loop {
                tick.tick().await;
                if db.health().is_down() {
                    continue;
                }
                let round = async {
                    let a = engine.apply_changes(&db, &r).await?;
                    if a.cards > 0 {
                        stale = true;
                        tracing::info!(
                            cards = a.cards,
                            seq = a.seq,
                            "search index followed the catalogue"
                        );
                    }
                    if stale && derived_at.is_none_or(|t| t.elapsed() >= DERIVED_EVERY) {
                        engine.refresh_derived(&r).await?;
                        stale = false;
                        derived_at = Some(std::time::Instant::now());
                    }
                    Ok::<(), DbErr>(())
                };
                if let Err(e) = round.await {
                    if crate::db::is_unavailable(&e) {
                        db.trip();
                    }
                    tracing::warn!(error = %e, "search index could not follow the catalogue");
                }
            }
        });
    }
}

/// Runs `work` on a thread of its own at the lowest scheduling priority (nice 19 on
/// Linux): what it computes can wait, the searches running meanwhile cannot.
pub(super) async fn in_background<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, DbErr> + Send + 'static,
) -> Result<T, DbErr> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("search-derived".into())
        .spawn(move || {
            use thread_priority::{
                NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
                set_thread_priority_and_policy, thread_native_id,
            };
            // Only this thread's priority, and only ever lowered: no privilege needed.
            if let Err(e) = set_thread_priority_and_policy(
                thread_native_id(),
                ThreadPriority::Min,
                ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Other),
            ) {
                tracing::debug!(error = ?e, "could not lower a background thread's priority");
            }
            let _ = tx.send(work());
        })
        .map_err(err)?;
    rx.await.map_err(err)?
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nice value of the calling thread (Linux: field 19 of its `stat`).
    #[cfg(target_os = "linux")]
    fn own_nice() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("stat");
        // The command name (field 2) may hold spaces: count from its closing parenthesis.
        let after = &stat[stat.rfind(')').expect("comm") + 2..];
        after
            .split(' ')
            .nth(16)
            .expect("nice")
            .parse()
            .expect("number")
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn derived_data_are_computed_at_the_lowest_priority() {
        let here = own_nice();
        let there = in_background(|| Ok(own_nice())).await.expect("runs");
        assert_eq!(there, 19, "the background thread yields to searches");
        assert_eq!(own_nice(), here, "the caller's priority is untouched");
    }
}
