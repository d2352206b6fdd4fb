//! Passwords: argon2id (m = 19456 KiB, t = 2, p = 1), hashed off the async threads on a
//! small fixed pool of threads that each reuse one block of Argon2 working memory while
//! jobs keep coming, checked against a minimum length and a bundled list of common
//! passwords.
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../../reference/common-passwords.txt")
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The parameters of new hashes (OWASP's first choice for argon2id). Stored hashes carry
/// their own parameters in their PHC string and are verified with those.
fn params() -> Params {
    Params::new(19_456, 2, 1, None).unwrap_or_default()
}

/// Why a new password is refused (a stable code for the API).
pub fn policy_violation(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        Some("too_short")
    } else if n > MAX_LENGTH {
        Some("too_long")
    } else if is_common(&password.to_lowercase()) {
        Some("too_common")
    } else {
        None
    }
}

/// A common password, one decorated with digits or symbols ("password2024!"), one made
/// of three or fewer distinct characters ("121212121212"), or a run ("abcdefghijkl").
fn is_common(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let distinct: HashSet<char> = lower.chars().collect();
    let run = lower
        .as_bytes()
        .windows(2)
        .all(|w| w[1] == w[0].wrapping_add(1))
        || lower
            .as_bytes()
            .windows(2)
            .all(|w| w[1] == w[0].wrapping_sub(1));
    COMMON.contains(lower)
        || (core.chars().count() >= 4 && COMMON.contains(core))
        || distinct.len() <= 3
        || run
}

/// How long a pool thread keeps its Argon2 block after its last job: a burst of
/// sign-ins reuses it, an idle server gives it back to the system.
pub const KEEP_IDLE: Duration = Duration::from_secs(1);

/// Hashes and verifies passwords on `concurrency` dedicated threads started once.
///
/// Each Argon2 computation needs 19 MiB of working memory. Allocated per call on
/// whichever thread runs it (tokio's blocking pool), that memory stays with the thread's
/// malloc arena after it is freed, and the server's memory grew with every sign-up and
/// sign-in (1.3 GB after 1,000 of them). Here each pool thread allocates its block on
/// its first job and reuses it while jobs keep coming, so the memory is bounded by
/// `concurrency` × 19 MiB; a thread with no job for [`KEEP_IDLE`] frees its block (kept
/// for good, the blocks of the first two sign-ins held 38 MiB for the server's life). A
/// job goes to the thread that became idle last, the one that still holds its block:
/// sign-ins one after the other use one block, not one per thread.
///
/// Clones share the pool. The threads end when the last clone is dropped, after the jobs
/// already queued.
#[derive(Clone)]
pub struct Hasher {
    pool: Arc<Dispatch>,
    /// Verified instead of a stored hash when the account is unknown (same parameters,
    /// so the same cost as a wrong password).
    dummy: Arc<str>,
    #[cfg(test)]
    seen: Arc<Seen>,
}

enum Job {
    Hash {
        password: String,
        reply: oneshot::Sender<Result<String, String>>,
    },
    Verify {
        password: String,
        hash: Arc<str>,
        reply: oneshot::Sender<bool>,
    },
}

/// A job's answer, sent once its thread is back among the idle ones.
enum Answer {
    Hash(
        oneshot::Sender<Result<String, String>>,
        Result<String, String>,
    ),
    Verify(oneshot::Sender<bool>, bool),
    /// The caller had gone (the client disconnected): nothing computed, nothing sent.
    Skipped,
}

impl Answer {
    fn send(self) {
        match self {
            Answer::Hash(reply, result) => {
                let _ = reply.send(result);
            }
            Answer::Verify(reply, ok) => {
                let _ = reply.send(ok);
            }
            Answer::Skipped => {}
        }
    }
}

/// The pool's threads and their queue.
struct Pool {
    state: Mutex<State>,
    /// One per thread, each waiting on its own: a job wakes the thread idle the
    /// shortest time.
    wake: Vec<Condvar>,
}

