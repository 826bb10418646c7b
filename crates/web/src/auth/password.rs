//! Password hashing with argon2id, off the async threads (it is deliberately slow).

use anyhow::anyhow;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::Mutex;

/// How many password hashes run at once: each takes about 19 MiB and a core
/// for tens of milliseconds, so a burst of sign-ins queues here instead of
/// taking every core and hundreds of megabytes at once.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(cores()))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The working memory of the hashes, kept and reused: one buffer per slot.
/// Allocating 19 MiB per sign-in and freeing it again left the allocator
/// holding hundreds of megabytes after a burst of sign-ins.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `f` with working memory of at least `blocks` blocks.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let taken = MEMORY.lock().unwrap_or_else(|e| e.into_inner()).pop();
    let mut memory = taken.unwrap_or_default();
    if memory.len() < blocks {
        memory = vec![Block::default(); blocks];
    }
    let out = f(&mut memory[..blocks]);
    let mut kept = MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    // Only the usual parameters' size is kept (a hash with bigger parameters,
    // e.g. imported, borrows its memory once).
    if kept.len() < cores() && memory.len() <= Params::DEFAULT_M_COST as usize {
        kept.push(memory);
    }
    out
}

/// argon2id with `params` of `password` and `salt` into `out`.
fn argon2_into(
    params: Params,
    version: Version,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> anyhow::Result<()> {
    let blocks = params.block_count();
    let argon2 = Argon2::new(Algorithm::Argon2id, version, params);
    with_memory(blocks, |memory| {
        argon2.hash_password_into_with_memory(password, salt, out, memory)
    })
    .map_err(|e| anyhow!("hashing failed: {e}"))
}

/// Hashes a password (argon2id, the crate's OWASP-recommended defaults), as a
/// PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    let _slot = hashing_slots().acquire().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        let params = Params::default();
        let mut salt_bytes = [0u8; 64];
        let salt_raw = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| anyhow!("hashing failed: {e}"))?;
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        argon2_into(
            params.clone(),
            Version::V0x13,
            password.as_bytes(),
            salt_raw,
            &mut out,
        )?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: (&params)
                .try_into()
                .map_err(|e| anyhow!("hashing failed: {e}"))?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).map_err(|e| anyhow!("hashing failed: {e}"))?),
        };
        Ok(phc.to_string())
    })
    .await?
}

/// Whether `password` matches `hash` (an argon2id PHC string). A malformed
/// hash never matches; the comparison takes the same time wherever the
/// outputs differ.
pub async fn verify_password(password: String, hash: String) -> anyhow::Result<bool> {
    let _slot = hashing_slots().acquire().await?;
    tokio::task::spawn_blocking(move || {
        let Some((params, version, salt, expected)) = parse(&hash) else {
            return Ok(false);
        };
        let mut out = vec![0u8; expected.len()];
        if argon2_into(params, version, password.as_bytes(), &salt, &mut out).is_err() {
            return Ok(false);
        }
        // `Output`'s equality is constant-time.
        Ok(Output::new(&out).is_ok_and(|o| o == expected))
    })
    .await?
}

/// The parameters, version, raw salt and expected output of an argon2id PHC
/// string.
fn parse(hash: &str) -> Option<(Params, Version, Vec<u8>, Output)> {
    let parsed = PasswordHash::new(hash).ok()?;
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return None;
    }
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::V0x13,
    };
    let expected = parsed.hash?;
    let mut params = Params::try_from(&parsed).ok()?;
    if params.output_len() != Some(expected.len()) {
        params = Params::new(
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            Some(expected.len()),
        )
        .ok()?;
    }
    let mut salt = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt).ok()?.to_vec();
    Some((params, version, salt, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_salted() {
        let a = hash_password("correct horse".into()).await.unwrap();
        let b = hash_password("correct horse".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify_password("correct horse".into(), a.clone())
            .await
            .unwrap());
        assert!(!verify_password("wrong horse".into(), a).await.unwrap());
        assert!(!verify_password("x".into(), "not a hash".into())
            .await
            .unwrap());
        // A hash made by the crate's own API (as every stored hash so far was)
        // verifies the same way.
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let crate_made = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password("correct horse".into(), crate_made.clone())
            .await
            .unwrap());
        assert!(!verify_password("correct horsf".into(), crate_made.clone())
            .await
            .unwrap());
        // Its output truncated: no longer the same hash.
        let cut = &crate_made[..crate_made.len() - 4];
        assert!(!verify_password("correct horse".into(), cut.into())
            .await
            .unwrap());
    }
}
