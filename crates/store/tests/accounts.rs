//! The account and session story, on SQLite and PostgreSQL.

use mentorhub_domain::account::Role;
use mentorhub_domain::person::Email;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{hash_token, new_token, store_story, Store};

const HOUR: i64 = 3_600_000;

store_story!(
    admin_signs_in_and_sessions_expire,
    |store: Store| async move {
        let now = Timestamp(1_800_000_000_000);
        let email = Email::parse("Admin@Example.org").unwrap();
        let account = store
            .create_admin(&email, "Ada Admin", "hash-1", now)
            .await
            .unwrap();
        let found = store
            .find_account_by_email(" admin@example.ORG ")
            .await
            .unwrap()
            .expect("account by email");
        assert_eq!(found.id, account);
        assert!(found.is_admin && found.active);
        assert_eq!(found.password_hash.as_deref(), Some("hash-1"));
        assert_eq!(
            store
                .roles_of(found.person_id, found.is_admin)
                .await
                .unwrap(),
            vec![Role::Admin]
        );

        let token = new_token();
        store
            .create_session(
                account,
                &hash_token(&token),
                "csrf",
                now,
                Timestamp(now.0 + 24 * HOUR),
            )
            .await
            .unwrap();
        let s = store
            .find_session(&hash_token(&token), Timestamp(now.0 + HOUR), 8 * HOUR)
            .await
            .unwrap()
            .expect("live session");
        assert_eq!(s.account.id, account);
        assert!(store
            .find_session(&hash_token("not-a-token"), now, 8 * HOUR)
            .await
            .unwrap()
            .is_none());

        // Idle for longer than the idle timeout: the session is gone for good.
        assert!(store
            .find_session(&hash_token(&token), Timestamp(now.0 + 10 * HOUR), 8 * HOUR)
            .await
            .unwrap()
            .is_none());
        assert!(store
            .find_session(&hash_token(&token), Timestamp(now.0 + HOUR), 8 * HOUR)
            .await
            .unwrap()
            .is_none());

        // A password change ends every session.
        let t2 = new_token();
        store
            .create_session(
                account,
                &hash_token(&t2),
                "csrf",
                now,
                Timestamp(now.0 + 24 * HOUR),
            )
            .await
            .unwrap();
        store.set_password(account, "hash-2", now).await.unwrap();
        assert!(store
            .find_session(&hash_token(&t2), now, 8 * HOUR)
            .await
            .unwrap()
            .is_none());

        // Creating the same admin again promotes, never duplicates.
        let again = store
            .create_admin(&email, "Ada Admin", "hash-3", now)
            .await
            .unwrap();
        assert_eq!(again, account);
    }
);

store_story!(
    absolute_expiry_ends_a_busy_session,
    |store: Store| async move {
        let now = Timestamp(1_800_000_000_000);
        let email = Email::parse("a@example.org").unwrap();
        let account = store.create_admin(&email, "A", "h", now).await.unwrap();
        let token = new_token();
        store
            .create_session(
                account,
                &hash_token(&token),
                "c",
                now,
                Timestamp(now.0 + 2 * HOUR),
            )
            .await
            .unwrap();
        assert!(store
            .find_session(&hash_token(&token), Timestamp(now.0 + HOUR), 8 * HOUR)
            .await
            .unwrap()
            .is_some());
        assert!(store
            .find_session(&hash_token(&token), Timestamp(now.0 + 2 * HOUR), 8 * HOUR)
            .await
            .unwrap()
            .is_none());
    }
);