struct State {
    jobs: VecDeque<Job>,
    /// The idle threads, the most recently idle last.
    idle: Vec<usize>,
    /// False once every Hasher is gone.
    open: bool,
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The Hashers' side of the pool: dropping the last one closes it.
struct Dispatch {
    pool: Arc<Pool>,
    /// Threads started (none: every job fails).
    threads: usize,
}

impl Dispatch {
    /// Queues `job` and wakes the thread that went idle last. False if no thread runs.
    fn send(&self, job: Job) -> bool {
        if self.threads == 0 {
            return false;
        }
        let mut state = self.pool.lock();
        state.jobs.push_back(job);
        if let Some(i) = state.idle.pop()
            && let Some(wake) = self.pool.wake.get(i)
        {
            wake.notify_one();
        }
        true
    }
}

impl Drop for Dispatch {
    fn drop(&mut self) {
        self.pool.lock().open = false;
        for wake in &self.pool.wake {
            wake.notify_one();
        }
    }
}

/// Test hooks: the thread that ran each job, in order, and how many threads hold a block.
#[cfg(test)]
#[derive(Default)]
struct Seen {
    jobs: Mutex<Vec<std::thread::ThreadId>>,
    blocks: std::sync::atomic::AtomicUsize,
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new(2)
    }
}

impl Hasher {
    /// A pool of `concurrency` threads (at least 1): at most that many hashes at once,
    /// each costing ~19 MiB (kept by its thread until it has been idle for
    /// [`KEEP_IDLE`]) and tens of milliseconds.
    pub fn new(concurrency: usize) -> Self {
        Self::with_keep_idle(concurrency, KEEP_IDLE)
    }

    fn with_keep_idle(concurrency: usize, keep_idle: Duration) -> Self {
        let n = concurrency.max(1);
        let pool = Arc::new(Pool {
            state: Mutex::new(State {
                jobs: VecDeque::new(),
                idle: Vec::with_capacity(n),
                open: true,
            }),
            wake: (0..n).map(|_| Condvar::new()).collect(),
        });
        #[cfg(test)]
        let seen = Arc::new(Seen::default());
        let mut threads = 0;
        for i in 0..n {
            let worker = Worker {
                pool: Arc::clone(&pool),
                index: i,
                keep_idle,
                memory: Vec::new(),
                #[cfg(test)]
                seen: Arc::clone(&seen),
            };
            match std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || worker.run())
            {
                Ok(_) => threads += 1,
                // With no thread at all, jobs fail.
                Err(e) => tracing::error!(error = %e, "cannot start a password hashing thread"),
            }
        }
        Self {
            pool: Arc::new(Dispatch { pool, threads }),
            dummy: dummy_hash().into(),
            #[cfg(test)]
            seen,
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Hash {
            password: password.to_owned(),
            reply,
        };
        if !self.pool.send(job) {
            return Err("password hashing threads stopped".to_owned());
        }
        answer
            .await
            .map_err(|_| "password hashing thread failed".to_owned())?
    }

    /// Verifies against `hash`, or against a dummy hash when there is none, so that an
    /// unknown account takes as long as a wrong password.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let known = hash.is_some();
        let (reply, answer) = oneshot::channel();
        let job = Job::Verify {
            password: password.to_owned(),
            hash: hash.map_or_else(|| Arc::clone(&self.dummy), Arc::from),
            reply,
        };
        if !self.pool.send(job) {
            return false;
        }
        answer.await.unwrap_or(false) && known
    }
}

/// A PHC string with the parameters of new hashes, a random salt and an output no
/// password produces in practice (zeros): verifying against it costs what verifying
/// against a stored hash does.
fn dummy_hash() -> String {
    let salt = SaltString::generate(&mut OsRng);
    let phc = ParamsString::try_from(&params()).and_then(|p| {
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: p,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&[0; Params::DEFAULT_OUTPUT_LEN])?),
        }
        .to_string())
    });
    phc.unwrap_or_default()
}

/// One pool thread: its own Argon2 working memory, allocated on a job when it has none,
/// reused by the jobs that follow, freed once no job has come for `keep_idle`.
struct Worker {
    pool: Arc<Pool>,
    /// This thread's place in `pool.wake`.
    index: usize,
    keep_idle: Duration,
    memory: Vec<Block>,
    #[cfg(test)]
    seen: Arc<Seen>,
}

