//! The programmes area's queries: qualification, training progress, built-in
//! resources and announcement counts.

mod common;

use common::*;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::training::{Audience, Resource, ResourceKind};
use mentorhub_domain::{ProgrammeId, ResourceId};
use mentorhub_store::{store_story, NewNotification, SeedResource, Store};

fn required_training(programme: ProgrammeId) -> Resource {
    Resource {
        id: ResourceId(0),
        programme_id: Some(programme),
        title: "Mentoring essentials".into(),
        kind: ResourceKind::Training,
        audience: Audience::Mentor,
        body: "How to coach without managing".into(),
        link: None,
        required: true,
    }
}

store_story!(
    only_approved_and_trained_mentors_are_qualified,
    |store: Store| async move {
        let mut value = programme_value("Finance leaders");
        value.mentor_training_required = true;
        let g = store.create_programme(&value, NOW).await.unwrap();
        let ann = person(&store, "M1", "Ann Approved").await;
        let tom = person(&store, "M2", "Tom Trained").await;
        let pat = person(&store, "M3", "Pat Pending").await;
        let e_ann = enrol(&store, g, ann, ParticipantRole::Mentor).await;
        let e_tom = enrol(&store, g, tom, ParticipantRole::Mentor).await;
        enrol(&store, g, pat, ParticipantRole::Mentor).await;
        for e in [e_ann, e_tom] {
            store
                .decide_mentor_application(e, true, "", ann, NOW)
                .await
                .unwrap();
        }
        let training = store
            .create_resource(&required_training(g), NOW)
            .await
            .unwrap();
        store
            .mark_resource_complete(training, tom, NOW)
            .await
            .unwrap();

        let qualified = store.qualified_mentors(g).await.unwrap();
        assert_eq!(qualified.len(), 1);
        assert_eq!(qualified[0].person_id, tom);
        assert!(store.is_qualified_mentor(g, tom).await.unwrap());
        assert!(!store.is_qualified_mentor(g, ann).await.unwrap());
        assert!(!store.is_qualified_mentor(g, pat).await.unwrap());

        let progress = store.training_progress(g).await.unwrap();
        let ann_row = progress.iter().find(|p| p.person_id == ann).unwrap();
        assert_eq!((ann_row.required_done, ann_row.required_total), (0, 1));
        assert!(progress
            .iter()
            .find(|p| p.person_id == tom)
            .unwrap()
            .complete());

        // Without the programme's training rule, approval alone qualifies.
        let mut relaxed = store.get_programme(g).await.unwrap();
        relaxed.mentor_training_required = false;
        store.update_programme(&relaxed, NOW).await.unwrap();
        assert_eq!(store.qualified_mentors(g).await.unwrap().len(), 2);
    }
);

store_story!(
    built_in_resources_are_seeded_once_and_never_beside_the_demo_s,
    |store: Store| async move {
        let seeds = [
            SeedResource {
                seed_key: "builtin:self-assessment",
                title: "Self-assessment",
                kind: ResourceKind::SelfAssessment,
                audience: Audience::Mentee,
                body: "Which skills?",
            },
            SeedResource {
                seed_key: "builtin:agenda",
                title: "First meeting agenda",
                kind: ResourceKind::AgendaTemplate,
                audience: Audience::Everyone,
                body: "Introductions",
            },
        ];
        // An agenda template already exists (as the demo loader writes one).
        let mut agenda = required_training(ProgrammeId(0));
        agenda.programme_id = None;
        agenda.required = false;
        agenda.kind = ResourceKind::AgendaTemplate;
        agenda.title = "Demo agenda".into();
        store.create_resource(&agenda, NOW).await.unwrap();

        assert_eq!(
            store.ensure_builtin_resources(&seeds, NOW).await.unwrap(),
            1
        );
        assert_eq!(
            store.ensure_builtin_resources(&seeds, NOW).await.unwrap(),
            0
        );
        let titles: Vec<String> = store
            .list_resources(None)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(titles, vec!["Demo agenda", "Self-assessment"]);
    }
);

store_story!(
    announcements_are_counted_per_programme_and_admins_listed,
    |store: Store| async move {
        let g = programme(&store, "Finance leaders").await;
        let other = programme(&store, "Sales leaders").await;
        let ada = person(&store, "A1", "Ada Admin").await;
        let bo = person(&store, "B1", "Bo Member").await;
        let account = store.ensure_account(ada, NOW).await.unwrap();
        store.set_admin(account, true).await.unwrap();
        store.ensure_account(bo, NOW).await.unwrap();
        let admins = store.list_admin_people().await.unwrap();
        assert_eq!(admins.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ada]);

        for (prog, who) in [(g, ada), (g, bo), (other, bo)] {
            let n = NewNotification {
                kind: NotificationKind::Announcement,
                recipient_person_id: Some(who),
                recipient_email: "x@example.org".into(),
                subject: "Welcome".into(),
                body_text: "Hello".into(),
                body_html: "<p>Hello</p>".into(),
                dedupe_key: format!("announcement:{}:{}", prog.0, who.0),
            };
            store.enqueue_notification(&n, NOW).await.unwrap();
        }
        assert_eq!(store.count_announcement_messages(g).await.unwrap(), 2);
        assert_eq!(store.count_announcement_messages(other).await.unwrap(), 1);
    }
);
