//! The mentor pool: applications to both programmes, the admin's assessments and
//! decisions (`002_…` §2: quality over quantity), and each mentor's profile.

use crate::bios;
use crate::model::{
    DemoAccounts, DemoAssessment, DemoMentor, DemoMentorProfile, DemoPerson, PersonIx, HYBRID,
    INFORMAL,
};
use crate::programmes::{FOCUS_SKILLS, OTHER_SKILLS};
use crate::rng::DemoRng;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::profile::{Expertise, LeadershipStyle, PersonalTrait};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::time_util::Timestamp;

/// Approved mentors in the formal programme; the first `EARLY` of them were
/// approved before the first cohort was matched, the rest joined for the second.
pub const APPROVED: usize = 44;
pub const EARLY: usize = 34;
/// Approved late and not yet trained: listed, but not matchable until they are.
pub const UNTRAINED: usize = 3;
const APPLIED: usize = 3;
const INFORMAL_ALSO: usize = 14;
const INFORMAL_ONLY: usize = 4;

pub const DECLINE_REASON: &str = "Thank you for applying. Your commercial expertise is exactly what the programme needs, \
    but in the panel conversation we did not yet see the listening and questioning that mentoring asks for, and you told us \
    your diary allows a meeting every six weeks at most. Please take the mentor training this spring and apply to the next cohort: \
    we would be glad to see you back.";

/// A skill each function's mentors bring beyond the programme's focus.
fn function_skill(function: &str) -> &'static str {
    match function {
        "Finance" => "Financial planning",
        "Sales" => "Enterprise sales",
        "Engineering" => "Software delivery",
        "Operations" => "Operational excellence",
        "People" => "Coaching and feedback",
        "Marketing" => "Brand strategy",
        "Legal" => "Risk and compliance",
        _ => "Product strategy",
    }
}

pub struct MentorPool {
    pub mentors: Vec<DemoMentor>,
    /// Approved formal-programme mentors who have not completed the required training.
    pub untrained: Vec<PersonIx>,
}

pub fn build(
    rng: &mut DemoRng,
    people: &[DemoPerson],
    accounts: &DemoAccounts,
    today: Timestamp,
) -> MentorPool {
    let finance_director = people[accounts.manager]
        .manager
        .expect("the demo manager reports to a director");
    let reserved = [
        0,
        accounts.admin,
        accounts.manager,
        accounts.mentee,
        accounts.mentor,
        finance_director,
    ];
    let mut senior: Vec<PersonIx> = (0..people.len())
        .filter(|&p| people[p].person.career_level.get() >= 9 && !reserved.contains(&p))
        .collect();
    rng.shuffle(&mut senior);
    // The demo mentor and the director who awaits approval are always in the first cohort.
    let mut order = vec![accounts.mentor, finance_director];
    order.extend(senior);

    let mut stories: Vec<usize> = (0..bios::story_count()).collect();
    rng.shuffle(&mut stories);
    let mut mentors = Vec::new();
    let mut untrained = Vec::new();
    let admin = accounts.admin;
    for (i, &person) in order.iter().take(APPROVED + APPLIED + 1).enumerate() {
        let early = i < EARLY;
        let applied_at = if i < APPROVED {
            // Trained the day after approval, well before their cohort is matched.
            let base = if early { -352 } else { -150 };
            today.plus_days(base + rng.range(0, 6))
        } else {
            today.plus_days(-rng.range(4, 20))
        };
        let mut profile = profile(rng, &people[person], stories[i % stories.len()], i);
        let (status, decided, reason, assessment) = if i < APPROVED {
            let at = applied_at.plus_days(rng.range(3, 7));
            let a = DemoAssessment {
                assessor: admin,
                expertise_score: rng.range(3, 5) as u8,
                communication_score: rng.range(3, 5) as u8,
                notes: rng.pick(&bios::ASSESSMENT_NOTES).to_string(),
                at,
            };
            (EnrolmentStatus::Approved, Some((admin, at)), None, Some(a))
        } else if i < APPROVED + APPLIED {
            (EnrolmentStatus::Applied, None, None, None)
        } else {
            let at = today.plus_days(-36);
            let a = DemoAssessment {
                assessor: admin,
                expertise_score: 4,
                communication_score: 2,
                notes: "Strong commercial expertise; in the panel conversation gave answers rather than asking questions, and has little time this year. Encourage to take the training and reapply.".into(),
                at,
            };
            (
                EnrolmentStatus::Declined,
                Some((admin, at)),
                Some(DECLINE_REASON.to_string()),
                Some(a),
            )
        };
        if person == accounts.mentor {
            profile.capacity = 3;
        }
        if (APPROVED - UNTRAINED..APPROVED).contains(&i) {
            untrained.push(person);
        }
        mentors.push(DemoMentor {
            programme: HYBRID,
            person,
            status,
            applied_at,
            decided,
            decision_reason: reason,
            profile,
            assessment,
        });
    }

    // The open circle: some formal mentors offer time there too, plus a few
    // experienced managers who mentor juniors informally. No assessment is asked.
    let mut informal: Vec<PersonIx> = order
        .iter()
        .skip(2)
        .take(APPROVED - UNTRAINED)
        .copied()
        .collect();
    rng.shuffle(&mut informal);
    informal.truncate(INFORMAL_ALSO);
    let leads: Vec<PersonIx> = (0..people.len())
        .filter(|&p| matches!(people[p].person.career_level.get(), 7 | 8) && !reserved.contains(&p))
        .collect();
    informal.extend(rng.sample(&leads, INFORMAL_ONLY));
    for (i, person) in informal.into_iter().enumerate() {
        let applied_at = today.plus_days(-360 + rng.range(0, 60));
        let profile = profile(
            rng,
            &people[person],
            stories[(i + 7) % stories.len()],
            i + 3,
        );
        mentors.push(DemoMentor {
            programme: INFORMAL,
            person,
            status: EnrolmentStatus::Approved,
            applied_at,
            decided: Some((admin, applied_at.plus_days(1))),
            decision_reason: None,
            profile,
            assessment: None,
        });
    }
    MentorPool { mentors, untrained }
}

