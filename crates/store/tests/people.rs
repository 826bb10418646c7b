//! People: bulk loading, the directory and the management line, on both databases.

mod common;

use common::*;
use mentorhub_domain::person::NewPerson;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::{hash_token, store_story, ImportSummary, PeopleFilter, Store, StoreError};

fn org() -> Vec<NewPerson> {
    // Reports come before their managers on purpose: a batch resolves managers
    // anywhere in itself.
    vec![
        new_person("E3", "Cara Analyst", Some("E2"), 3),
        new_person("E2", "Ben Lead", Some("E1"), 8),
        new_person("E1", "Ada Chief", None, 14),
        new_person("E4", "Dev Analyst", Some("E2"), 3),
    ]
}

store_story!(
    a_batch_resolves_managers_anywhere_in_it,
    |store: Store| async move {
        let ids = store.create_people(&org(), NOW).await.unwrap();
        assert_eq!(ids.len(), 4);
        let cara = store.get_person(ids[0]).await.unwrap();
        assert_eq!(cara.name, "Cara Analyst");
        assert_eq!(cara.manager_id, Some(ids[1]));
        assert_eq!(
            store
                .get_person_by_employee_id("E1")
                .await
                .unwrap()
                .unwrap()
                .id,
            ids[2]
        );
        assert_eq!(
            store
                .get_person_by_email(" E4@Example.org ")
                .await
                .unwrap()
                .unwrap()
                .id,
            ids[3]
        );
        assert!(store
            .get_person_by_employee_id("nobody")
            .await
            .unwrap()
            .is_none());
        assert!(matches!(
            store.get_person(PersonId(999_999)).await,
            Err(StoreError::NotFound(_))
        ));

        let chain: Vec<String> = store
            .management_chain(ids[0])
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(chain, ["Ben Lead", "Ada Chief"], "nearest manager first");
        let reports: Vec<String> = store
            .direct_reports(ids[1])
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(reports, ["Cara Analyst", "Dev Analyst"]);
    }
);

store_story!(
    an_unknown_manager_or_a_duplicate_email_commits_nothing,
    |store: Store| async move {
        let mut people = org();
        people[3].manager_employee_id = Some("E99".into());
        let err = store.create_people(&people, NOW).await.unwrap_err();
        assert!(err.to_string().contains("E99"), "{err}");
        assert_eq!(
            store.count_people(&PeopleFilter::default()).await.unwrap(),
            0,
            "nothing partial"
        );

        let mut people = org();
        people[3].email = people[0].email.clone();
        assert!(matches!(
            store.create_people(&people, NOW).await,
            Err(StoreError::Conflict { .. })
        ));
        assert_eq!(
            store.count_people(&PeopleFilter::default()).await.unwrap(),
            0
        );
    }
);

store_story!(
    reimporting_updates_and_never_duplicates,
    |store: Store| async move {
        assert_eq!(
            store.import_people(&org(), NOW).await.unwrap(),
            ImportSummary {
                created: 4,
                updated: 0
            }
        );
        let mut again = org();
        again[0].name = "Cara Senior Analyst".into();
        again[0].manager_employee_id = Some("E1".into());
        again[3].manager_employee_id = None;
        let later = Timestamp(NOW.0 + DAY);
        assert_eq!(
            store.import_people(&again, later).await.unwrap(),
            ImportSummary {
                created: 0,
                updated: 4
            }
        );
        assert_eq!(
            store
                .count_people(&PeopleFilter {
                    active: None,
                    ..Default::default()
                })
                .await
                .unwrap(),
            4
        );
        let cara = store
            .get_person_by_employee_id("E3")
            .await
            .unwrap()
            .unwrap();
        let ada = store
            .get_person_by_employee_id("E1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (cara.name.as_str(), cara.manager_id),
            ("Cara Senior Analyst", Some(ada.id))
        );
        assert_eq!(
            store
                .get_person_by_employee_id("E4")
                .await
                .unwrap()
                .unwrap()
                .manager_id,
            None
        );
    }
);