impl Worker {
    fn run(mut self) {
        let pool = Arc::clone(&self.pool);
        let Some(wake) = pool.wake.get(self.index) else {
            return;
        };
        // When the block is to be freed if no job comes: `keep_idle` after the last one.
        let mut keep_until = Instant::now();
        let mut state = pool.lock();
        loop {
            if let Some(job) = state.jobs.pop_front() {
                state.idle.retain(|&i| i != self.index);
                drop(state);
                let answer = self.run_job(job);
                keep_until = Instant::now() + self.keep_idle;
                // Back among the idle threads, on top, before the caller hears: its next
                // job comes to this thread and its block.
                state = pool.lock();
                state.idle.retain(|&i| i != self.index);
                state.idle.push(self.index);
                answer.send();
                continue;
            }
            if !state.open {
                return; // every Hasher is gone, no job left
            }
            if !state.idle.contains(&self.index) {
                state.idle.push(self.index);
            }
            if self.memory.is_empty() {
                state = wake.wait(state).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            let left = keep_until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(state);
                self.memory = Vec::new();
                self.blocks_changed();
                state = pool.lock();
            } else {
                state = wake
                    .wait_timeout(state, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        }
    }

    fn run_job(&mut self, job: Job) -> Answer {
        match job {
            // A caller that has gone (the client disconnected) is not waited for: its
            // job is skipped.
            Job::Hash { password, reply } => {
                if reply.is_closed() {
                    return Answer::Skipped;
                }
                self.record();
                let result = self.hash(password.as_bytes());
                Answer::Hash(reply, result)
            }
            Job::Verify {
                password,
                hash,
                reply,
            } => {
                if reply.is_closed() {
                    return Answer::Skipped;
                }
                self.record();
                let ok = self.verify(password.as_bytes(), &hash);
                Answer::Verify(reply, ok)
            }
        }
    }

    #[cfg(test)]
    fn record(&self) {
        self.seen
            .jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(std::thread::current().id());
    }

    #[cfg(not(test))]
    fn record(&self) {}

    /// Test hook: counts this thread's block in or out.
    #[cfg(test)]
    fn blocks_changed(&self) {
        use std::sync::atomic::Ordering;
        if self.memory.is_empty() {
            self.seen.blocks.fetch_sub(1, Ordering::SeqCst);
        } else {
            self.seen.blocks.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[cfg(not(test))]
    fn blocks_changed(&self) {}

    /// Runs Argon2 into `out` in this thread's memory. A stored hash whose parameters
    /// need more memory than new hashes do (none today) gets a block of its own for
    /// this job only, so the kept block stays the size of the current parameters.
    fn argon2_into(
        &mut self,
        argon2: &Argon2<'_>,
        password: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> argon2::Result<()> {
        let needed = argon2.params().block_count();
        if self.memory.is_empty() {
            self.memory = vec![Block::default(); params().block_count()];
            self.blocks_changed();
        }
        if needed <= self.memory.len() {
            argon2.hash_password_into_with_memory(password, salt, out, &mut self.memory[..])
        } else {
            let mut once = vec![Block::default(); needed];
            argon2.hash_password_into_with_memory(password, salt, out, &mut once[..])
        }
    }

    /// A new PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
    fn hash(&mut self, password: &[u8]) -> Result<String, String> {
        let params = params();
        let params_string = ParamsString::try_from(&params).map_err(|e| e.to_string())?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| e.to_string())?;
        let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
            Ok(self.argon2_into(&argon2, password, salt_bytes, out)?)
        })
        .map_err(|e| e.to_string())?;
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: params_string,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        }
        .to_string())
    }

