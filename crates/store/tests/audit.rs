//! The audit log: recorded and read back in pages.

mod common;

use common::*;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{store_story, Store};

store_story!(
    the_audit_log_pages_newest_first,
    |store: Store| async move {
        let ada = person(&store, "A1", "Ada Admin").await;
        for i in 0..5 {
            store
                .record_audit(
                    Some(ada),
                    "programme.update",
                    &format!("programme:{i}"),
                    "",
                    Timestamp(NOW.0 + i),
                )
                .await
                .unwrap();
        }
        store
            .record_audit(
                None,
                "dormancy.sweep",
                "",
                "2 declared dormant",
                Timestamp(NOW.0 + 10),
            )
            .await
            .unwrap();
        assert_eq!(store.count_audit().await.unwrap(), 6);
        let first = store.list_audit(2, 0).await.unwrap();
        assert_eq!(
            (first[0].action.as_str(), first[0].actor_name.as_deref()),
            ("dormancy.sweep", None)
        );
        assert_eq!(
            (first[1].subject.as_str(), first[1].actor_name.as_deref()),
            ("programme:4", Some("Ada Admin"))
        );
        let last = store.list_audit(2, 4).await.unwrap();
        assert_eq!(
            last.iter().map(|e| e.subject.as_str()).collect::<Vec<_>>(),
            ["programme:1", "programme:0"]
        );
    }
);
