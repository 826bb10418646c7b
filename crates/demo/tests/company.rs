//! What the generated company promises, without a database: its people and
//! reporting lines, the demo sign-ins, the mentor pool and the mentees.

mod common;

use common::{org, TODAY};
use mentorhub_demo::{generate, DemoOrg, PersonIx, DEMO_ACCOUNTS, DEMO_PASSWORD, HYBRID, INFORMAL};
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::management::find_cycles;
use mentorhub_domain::meeting::MeetingStatus;
use mentorhub_domain::profile::{
    validate_preferences, MentorProfile, PersonalTrait, SelfAssessment,
};
use mentorhub_domain::relationship::RelationshipState as S;
use mentorhub_domain::EnrolmentId;
use std::collections::{HashMap, HashSet};

fn depth(org: &DemoOrg, mut p: PersonIx) -> usize {
    let mut d = 0;
    while let Some(m) = org.people[p].manager {
        p = m;
        d += 1;
    }
    d
}

#[test]
fn the_same_seed_gives_the_same_organisation() {
    assert_eq!(generate(7, TODAY), generate(7, TODAY));
    assert_ne!(generate(7, TODAY).people, generate(8, TODAY).people);
}

#[test]
fn the_company_is_a_real_tree_of_a_few_hundred_people() {
    for seed in [1, 2026, 99] {
        let org = generate(seed, TODAY);
        assert!(org.people.len() >= 300, "{} people", org.people.len());
        let managers: HashMap<PersonIx, PersonIx> = org
            .people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.manager.map(|m| (i, m)))
            .collect();
        assert!(find_cycles(&managers).is_empty());
        assert_eq!(
            org.people.iter().filter(|p| p.manager.is_none()).count(),
            1,
            "one CEO"
        );
        let deepest = (0..org.people.len()).map(|p| depth(&org, p)).max().unwrap();
        assert!(
            (4..=5).contains(&deepest),
            "5–6 levels, deepest chain {deepest}"
        );
        for (i, p) in org.people.iter().enumerate() {
            if let Some(m) = p.manager {
                let manager = &org.people[m].person;
                assert!(
                    manager.career_level > p.person.career_level,
                    "{} outranks {}",
                    manager.name,
                    p.person.name
                );
                assert_eq!(
                    p.person.manager_employee_id.as_deref(),
                    Some(manager.employee_id.as_str())
                );
                assert!(m < i, "managers come before their reports");
            }
        }
        let emails: HashSet<&str> = org.people.iter().map(|p| p.person.email.as_str()).collect();
        assert_eq!(emails.len(), org.people.len(), "unique emails");
        assert!(emails.iter().all(|e| e.ends_with("@demo.mentorhub.test")));
        let ids: HashSet<&str> = org
            .people
            .iter()
            .map(|p| p.person.employee_id.as_str())
            .collect();
        assert_eq!(ids.len(), org.people.len(), "unique employee ids");
        let locations: HashSet<&str> = org
            .people
            .iter()
            .map(|p| p.person.location.as_str())
            .collect();
        let functions: HashSet<&str> = org
            .people
            .iter()
            .map(|p| p.person.function.as_str())
            .collect();
        assert!((5..=6).contains(&locations.len()), "{locations:?}");
        assert!((6..=8).contains(&functions.len()), "{functions:?}");
        let names: HashSet<&str> = org.people.iter().map(|p| p.person.name.as_str()).collect();
        assert_eq!(names.len(), org.people.len(), "no two people share a name");
    }
}

#[test]
fn the_demo_accounts_are_people_placed_as_the_demo_needs() {
    let org = org();
    assert_eq!(DEMO_PASSWORD, "mentorhub-demo");
    for (email, _) in DEMO_ACCOUNTS {
        assert!(
            org.person_by_email(email).is_some(),
            "{email} is a person of the organisation"
        );
    }
    let a = org.accounts;
    assert_eq!(
        org.person_by_email("admin@demo.mentorhub.test"),
        Some(a.admin)
    );
    assert_eq!(
        org.person_by_email("mentee@demo.mentorhub.test"),
        Some(a.mentee)
    );
    assert_eq!(
        org.person_by_email("mentor@demo.mentorhub.test"),
        Some(a.mentor)
    );
    assert_eq!(
        org.person_by_email("manager@demo.mentorhub.test"),
        Some(a.manager)
    );
    assert_eq!(org.people[a.admin].person.function, "People");
    assert_eq!(
        org.people[a.mentee].manager,
        Some(a.manager),
        "the manager is the mentee's direct manager"
    );

    let open = |mentor: PersonIx| {
        org.relationships
            .iter()
            .filter(move |r| r.mentor == mentor && r.state.is_open())
    };
    let demo = org
        .relationships
        .iter()
        .find(|r| r.mentee == a.mentee && r.programme == HYBRID && r.state == S::Active)
        .expect("the demo mentee is in an active relationship in the hybrid programme");
    assert_eq!(demo.mentor, a.mentor);
    assert!(demo.goals.len() >= 2 && demo.goals.iter().any(|g| g.input.shared_with_manager));
    assert!(
        demo.meetings
            .iter()
            .filter(|m| m.input.status == MeetingStatus::Held)
            .count()
            >= 5
    );
    assert!(
        demo.meetings
            .iter()
            .any(|m| m.input.status == MeetingStatus::Scheduled),
        "a next meeting is booked"
    );
    assert!(demo
        .checkins
        .iter()
        .any(|c| c.person == a.mentee && c.answer.is_some()));
    assert!(
        demo.checkins
            .iter()
            .any(|c| c.person == a.mentee && c.answer.is_none()),
        "a check-in to answer"
    );
    let others = open(a.mentor).filter(|r| r.mentee != a.mentee).count();
    assert!(
        (1..=2).contains(&others),
        "the mentor has one or two other mentees, has {others}"
    );

    let reports: Vec<PersonIx> = (0..org.people.len())
        .filter(|&p| org.people[p].manager == Some(a.manager))
        .collect();
    assert!(reports.len() >= 4, "several reports");
    let waiting = org
        .relationships
        .iter()
        .find(|r| r.state == S::AwaitingManagerApproval)
        .expect("a relationship awaits approval");
    assert!(
        reports.contains(&waiting.mentee),
        "one of the manager's reports awaits their approval"
    );
    let line: Vec<PersonIx> = std::iter::successors(org.people[waiting.mentee].manager, |&m| {
        org.people[m].manager
    })
    .collect();
    assert!(
        line.contains(&waiting.mentor),
        "approval is needed because the mentor is in the mentee's line"
    );
}