fn profile(
    rng: &mut DemoRng,
    person: &DemoPerson,
    story: usize,
    closing: usize,
) -> DemoMentorProfile {
    let p = &person.person;
    let level = p.career_level.get() as i64;
    let years = level + 4 + rng.range(0, 8);
    let top = FOCUS_SKILLS[rng.below(FOCUS_SKILLS.len())];
    let mut expertise = vec![Expertise {
        skill: top.into(),
        level: rng.range(4, 5) as u8,
    }];
    expertise.push(Expertise {
        skill: function_skill(&p.function).into(),
        level: rng.range(3, 5) as u8,
    });
    let mut pool: Vec<&str> = FOCUS_SKILLS
        .iter()
        .chain(OTHER_SKILLS.iter())
        .copied()
        .filter(|s| *s != top)
        .collect();
    rng.shuffle(&mut pool);
    for skill in pool.into_iter().take(rng.range(1, 3) as usize) {
        expertise.push(Expertise {
            skill: skill.into(),
            level: rng.range(2, 4) as u8,
        });
    }
    let leadership_style = match rng.below(20) {
        0..=8 => LeadershipStyle::Collaborative,
        9..=16 => LeadershipStyle::Decisive,
        17 => LeadershipStyle::Other("coaching".into()),
        18 => LeadershipStyle::Other("servant".into()),
        _ => LeadershipStyle::Other("visionary".into()),
    };
    let mut personal_style = vec![
        if rng.chance(50) {
            PersonalTrait::Sociable
        } else {
            PersonalTrait::BusinessLike
        },
        if rng.chance(50) {
            PersonalTrait::Thinker
        } else {
            PersonalTrait::Doer
        },
        if rng.chance(60) {
            PersonalTrait::Warm
        } else {
            PersonalTrait::Reserved
        },
    ];
    personal_style.sort();
    let capacity = match rng.below(20) {
        0..=3 => 1,
        4..=12 => 2,
        13..=17 => 3,
        _ => 4,
    };
    let meeting_modes = if p.location == "Remote" {
        vec![MeetingMode::Phone, MeetingMode::Video]
    } else {
        let mut modes: Vec<MeetingMode> = MeetingMode::ALL
            .into_iter()
            .filter(|_| rng.chance(60))
            .collect();
        if modes.is_empty() {
            modes.push(MeetingMode::Video);
        }
        modes
    };
    let mentored = if rng.chance(20) { 0 } else { rng.range(1, 9) };
    let mentoring_years = rng.range(2, 10).min(years);
    DemoMentorProfile {
        bio: bios::bio(rng, &p.function, years, top, story, closing),
        expertise,
        leadership_style,
        personal_style,
        track_record: bios::track_record(rng, mentored, mentoring_years),
        capacity,
        availability: rng.pick(&bios::AVAILABILITY).to_string(),
        meeting_modes,
    }
}