store_story!(the_directory_filters_and_pages, |store: Store| async move {
    let mut people = org();
    people[1].location = "Dublin".into();
    people[1].function = "Sales".into();
    people.push(new_person("E5", "Zoë 100%_Match", None, 4));
    store.create_people(&people, NOW).await.unwrap();

    let names = |v: Vec<mentorhub_domain::person::Person>| {
        v.into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    let all = PeopleFilter::default();
    assert_eq!(
        names(store.list_people(&all).await.unwrap()),
        [
            "Ada Chief",
            "Ben Lead",
            "Cara Analyst",
            "Dev Analyst",
            "Zoë 100%_Match"
        ]
    );
    let search = PeopleFilter {
        search: Some("analyst".into()),
        ..Default::default()
    };
    assert_eq!(
        names(store.list_people(&search).await.unwrap()),
        ["Cara Analyst", "Dev Analyst"]
    );
    let wildcard = PeopleFilter {
        search: Some("%_".into()),
        ..Default::default()
    };
    assert_eq!(
        names(store.list_people(&wildcard).await.unwrap()),
        ["Zoë 100%_Match"],
        "wildcards are literal"
    );
    let dublin = PeopleFilter {
        location: Some("dublin".into()),
        ..Default::default()
    };
    assert_eq!(
        names(store.list_people(&dublin).await.unwrap()),
        ["Ben Lead"]
    );
    let sales = PeopleFilter {
        function: Some("Sales".into()),
        ..Default::default()
    };
    assert_eq!(store.count_people(&sales).await.unwrap(), 1);
    let page2 = PeopleFilter {
        limit: 2,
        offset: 2,
        ..Default::default()
    };
    assert_eq!(
        names(store.list_people(&page2).await.unwrap()),
        ["Cara Analyst", "Dev Analyst"]
    );
    assert_eq!(
        store.count_people(&page2).await.unwrap(),
        5,
        "the count ignores paging"
    );
});

store_story!(
    a_management_loop_in_hr_data_does_not_run_away,
    |store: Store| async move {
        let ids = store
            .create_people(
                &[
                    new_person("A", "Ann", Some("C"), 5),
                    new_person("B", "Bob", Some("A"), 5),
                    new_person("C", "Cat", Some("B"), 5),
                ],
                NOW,
            )
            .await
            .unwrap();
        let chain: Vec<PersonId> = store
            .management_chain(ids[0])
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(
            chain,
            [ids[2], ids[1]],
            "the loop is followed once, then stops"
        );
    }
);

store_story!(
    deactivating_a_person_signs_them_out,
    |store: Store| async move {
        let id = store
            .create_person(&new_person("E1", "Ada Chief", None, 14), NOW)
            .await
            .unwrap();
        let account = store.ensure_account(id, NOW).await.unwrap();
        store
            .create_session(
                account,
                &hash_token("t"),
                "csrf",
                NOW,
                Timestamp(NOW.0 + DAY),
            )
            .await
            .unwrap();
        store.set_person_active(id, false, NOW).await.unwrap();
        assert!(!store.get_person(id).await.unwrap().active);
        assert!(store
            .find_session(&hash_token("t"), NOW, DAY)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            store.count_people(&PeopleFilter::default()).await.unwrap(),
            0,
            "the directory lists active people"
        );
        store.set_person_active(id, true, NOW).await.unwrap();
        assert!(store.get_person(id).await.unwrap().active);
    }
);

/// `MENTORHUB_BULK_PEOPLE=100000` measures a full-size organisation.
fn bulk_size() -> usize {
    std::env::var("MENTORHUB_BULK_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

store_story!(
    a_large_organisation_loads_in_one_batch,
    |store: Store| async move {
        let n = bulk_size();
        let people: Vec<NewPerson> = (0..n)
            .map(|i| {
                let manager = (i > 0).then(|| format!("P{}", (i - 1) / 8));
                new_person(
                    &format!("P{i}"),
                    &format!("Person {i}"),
                    manager.as_deref(),
                    5,
                )
            })
            .collect();
        let started = std::time::Instant::now();
        let ids = store.create_people(&people, NOW).await.unwrap();
        eprintln!(
            "{n} people on {:?}: {:?}",
            store.backend(),
            started.elapsed()
        );
        assert_eq!(ids.len(), n);
        assert_eq!(
            store.count_people(&PeopleFilter::default()).await.unwrap(),
            n as i64
        );
        let deepest = store.management_chain(ids[n - 1]).await.unwrap();
        assert_eq!(deepest.last().unwrap().employee_id, "P0");
    }
);