#[test]
fn the_mentor_pool_is_qualified_and_described() {
    let org = org();
    let hybrid = |status| {
        org.mentors
            .iter()
            .filter(move |m| m.programme == HYBRID && m.status == status)
    };
    assert!(hybrid(EnrolmentStatus::Approved).count() >= 40);
    assert!(hybrid(EnrolmentStatus::Applied).count() >= 2);
    let declined: Vec<_> = hybrid(EnrolmentStatus::Declined).collect();
    assert_eq!(declined.len(), 1);
    assert!(declined[0]
        .decision_reason
        .as_deref()
        .is_some_and(|r| r.len() > 40));
    for m in hybrid(EnrolmentStatus::Approved).chain(declined.iter().copied()) {
        assert!(
            m.assessment.is_some() && m.decided.is_some(),
            "decided applications are assessed"
        );
    }
    assert!(org.mentors.iter().any(|m| m.programme == INFORMAL));
    let mut bios = HashSet::new();
    for m in &org.mentors {
        let p = &m.profile;
        let profile = MentorProfile {
            enrolment_id: EnrolmentId(1),
            bio: p.bio.clone(),
            expertise: p.expertise.clone(),
            leadership_style: p.leadership_style.clone(),
            personal_style: p.personal_style.clone(),
            track_record: p.track_record.clone(),
            capacity: p.capacity,
            availability: p.availability.clone(),
            meeting_modes: p.meeting_modes.clone(),
        };
        profile.validate().unwrap();
        assert!((1..=4).contains(&p.capacity));
        assert!(p.expertise.iter().all(|e| (1..=5).contains(&e.level)));
        let styles: Vec<&str> = p.personal_style.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            PersonalTrait::parse_list(&styles).unwrap().len(),
            3,
            "one pole per axis"
        );
        assert!(p.bio.len() > 300, "a real bio: {}", p.bio);
        assert!(!p.bio.to_lowercase().contains("lorem"));
        if m.programme == HYBRID {
            assert!(bios.insert(p.bio.clone()), "bios differ");
        }
    }
}

#[test]
fn eighty_mentees_have_self_assessments_and_valid_preferences() {
    let org = org();
    assert_eq!(org.mentees.len(), 80);
    let mentors: HashSet<PersonIx> = org.mentors.iter().map(|m| m.person).collect();
    for m in &org.mentees {
        let a = &m.assessment;
        SelfAssessment {
            enrolment_id: EnrolmentId(1),
            focus_skills: a.focus_skills.clone(),
            leadership_style: a.leadership_style.clone(),
            style_preference: a.style_preference,
            personal_preference: a.personal_preference.clone(),
            goals_this_year: a.goals_this_year.clone(),
            three_year_view: a.three_year_view.clone(),
        }
        .validate()
        .unwrap();
        assert!(
            !mentors.contains(&m.person),
            "a mentee is not also a mentor"
        );
        let prefs: Vec<(EnrolmentId, u8)> = m
            .preferences
            .iter()
            .map(|(p, r)| (EnrolmentId(*p as i64), *r))
            .collect();
        validate_preferences(&prefs).unwrap();
        for (mentor, _) in &m.preferences {
            assert!(org.mentors.iter().any(|x| x.person == *mentor
                && x.programme == m.programme
                && x.status == EnrolmentStatus::Approved));
        }
        let pair = org
            .relationships
            .iter()
            .filter(|r| r.mentee == m.person)
            .map(|r| r.created_at)
            .min();
        if let Some(created) = pair {
            assert!(m.enrolled_at < created, "enrolled before being matched");
        }
    }
    assert!(
        org.mentees
            .iter()
            .filter(|m| m.programme == HYBRID && !m.preferences.is_empty())
            .count()
            >= 20
    );
    assert!(org.mentees.iter().any(|m| m.preferences.len() == 2));
}
