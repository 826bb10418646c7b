//! Meetings: the mentee's agenda, contact logged, the question for next time,
//! and calendar invites that a calendar parser accepts.

mod common;

use common::*;
use icalendar::{Calendar, CalendarComponent, Component};
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::{TestApp, TODAY};
use reqwest::StatusCode;

mentorhub_web::app_story!(
    a_logged_meeting_records_contact_and_the_mentee_sets_the_agenda,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        let (_, form) = page(&w.mentor, &w.rel("/meetings/new")).await;
        assert!(
            form.contains("Eli Mentee proposes the agenda"),
            "the page says the mentee drives it"
        );
        assert!(
            !form.contains("name=\"agenda\""),
            "a mentor has no agenda field"
        );
        let (status, _, body) = post_form(
            &w.mentor,
            &w.rel("/meetings"),
            &[
                ("starts_at", "2026-11-20T10:00"),
                ("duration_minutes", "45"),
                ("mode", "video"),
                ("status", "held"),
                ("agenda", "Mentor's agenda"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("the mentee proposes the agenda"));

        let (status, _, _) = post_form(
            &w.mentee,
            &w.rel("/meetings"),
            &[
                ("starts_at", "2026-11-20T10:00"),
                ("duration_minutes", "45"),
                ("mode", "video"),
                ("status", "held"),
                ("agenda", "Delegation, my first 90 days"),
                ("next_meeting_at", "2026-12-04T10:00"),
                ("question_for_next", "Which decision did you put off?"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let summary = w
            .app
            .store
            .get_relationship_summary(w.relationship)
            .await
            .unwrap();
        assert_eq!(
            summary.last_contact_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-20T10:00:00Z"),
            "contact recorded"
        );

        let (_, next) = page(&w.mentee, &w.rel("/meetings/new")).await;
        assert!(
            next.contains("The question posed last time:</strong> Which decision did you put off?")
        );
        assert!(
            next.contains("value=\"2026-12-04T10:00\""),
            "prefilled with the agreed next meeting"
        );

        let (status, _, body) = post_form(
            &w.mentee,
            &w.rel("/meetings"),
            &[
                ("starts_at", "tomorrow"),
                ("duration_minutes", "an hour"),
                ("mode", "video"),
                ("agenda", "KEEP-THIS-AGENDA"),
                ("next_meeting_at", "in a fortnight"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("KEEP-THIS-AGENDA"));
        // Every field that is wrong says so, not only the first.
        for (id, message) in [
            ("starts-error", "give the date and time of the meeting"),
            ("duration-error", "give the length in minutes"),
            ("next-error", "give the date and time of the next meeting"),
        ] {
            assert!(
                body.contains(&format!("id=\"{id}\">{message}</p>")),
                "{message} next to its field"
            );
        }
    }
);

mentorhub_web::app_story!(
    a_meeting_downloads_as_a_calendar_invite_without_notes,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        let start = TODAY.plus_days(7).to_rfc3339();
        let agenda = "Strategy; delegation, and a very long line about the quarterly business review that must be folded";
        let r = w
            .mentee
            .client
            .post(w.api("/meetings"))
            .json(&serde_json::json!({
                "starts_at": start, "duration_minutes": 60, "mode": "in_person", "agenda": agenda
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let id = r.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = w
            .mentee
            .client
            .put(w.api(&format!("/meetings/{id}/note")))
            .json(&serde_json::json!({"body": "SECRET-NOTE", "shared": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);

        let r = w
            .mentor
            .client
            .get(w.rel(&format!("/meetings/{id}.ics")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let ics = r.text().await.unwrap();
        assert!(
            ics.lines().count() > 5 && ics.split("\r\n").all(|l| !l.contains('\n')),
            "CRLF line endings"
        );
        assert!(
            ics.split("\r\n").all(|l| l.len() <= 75),
            "folded at 75 octets"
        );
        assert!(!ics.contains("SECRET-NOTE"), "never the notes");

        let calendar: Calendar = ics.parse().expect("a calendar parser accepts it");
        let event = calendar
            .components
            .iter()
            .find_map(|c| match c {
                CalendarComponent::Event(e) => Some(e.clone()),
                _ => None,
            })
            .expect("one event");
        assert!(event
            .get_summary()
            .unwrap()
            .contains("Eli Mentee and Maya Mentor"));
        assert!(
            event.get_description().unwrap().contains(agenda),
            "the agenda, unescaped"
        );
        assert_eq!(event.property_value("DTSTART"), Some("20261130T120000Z"));
        assert_eq!(event.property_value("DTEND"), Some("20261130T130000Z"));
        assert!(event
            .get_uid()
            .unwrap()
            .starts_with(&format!("meeting-{id}-")));
        assert!(event.property_value("DTSTAMP").is_some());
        assert!(event
            .property_value("ORGANIZER")
            .unwrap()
            .contains("mee@example.org"));

        let api = w
            .mentee
            .client
            .get(w.api(&format!("/meetings/{id}/ics")))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::OK);
        assert_eq!(
            page(&w.manager, &w.rel(&format!("/meetings/{id}.ics")))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            page(&w.stranger, &w.rel(&format!("/meetings/{id}.ics")))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }
);
