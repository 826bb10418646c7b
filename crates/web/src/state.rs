//! What every handler can reach: the store, the clock and the configuration.

use crate::clock::Clock;
use crate::config::Config;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::Store;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    clock: Arc<dyn Clock>,
    config: Config,
    /// A real hash of a random password, verified against when an email is
    /// unknown so that sign-in takes as long for unknown and known accounts.
    dummy_hash: String,
    /// What areas keep between requests of this instance (one value per type).
    shared: Mutex<axum::http::Extensions>,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: Config, dummy_hash: String) -> Self {
        AppState(Arc::new(Inner {
            store,
            clock,
            config,
            dummy_hash,
            shared: Mutex::new(axum::http::Extensions::new()),
        }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn now(&self) -> Timestamp {
        self.0.clock.now()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.0.clock
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn dummy_hash(&self) -> &str {
        &self.0.dummy_hash
    }

    /// The instance's one value of type `T` (made with `T::default()` on first
    /// use): how an area keeps a cache between requests without the kit knowing
    /// its type. `T` is a cheap handle (e.g. an `Arc`), cloned out.
    pub fn shared<T: Default + Clone + Send + Sync + 'static>(&self) -> T {
        let mut map = self.0.shared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = map.get::<T>() {
            return v.clone();
        }
        let v = T::default();
        map.insert(v.clone());
        v
    }
}
