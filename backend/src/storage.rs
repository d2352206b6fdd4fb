//! Where uploaded files live (organisations' logos now; attachments and certificates
//! later): one interface over the `object_store` crate, chosen by configuration.
//!
//! - unset `storage_url` (the default): files under `files_dir` on the local disk, for one
//!   instance or a shared volume;
//! - `s3://bucket/prefix`: an S3-compatible object store (AWS, MinIO, Ceph, moto…), its
//!   endpoint, region and credentials from the standard `AWS_*` environment variables
//!   (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!   `AWS_ALLOW_HTTP`), so that several instances share the files.
//!
//! Keys are chosen by the code (`logos/<organisation>/<sha256>.png`), never by a person:
//! no path a request names reaches the store.
use crate::config::Settings;
use bytes::Bytes;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("storage configuration: {0}")]
    Config(String),
    #[error("storage: {0}")]
    Store(#[from] object_store::Error),
}

/// The file store.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
    kind: &'static str,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("kind", &self.kind)
            .field("prefix", &self.prefix.as_ref())
            .finish()
    }
}

impl Storage {
    /// The store the settings name.
    pub fn open(s: &Settings) -> Result<Self, StorageError> {
        match &s.storage_url {
            None => Self::local(&s.files_dir),
            Some(url) => {
                let options: Vec<(String, String)> = std::env::vars()
                    .filter(|(k, _)| k.starts_with("AWS_"))
                    .collect();
                Self::from_url(url, &options)
            }
        }
    }

    /// Files under a local directory (created when missing).
    pub fn local(dir: &std::path::Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError::Config(format!("{}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Self {
            store: Arc::new(store),
            prefix: Path::default(),
            kind: "local",
        })
    }

    /// `s3://bucket/prefix` with the S3 options (`aws_endpoint`, `AWS_REGION`… as
    /// `object_store` names them), or `file:///absolute/dir`.
    pub fn from_url(url: &str, options: &[(String, String)]) -> Result<Self, StorageError> {
        if let Some(dir) = url.strip_prefix("file://") {
            return Self::local(std::path::Path::new(dir));
        }
        let Some(rest) = url.strip_prefix("s3://") else {
            return Err(StorageError::Config(
                "storage_url must be s3://bucket[/prefix] or file:///dir".into(),
            ));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(StorageError::Config("storage_url names no bucket".into()));
        }
        let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
        for (k, v) in options {
            let key = k.to_ascii_lowercase();
            if let Ok(key) = key.parse::<AmazonS3ConfigKey>() {
                builder = builder.with_config(key, v.clone());
            }
        }
        let store = builder.build()?;
        Ok(Self {
            store: Arc::new(store),
            prefix: Path::from(prefix.trim_matches('/')),
            kind: "s3",
        })
    }

    /// `local` or `s3`, for the logs.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    fn path(&self, key: &str) -> Path {
        let key = Path::from(key);
        Path::from_iter(self.prefix.parts().chain(key.parts()))
    }

    /// Stores `bytes` under `key` (replacing what was there).
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// The bytes under `key`, or `None` when there is nothing.
    pub async fn get(&self, key: &str) -> Result<Option<Bytes>, StorageError> {
        match self.store.get(&self.path(key)).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The keys under `prefix` (`logos/`), sorted: for checks and clean-ups.
    pub async fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        use futures_util::TryStreamExt;
        let base = self.path(prefix);
        let skip = self.prefix.parts().count();
        let mut out: Vec<String> = self
            .store
            .list(Some(&base))
            .map_ok(|m| {
                m.location
                    .parts()
                    .skip(skip)
                    .map(|p| p.as_ref().to_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .try_collect()
            .await?;
        out.sort();
        Ok(out)
    }

    /// Removes `key` (nothing there is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
