//! Mentees and their self-assessments (`000_…` steps 1–4, `001_…` step 1,
//! `003_…`): one or two skills, their own style, mirror or differ, the qualities
//! they respond to, this year's goals and a three-year view.

use crate::model::{
    DemoAccounts, DemoMentee, DemoPerson, DemoSelfAssessment, PersonIx, HYBRID, INFORMAL,
};
use crate::programmes::{FOCUS_SKILLS, OTHER_SKILLS};
use crate::rng::DemoRng;
use mentorhub_domain::profile::{LeadershipStyle, PersonalTrait, StylePreference};
use mentorhub_domain::time_util::Timestamp;

pub const HYBRID_MENTEES: usize = 62;
pub const INFORMAL_MENTEES: usize = 18;

/// A goal for the year that works on `skill`.
fn goal_for(skill: &str, variant: usize) -> &'static str {
    let options: [&str; 2] = match skill {
        "Quick, decisive strategic decisions" => [
            "Make the calls that are mine to make within the week they land, instead of asking for one more round of analysis, and explain each one to the team myself.",
            "Stop escalating decisions I am trusted to take: by the summer, bring my director recommendations rather than options.",
        ],
        "Recognising and developing talent" => [
            "Hold a real development conversation with each person on my team every quarter, and put two of them forward for stretch work this year.",
            "Learn to spot potential before it is obvious: give one junior colleague a piece of work that scares them a little, and support them through it.",
        ],
        "Leading through change" => [
            "Lead my team through the reorganisation in the spring without losing anyone I want to keep, and be honest about what I do not yet know.",
            "Get better at explaining the why of changes I did not choose, so the team hears it from me first.",
        ],
        "Influencing without authority" => [
            "Get the cross-team reporting project agreed by three functions that do not report to me, by building support before the steering meeting rather than in it.",
            "Win support for my proposal on supplier consolidation from Operations and Legal without needing my director to push it.",
        ],
        "Stakeholder management" => [
            "Map who really decides on my projects and meet each of them before I need something from them.",
            "Turn my most difficult stakeholder relationship into a working one by the end of the year.",
        ],
        "Difficult conversations" => [
            "Give clear, kind feedback on performance within a week of noticing a problem, instead of hoping it resolves itself.",
            "Push back on unrealistic deadlines with data and alternatives, calmly, in the room where they are set.",
        ],
        "Commercial awareness" => [
            "Understand how my team's work shows up in the P&L well enough to argue for its budget myself.",
            "Learn how our biggest customers make money, so that my recommendations speak their language.",
        ],
        "Managing managers" => [
            "Step up from leading a team to leading team leads: coach rather than fix, and measure myself by their results.",
            "Build a leadership team of my two leads and me that makes decisions without me in every meeting.",
        ],
        "Presenting to senior audiences" => [
            "Present the quarterly review to the executive team myself, answer first, in ten minutes, and handle the questions without notes.",
            "Be the person who is asked to present our team's work, not the one who prepares the slides for someone else.",
        ],
        "Building high-performing teams" => [
            "Rebuild trust in a team that has had three managers in two years, and agree with them what a good month looks like.",
            "Hire well for the two open roles on my team and get both new starters productive within three months.",
        ],
        "Strategic planning" => [
            "Write my area's plan for next year with the trade-offs spelled out, and get it agreed without a second round.",
            "Lift my head from the weekly numbers: spend an afternoon a month on where my area should be in two years.",
        ],
        "Negotiation" => [
            "Prepare properly for the three big renewals this year: know our walk-away point before we start, every time.",
            "Negotiate our team's resourcing for next year from evidence rather than from habit.",
        ],
        "Data-informed decisions" => [
            "Replace two of our gut-feel decisions with simple measures we trust, and know when the data has run out.",
            "Build a small dashboard my team actually uses to decide, not just to report.",
        ],
        _ => [
            "Decide whether to move from a specialist role towards management, having tried some of it first.",
            "Explore a move into another function: shadow two teams and talk to people who have made the jump.",
        ],
    };
    options[variant % 2]
}

fn three_year_view(level: u8, function: &str, variant: usize) -> String {
    let views: [String; 3] = match level {
        ..=4 => [
            format!("Leading a small team of my own in {function}, and known as someone others come to for advice."),
            format!("A senior specialist in {function}, trusted with the problems nobody else has solved yet."),
            "Still learning quickly; I would like to have tried a role in a second function before I decide where to specialise.".into(),
        ],
        5 | 6 => [
            format!("Managing a team in {function} and developing people, not just doing the work well myself."),
            "Leading a cross-functional programme, with a broader view of the business than my own function.".into(),
            format!("A manager of managers in {function}, or well on the way to it."),
        ],
        _ => [
            format!("Running an area of {function} as a director, with a team that does not need me in every decision."),
            "On the succession list for a senior leadership role, with experience outside my own function.".into(),
            "Leading a larger, more senior team, and mentoring others the way I am being mentored now.".into(),
        ],
    };
    views[variant % 3].clone()
}

