//! Dates and times in each person's own time zone and date style, on the demo
//! organisation: the same meeting reads in New York and in London time, a time
//! typed in a form is read in the typist's zone, and settings that do not exist
//! are refused next to their field.

mod common;

use common::TestApp;
use serde_json::{json, Value};

const PASSWORD: &str = mentorhub_demo::DEMO_PASSWORD;
const MENTEE: &str = "mentee@demo.mentorhub.test";
const MENTOR: &str = "mentor@demo.mentorhub.test";

/// A signed-in browser and its form token.
struct Person {
    client: reqwest::Client,
    csrf: String,
}

async fn sign_in(app: &TestApp, email: &str) -> Person {
    let client = app.signed_in(email, PASSWORD).await;
    let page = client
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the account page carries a form token")
        .to_string();
    Person { client, csrf }
}

impl Person {
    async fn page(&self, app: &TestApp, path: &str) -> String {
        let r = self.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.unwrap()
    }

    async fn post(&self, app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut fields = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        let r = self
            .client
            .post(app.url(path))
            .form(&fields)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn json(&self, app: &TestApp, path: &str) -> Value {
        self.client
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// The demo mentee's open relationship with the demo mentor (Hannah Singh).
/// A form field's HTML on `page`: from its input to the end of its group,
/// where the error and the typed value are.
fn field_html<'a>(page: &'a str, id: &str) -> &'a str {
    page.split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .unwrap_or_else(|| panic!("the page has no field {id}"))
}

async fn demo_relationship(app: &TestApp, mentee: &Person) -> i64 {
    let list = mentee.json(app, "/api/v1/relationships").await;
    list["as_mentee"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["mentor_name"] == "Hannah Singh" && r["open"] == true)
        .expect("the demo mentee is mentored by Hannah Singh")["id"]
        .as_i64()
        .unwrap()
}

app_story!(
    a_person_in_new_york_and_one_in_london_see_the_same_meeting_at_their_own_times,
    demo = true,
    |app: TestApp| async move {
        // The mentee works in New York and sets that on her account page.
        let mentee = sign_in(&app, MENTEE).await;
        let (status, page) = mentee
            .post(
                &app,
                "/account",
                &[("time_zone", "America/New_York"), ("date_style", "en-US")],
            )
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("Saved. Times are now shown in America/New_York"));
        assert!(page.contains("Times are shown in America/New_York."));

        // The mentor, in London, sets his through the API.
        let mentor = sign_in(&app, MENTOR).await;
        let r = mentor
            .client
            .put(app.url("/api/v1/me/settings"))
            .json(&json!({"time_zone": "Europe/London", "date_style": "en-GB"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let me: Value = r.json().await.unwrap();
        assert_eq!(me["time_zone"], "Europe/London");
        let me = mentee.json(&app, "/api/v1/me").await;
        assert_eq!(me["time_zone"], "America/New_York");
        assert_eq!(me["date_style"], "en-US");

        // She plans a meeting at 9:30 in the morning, her time.
        let id = demo_relationship(&app, &mentee).await;
        let form = mentee
            .page(&app, &format!("/relationships/{id}/meetings/new"))
            .await;
        assert!(form.contains("Date and time (America/New_York)"));
        let (status, _) = mentee
            .post(
                &app,
                &format!("/relationships/{id}/meetings"),
                &[
                    ("starts_at", "2026-12-01T09:30"),
                    ("duration_minutes", "45"),
                    ("mode", "video"),
                    ("status", "scheduled"),
                    ("agenda", "Which calls are mine to make"),
                ],
            )
            .await;
        assert_eq!(status, 303, "saved");

        // It is stored as the instant she meant: 14:30 UTC.
        let meetings = mentee
            .json(&app, &format!("/api/v1/relationships/{id}/meetings"))
            .await;
        let meeting = meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["agenda"] == "Which calls are mine to make")
            .expect("the meeting is listed");
        assert_eq!(meeting["starts_at"], "2026-12-01T14:30:00Z");
        let mid = meeting["id"].as_i64().unwrap();

        // Each reads it in their own time.
        let hers = mentee.page(&app, &format!("/relationships/{id}")).await;
        assert!(
            hers.contains("Dec 1, 2026, 9:30 AM EST"),
            "the mentee sees New York time"
        );
        let his = mentor.page(&app, &format!("/relationships/{id}")).await;
        assert!(
            his.contains("1 Dec 2026, 14:30 GMT"),
            "the mentor sees London time"
        );
        assert!(!his.contains("9:30 AM EST"));

        // Changing it starts from the time she typed, and from his for him.
        let edit = mentee
            .page(&app, &format!("/relationships/{id}/meetings/{mid}"))
            .await;
        assert!(edit.contains("value=\"2026-12-01T09:30\""));
        let edit = mentor
            .page(&app, &format!("/relationships/{id}/meetings/{mid}"))
            .await;
        assert!(edit.contains("value=\"2026-12-01T14:30\""));
    }
);

app_story!(
    a_time_the_clocks_skip_is_refused_next_to_the_field,
    demo = true,
    |app: TestApp| async move {
        let mentor = sign_in(&app, MENTOR).await;
        let (status, _) = mentor
            .post(&app, "/account", &[("time_zone", "Europe/London")])
            .await;
        assert_eq!(status, 200);
        let id = {
            let mentee = sign_in(&app, MENTEE).await;
            demo_relationship(&app, &mentee).await
        };
        // In London the clocks go from 01:00 to 02:00 on 28 March 2027.
        let (status, page) = mentor
            .post(
                &app,
                &format!("/relationships/{id}/meetings"),
                &[
                    ("starts_at", "2027-03-28T01:30"),
                    ("mode", "video"),
                    ("status", "scheduled"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        let field = field_html(&page, "starts_at");
        assert!(field.contains("aria-invalid=\"true\""));
        assert!(
            field.contains("value=\"2027-03-28T01:30\""),
            "what was typed is kept"
        );
        assert!(field.contains(
            "01:30 on 28 Mar 2027 does not exist in Europe/London: the clocks go forward then"
        ));

        // An hour later exists, and is 01:30 UTC.
        let (status, _) = mentor
            .post(
                &app,
                &format!("/relationships/{id}/meetings"),
                &[
                    ("starts_at", "2027-03-28T02:30"),
                    ("mode", "video"),
                    ("status", "scheduled"),
                    ("question_for_next", "What changed with the clocks?"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let meetings = mentor
            .json(&app, &format!("/api/v1/relationships/{id}/meetings"))
            .await;
        assert!(meetings
            .as_array()
            .unwrap()
            .iter()
            .any(
                |m| m["question_for_next"] == "What changed with the clocks?"
                    && m["starts_at"] == "2027-03-28T01:30:00Z"
            ));
    }
);

app_story!(
    a_time_zone_that_does_not_exist_is_refused_with_a_field_error,
    demo = true,
    |app: TestApp| async move {
        let mentee = sign_in(&app, MENTEE).await;
        let (status, page) = mentee
            .post(
                &app,
                "/account",
                &[
                    ("time_zone", "Mars/Olympus_Mons"),
                    ("date_style", "stardate"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        let zone_field = field_html(&page, "time_zone");
        assert!(zone_field.contains("aria-invalid=\"true\""));
        assert!(
            zone_field.contains("value=\"Mars/Olympus_Mons\""),
            "what was typed is kept"
        );
        assert!(zone_field.contains("is not a time zone we know"));
        assert!(
            page.contains("id=\"date-style-error\">choose en-GB, en-US or iso"),
            "every invalid field is reported, not only the first"
        );
        let me = mentee.json(&app, "/api/v1/me").await;
        assert_eq!(me["time_zone"], "UTC", "nothing was saved");
        assert_eq!(me["date_style"], "en-GB");

        let r = mentee
            .client
            .put(app.url("/api/v1/me/settings"))
            .json(&json!({"time_zone": "Europe/Lndon"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "time_zone");

        // The settings are an object: an array (which serde would take) is refused.
        let r = mentee
            .client
            .put(app.url("/api/v1/me/settings"))
            .json(&json!([null, null]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "body");

        // Empty goes back to the organisation's zone.
        mentee
            .post(&app, "/account", &[("time_zone", "Asia/Tokyo")])
            .await;
        assert_eq!(
            mentee.json(&app, "/api/v1/me").await["time_zone"],
            "Asia/Tokyo"
        );
        let (status, page) = mentee
            .post(
                &app,
                "/account",
                &[("time_zone", ""), ("date_style", "iso")],
            )
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("Times are now shown in UTC"));
    }
);
