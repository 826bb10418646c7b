//! Every table and every column that refers to a person is accounted for by
//! the export and the erasure: adding one without deciding what happens to it
//! fails here, on both databases.

use mentorhub_store::privacy_queries::{ForeignKey, LINKED_TABLES, NO_PERSON_DATA, PERSON_COLUMNS};
use mentorhub_web::testing::TestApp;
use std::collections::BTreeSet;

fn app_api() -> axum::Router<mentorhub_web::AppState> {
    mentorhub_privacy::api().split_for_parts().0
}

mentorhub_web::app_story!(
    every_person_column_of_the_schema_is_covered_by_export_and_erasure,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let fks = app.store.schema_foreign_keys().await.unwrap();
        assert!(!fks.is_empty(), "the schema's foreign keys are readable");

        // Columns that refer to a person: foreign keys to people or accounts.
        let mut in_schema: BTreeSet<(String, String)> = fks
            .iter()
            .filter(|f| f.target == "people" || f.target == "accounts")
            .map(|f| (f.table.clone(), f.column.clone()))
            .collect();
        in_schema.insert(("people".into(), "id".into()));
        let covered: BTreeSet<(String, String)> = PERSON_COLUMNS
            .iter()
            .map(|c| (c.table.to_string(), c.column.to_string()))
            .collect();
        let missing: Vec<_> = in_schema.difference(&covered).collect();
        assert!(
            missing.is_empty(),
            "person columns with no export or erasure rule (add them to PERSON_COLUMNS in store/src/privacy_queries.rs and handle them): {missing:?}"
        );
        let stale: Vec<_> = covered.difference(&in_schema).collect();
        assert!(
            stale.is_empty(),
            "PERSON_COLUMNS names columns the schema lacks: {stale:?}"
        );

        // Tables reached from a person through other keys (enrolments,
        // relationships…) hold person data too.
        let mut linked: BTreeSet<String> = ["people".to_string()].into();
        loop {
            let before = linked.len();
            for ForeignKey { table, target, .. } in &fks {
                if linked.contains(target) {
                    linked.insert(table.clone());
                }
            }
            if linked.len() == before {
                break;
            }
        }
        let accounted: BTreeSet<String> = PERSON_COLUMNS
            .iter()
            .map(|c| c.table.to_string())
            .chain(LINKED_TABLES.iter().map(|(t, _)| t.to_string()))
            .collect();
        let unaccounted: Vec<_> = linked.difference(&accounted).collect();
        assert!(
            unaccounted.is_empty(),
            "tables linked to a person with no rule: {unaccounted:?}"
        );

        // And every other table is declared free of person data.
        let declared: BTreeSet<String> = accounted
            .iter()
            .cloned()
            .chain(NO_PERSON_DATA.iter().map(|(t, _)| t.to_string()))
            .collect();
        for table in app.store.schema_tables().await.unwrap() {
            assert!(
                declared.contains(&table),
                "table {table} is neither covered nor declared free of person data"
            );
        }
    }
);