/// Qualities the mentee responds to: one to three poles, never both ends of an axis.
fn personal_preference(rng: &mut DemoRng) -> Vec<PersonalTrait> {
    let axes = [
        (PersonalTrait::Sociable, PersonalTrait::BusinessLike),
        (PersonalTrait::Thinker, PersonalTrait::Doer),
        (PersonalTrait::Warm, PersonalTrait::Reserved),
    ];
    let mut out: Vec<PersonalTrait> = Vec::new();
    for (a, b) in axes {
        if rng.chance(60) {
            out.push(if rng.chance(65) { a } else { b });
        }
    }
    if out.is_empty() {
        out.push(PersonalTrait::Warm);
    }
    out.sort();
    out
}

fn self_assessment(rng: &mut DemoRng, person: &DemoPerson, programme: usize) -> DemoSelfAssessment {
    let p = &person.person;
    let first = if programme == HYBRID {
        FOCUS_SKILLS[rng.below(FOCUS_SKILLS.len())]
    } else {
        OTHER_SKILLS[rng.below(OTHER_SKILLS.len())]
    };
    let mut focus_skills = vec![first.to_string()];
    if rng.chance(55) {
        let pool: Vec<&str> = FOCUS_SKILLS
            .iter()
            .chain(OTHER_SKILLS.iter())
            .copied()
            .filter(|s| *s != first)
            .collect();
        focus_skills.push(rng.pick(&pool).to_string());
    }
    let mut goals = goal_for(&focus_skills[0], rng.below(2)).to_string();
    if let Some(second) = focus_skills.get(1) {
        goals.push(' ');
        goals.push_str(goal_for(second, rng.below(2)));
    }
    DemoSelfAssessment {
        leadership_style: match rng.below(20) {
            0..=9 => LeadershipStyle::Collaborative,
            10..=16 => LeadershipStyle::Decisive,
            17 | 18 => LeadershipStyle::Other("coaching".into()),
            _ => LeadershipStyle::Other("pacesetting".into()),
        },
        style_preference: match rng.below(20) {
            0..=5 => StylePreference::Mirror,
            6..=14 => StylePreference::Different,
            _ => StylePreference::Any,
        },
        personal_preference: personal_preference(rng),
        goals_this_year: goals,
        three_year_view: three_year_view(p.career_level.get(), &p.function, rng.below(3)),
        focus_skills,
    }
}

/// Eighty mentees: people at levels 3–8 who are not mentors. The demo mentee and
/// two of their colleagues come first so the demo manager sees reports in the
/// programmes; preferences are added once pairs are known.
pub fn build(
    rng: &mut DemoRng,
    people: &[DemoPerson],
    accounts: &DemoAccounts,
    approval_report: PersonIx,
    mentors: &[PersonIx],
    today: Timestamp,
) -> Vec<DemoMentee> {
    let team: Vec<PersonIx> = (0..people.len())
        .filter(|&p| people[p].manager == Some(accounts.manager))
        .collect();
    let colleague = team
        .iter()
        .copied()
        .find(|&p| p != accounts.mentee && p != approval_report);
    let informal_colleague = team
        .iter()
        .copied()
        .rev()
        .find(|&p| p != accounts.mentee && p != approval_report);
    let mut front: Vec<PersonIx> = vec![accounts.mentee, approval_report];
    front.extend(colleague);
    let mut pool: Vec<PersonIx> = (0..people.len())
        .filter(|&p| {
            let level = people[p].person.career_level.get();
            (3..=8).contains(&level)
                && !mentors.contains(&p)
                && !front.contains(&p)
                && Some(p) != informal_colleague
                && p != accounts.admin
                && p != accounts.manager
        })
        .collect();
    rng.shuffle(&mut pool);
    // Level 9 is the formal pool's ceiling; the informal circle takes anyone.
    let mut hybrid = front;
    hybrid.extend(pool.iter().copied().take(HYBRID_MENTEES - hybrid.len()));
    let mut informal: Vec<PersonIx> = informal_colleague.into_iter().collect();
    informal.extend(
        pool.iter()
            .copied()
            .skip(HYBRID_MENTEES - 3)
            .take(INFORMAL_MENTEES - informal.len()),
    );

    let mut out = Vec::new();
    for (programme, list) in [(HYBRID, hybrid), (INFORMAL, informal)] {
        for person in list {
            let enrolled_at = if programme == HYBRID {
                // The waiting pool enrolled recently; matched mentees are moved earlier
                // when their relationship is made.
                today.plus_days(-rng.range(20, 60))
            } else {
                today.plus_days(-rng.range(60, 300))
            };
            out.push(DemoMentee {
                programme,
                person,
                enrolled_at,
                assessment: self_assessment(rng, &people[person], programme),
                preferences: Vec::new(),
            });
        }
    }
    out
}