    /// Whether `password` matches the PHC string `phc`, computed with the algorithm,
    /// version and parameters the string records; the outputs are compared in constant
    /// time (`Output`'s equality).
    fn verify(&mut self, password: &[u8], phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
            return false;
        };
        let version = match parsed.version.map(Version::try_from).transpose() {
            Ok(v) => v.unwrap_or_default(),
            Err(_) => return false,
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        let argon2 = Argon2::new(algorithm, version, params);
        let mut salt_bytes = [0u8; 64];
        let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
            return false;
        };
        Output::init_with(expected.len(), |out| {
            Ok(self.argon2_into(&argon2, password, salt_bytes, out)?)
        })
        .is_ok_and(|computed| computed == expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(policy_violation("short"), Some("too_short"));
        assert_eq!(policy_violation("Password1234"), Some("too_common"));
        assert_eq!(policy_violation(&"x".repeat(129)), Some("too_long"));
        assert_eq!(policy_violation("giardino-di-via-padova-7"), None);
        // Decorated common words, Italian ones too, repetitions and runs.
        for weak in [
            "password2024!",
            "!!Juventus1897",
            "forzanapoli1926",
            "Francesco1980!",
            "qwertyuiop1234",
            "121212121212",
            "aaaaaaaaaaaaaa",
            "abcdefghijklm",
            "zyxwvutsrqpo",
        ] {
            assert_eq!(policy_violation(weak), Some("too_common"), "{weak}");
        }
        for fine in [
            "una frase lunga da ricordare",
            "demo-domicilia-2026",
            "segreto-di-via-padova-77",
            "tre gatti sul tetto",
        ] {
            assert_eq!(policy_violation(fine), None, "{fine}");
        }
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let h = Hasher::new(1);
        let hash = h.hash("giardino-di-via-padova-7").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("giardino-di-via-padova-7", Some(&hash)).await);
        assert!(!h.verify("giardino-di-via-padova-8", Some(&hash)).await);
        assert!(!h.verify("anything", None).await);
        assert!(!h.verify("anything", Some("not a PHC string")).await);
        // Two hashes of the same password differ (random salt), both verify.
        let again = h.hash("giardino-di-via-padova-7").await.unwrap();
        assert_ne!(hash, again);
        assert!(h.verify("giardino-di-via-padova-7", Some(&again)).await);
    }

    fn seen(h: &Hasher) -> Vec<std::thread::ThreadId> {
        h.seen.jobs.lock().unwrap().clone()
    }

    fn blocks(h: &Hasher) -> usize {
        h.seen.blocks.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Waits (at most 10 s) until no pool thread holds a block.
    async fn until_no_block(h: &Hasher) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while blocks(h) > 0 {
            assert!(std::time::Instant::now() < deadline, "blocks still held");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Two sign-ins at once used both threads' blocks, which they freed once idle (they
    /// kept them for good, 38 MiB for the server's life); the next job allocates again.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn idle_threads_free_their_blocks() {
        let h = Hasher::with_keep_idle(2, Duration::from_millis(50));
        let stored = h.hash("giardino-di-via-padova-7").await.unwrap();
        let (a, b) = tokio::join!(
            h.verify("giardino-di-via-padova-7", Some(&stored)),
            h.verify("giardino-di-via-padova-7", Some(&stored)),
        );
        assert!(a && b);
        until_no_block(&h).await;
        assert!(h.verify("giardino-di-via-padova-7", Some(&stored)).await);
        assert!(blocks(&h) <= 1, "one job, at most one block");
        until_no_block(&h).await;
    }

    /// Jobs one after the other go to the thread that ran the last one, which still
    /// holds its block: one block, not one per thread (two sign-ins in a row kept two).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_in_a_row_use_one_block() {
        let h = Hasher::with_keep_idle(2, Duration::from_secs(600));
        let stored = h.hash("giardino-di-via-padova-7").await.unwrap();
        for _ in 0..4 {
            assert!(h.verify("giardino-di-via-padova-7", Some(&stored)).await);
        }
        assert_eq!(blocks(&h), 1);
        let threads: HashSet<_> = seen(&h).into_iter().collect();
        assert_eq!(threads.len(), 1, "five jobs in a row on one thread");
    }

    /// The defect of issue 8: each hash ran on whichever thread of tokio's blocking pool
    /// was free, and each of those threads kept its 19 MiB. Forty requests at once, each
    /// doing other blocking work first (as the server does: files, mail), must hash on
    /// the pool's N threads only.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn forty_concurrent_jobs_run_on_the_pool_threads_only() {
        let h = Hasher::new(2);
        let stored = h.hash("giardino-di-via-padova-7").await.unwrap();
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let (h, stored) = (h.clone(), stored.clone());
                tokio::spawn(async move {
                    tokio::task::spawn_blocking(|| {
                        std::thread::sleep(std::time::Duration::from_millis(5))
                    })
                    .await
                    .unwrap();
                    if i % 2 == 0 {
                        let hash = h.hash(&format!("tre gatti sul tetto {i}")).await.unwrap();
                        h.verify(&format!("tre gatti sul tetto {i}"), Some(&hash))
                            .await
                    } else {
                        h.verify("giardino-di-via-padova-7", Some(&stored)).await
                    }
                })
            })
            .collect();
        for t in tasks {
            assert!(t.await.unwrap());
        }
        let seen = seen(&h);
        assert_eq!(seen.len(), 1 + 20 * 2 + 20, "every job ran on the pool");
        let threads: HashSet<_> = seen.iter().collect();
        assert!(
            threads.len() <= 2,
            "{} threads ran Argon2 for a pool of 2",
            threads.len()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_costs_one_verification() {
        let h = Hasher::new(1);
        assert!(!h.verify("giardino-di-via-padova-7", None).await);
        assert_eq!(seen(&h).len(), 1);
        assert!(h.dummy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(PasswordHash::new(&h.dummy).is_ok());
    }

    /// Hashes made by the argon2 crate's own API (the previous implementation) verify,
    /// and the pool's hashes verify with it; several jobs in a row on one thread reuse
    /// its memory.
    #[tokio::test]
    async fn compatible_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let h = Hasher::new(1);
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        for i in 0..3 {
            let password = format!("una frase lunga da ricordare {i}");
            let theirs = reference
                .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
                .unwrap()
                .to_string();
            assert!(h.verify(&password, Some(&theirs)).await, "{theirs}");
            assert!(!h.verify("una frase lunga da scordare", Some(&theirs)).await);
            let ours = h.hash(&password).await.unwrap();
            let parsed = PasswordHash::new(&ours).unwrap();
            assert!(
                reference
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            );
            assert!(
                reference
                    .verify_password(b"una frase lunga da scordare", &parsed)
                    .is_err()
            );
        }
        // Other algorithms, versions and parameters, smaller and larger than the kept
        // memory, with other output lengths: the PHC string says how to verify.
        for (algorithm, version, m, t, p, len) in [
            (Algorithm::Argon2id, Version::V0x13, 8_192, 1, 1, 32),
            (Algorithm::Argon2i, Version::V0x10, 4_096, 3, 2, 16),
            (Algorithm::Argon2d, Version::V0x13, 4_096, 1, 1, 64),
            (Algorithm::Argon2id, Version::V0x13, 24_576, 1, 2, 32),
        ] {
            let params = Params::new(m, t, p, Some(len)).unwrap();
            let theirs = Argon2::new(algorithm, version, params)
                .hash_password(b"tre gatti sul tetto", &SaltString::generate(&mut OsRng))
                .unwrap()
                .to_string();
            assert!(
                h.verify("tre gatti sul tetto", Some(&theirs)).await,
                "{theirs}"
            );
            assert!(
                !h.verify("tre gatti sul tetti", Some(&theirs)).await,
                "{theirs}"
            );
        }
        // A larger hash did not grow the kept memory: new hashes still verify.
        let ours = h.hash("tre gatti sul tetto").await.unwrap();
        assert!(h.verify("tre gatti sul tetto", Some(&ours)).await);
    }

    #[tokio::test]
    async fn the_threads_end_with_the_last_hasher() {
        let h = Hasher::new(3);
        let copy = h.clone();
        assert!(copy.hash("giardino-di-via-padova-7").await.is_ok());
        let seen = Arc::clone(&h.seen);
        assert_eq!(
            Arc::strong_count(&seen),
            1 + 2 + 3,
            "two Hashers, three threads"
        );
        drop(h);
        drop(copy);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&seen) > 1 {
            assert!(
                std::time::Instant::now() < deadline,
                "pool threads still running"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}
