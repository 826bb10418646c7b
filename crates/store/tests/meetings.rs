//! Meetings, private notes, check-ins and closing reflections.

mod common;

use common::*;
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{store_story, Store, StoreError};

fn meeting(starts_at: Timestamp, status: MeetingStatus) -> MeetingInput {
    MeetingInput {
        starts_at,
        duration_minutes: 45,
        mode: MeetingMode::Video,
        status,
        agenda: "Goals for the quarter".into(),
        next_meeting_at: Some(Timestamp(starts_at.0 + 14 * DAY)),
        question_for_next: "What decision did you delay this month, and why?".into(),
    }
}

store_story!(
    a_held_meeting_counts_as_contact,
    |store: Store| async move {
        let p = pair(&store).await;
        let day = |d: i64| Timestamp(NOW.0 + d * DAY);
        let planned = store
            .create_meeting(
                p.relationship,
                meeting(day(7), MeetingStatus::Scheduled),
                p.mentee,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .get_relationship_summary(p.relationship)
                .await
                .unwrap()
                .last_contact_at,
            None,
            "planned is not contact"
        );

        let held = store
            .update_meeting(
                planned.id,
                meeting(day(7), MeetingStatus::Held),
                planned.version,
                day(8),
            )
            .await
            .unwrap();
        assert_eq!((held.status, held.version), (MeetingStatus::Held, 2));
        assert_eq!(
            store
                .get_relationship_summary(p.relationship)
                .await
                .unwrap()
                .last_contact_at,
            Some(day(7))
        );
        let err = store
            .update_meeting(
                planned.id,
                meeting(day(9), MeetingStatus::Scheduled),
                planned.version,
                day(8),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion("meeting")));

        store
            .create_meeting(
                p.relationship,
                meeting(day(1), MeetingStatus::Held),
                p.mentor,
                day(2),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .get_relationship_summary(p.relationship)
                .await
                .unwrap()
                .last_contact_at,
            Some(day(7)),
            "the latest contact stays"
        );
        let list = store.list_meetings(p.relationship).await.unwrap();
        assert_eq!(
            list.iter().map(|m| m.starts_at).collect::<Vec<_>>(),
            [day(1), day(7)]
        );
        assert_eq!(
            list[1].question_for_next,
            "What decision did you delay this month, and why?"
        );

        let future_held = meeting(day(30), MeetingStatus::Held);
        assert!(store
            .create_meeting(p.relationship, future_held, p.mentee, NOW)
            .await
            .unwrap_err()
            .to_string()
            .starts_with("starts_at"));
    }
);

store_story!(
    meeting_notes_are_private_unless_shared,
    |store: Store| async move {
        let p = pair(&store).await;
        let m = store
            .create_meeting(
                p.relationship,
                meeting(NOW, MeetingStatus::Held),
                p.mentee,
                NOW,
            )
            .await
            .unwrap();
        store
            .save_meeting_note(
                m.id,
                p.mentee,
                "I avoid conflict with my director",
                false,
                NOW,
            )
            .await
            .unwrap();
        store
            .save_meeting_note(m.id, p.mentor, "Try the two-column exercise", true, NOW)
            .await
            .unwrap();
        let outsider = person(&store, "X1", "Xavi Admin").await;
        assert!(matches!(
            store
                .save_meeting_note(m.id, outsider, "sneaky", true, NOW)
                .await,
            Err(StoreError::NotFound(_))
        ));

        let mentee_sees: Vec<String> = store
            .list_meeting_notes_for(m.id, p.mentee)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.note.body)
            .collect();
        assert_eq!(mentee_sees.len(), 2);
        let mentor_sees: Vec<String> = store
            .list_meeting_notes_for(m.id, p.mentor)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.note.body)
            .collect();
        assert_eq!(
            mentor_sees,
            ["Try the two-column exercise"],
            "the mentee's private note stays private"
        );
        assert!(
            store
                .list_meeting_notes_for(m.id, outsider)
                .await
                .unwrap()
                .is_empty(),
            "admins and managers never see notes"
        );

        // Sharing later makes it visible; the note is rewritten in place.
        store
            .save_meeting_note(
                m.id,
                p.mentee,
                "I avoid conflict with my director",
                true,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .list_meeting_notes_for(m.id, p.mentor)
                .await
                .unwrap()
                .len(),
            2
        );
    }
);

store_story!(
    checkins_fall_due_once_and_each_answers_their_own,
    |store: Store| async move {
        let p = pair(&store).await;
        let due = Timestamp(NOW.0 + 30 * DAY);
        assert_eq!(
            store
                .create_due_checkins(p.relationship, 30, due)
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            store
                .create_due_checkins(p.relationship, 30, due)
                .await
                .unwrap(),
            0,
            "the scheduler may run twice"
        );
        let all = store.list_checkins(p.relationship).await.unwrap();
        assert_eq!(all.len(), 2);
        let mine = store.list_checkins_of_person(p.mentee, true).await.unwrap();
        assert_eq!(mine.len(), 1);
        let answer = CheckInAnswer::new(true, 4, "More structure between meetings", due).unwrap();
        assert!(
            matches!(
                store.answer_checkin(mine[0].id, p.mentor, &answer).await,
                Err(StoreError::NotFound(_))
            ),
            "not theirs"
        );
        store
            .answer_checkin(mine[0].id, p.mentee, &answer)
            .await
            .unwrap();
        assert_eq!(
            store.get_checkin(mine[0].id).await.unwrap().answer,
            Some(answer)
        );
        assert!(store
            .list_checkins_of_person(p.mentee, true)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            store
                .list_checkins_of_person(p.mentee, false)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(store
            .get_checkin(all.iter().find(|c| c.person_id == p.mentor).unwrap().id)
            .await
            .unwrap()
            .answer
            .is_none());
    }
);

store_story!(
    each_writes_one_closing_reflection,
    |store: Store| async move {
        let p = pair(&store).await;
        store
            .save_reflection(p.relationship, p.mentee, "First draft", NOW)
            .await
            .unwrap();
        store
            .save_reflection(p.relationship, p.mentee, "I learnt to decide faster", NOW)
            .await
            .unwrap();
        store
            .save_reflection(p.relationship, p.mentor, "Eli grew into the role", NOW)
            .await
            .unwrap();
        let all = store.list_reflections(p.relationship).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all.iter().find(|r| r.person_id == p.mentee).unwrap().body,
            "I learnt to decide faster"
        );
    }
);
