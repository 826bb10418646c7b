//! Built-in resources and who has completed them: the required mentor training
//! for the formal programme (`002_…` §5), and the questionnaires, templates and
//! articles participants are offered (`001_…` step 4).

use crate::model::*;
use crate::resources_text as text;
use crate::rng::DemoRng;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::training::{Audience, ResourceKind};

const SELF_ASSESSMENT: usize = 0;
const FIRST_MEETING: usize = 1;
const TRAINING: usize = 3;
const ARTICLE: usize = 4;

pub fn resources() -> Vec<DemoResource> {
    let r = |programme, title: &str, kind, audience, body: &str, required| DemoResource {
        programme,
        title: title.into(),
        kind,
        audience,
        body: body.into(),
        required,
    };
    vec![
        r(
            None,
            text::SELF_ASSESSMENT_TITLE,
            ResourceKind::SelfAssessment,
            Audience::Mentee,
            text::SELF_ASSESSMENT,
            false,
        ),
        r(
            None,
            text::FIRST_MEETING_TITLE,
            ResourceKind::AgendaTemplate,
            Audience::Everyone,
            text::FIRST_MEETING,
            false,
        ),
        r(
            None,
            text::AGREEMENT_TITLE,
            ResourceKind::AgreementTemplate,
            Audience::Everyone,
            text::AGREEMENT,
            false,
        ),
        r(
            Some(HYBRID),
            text::TRAINING_TITLE,
            ResourceKind::Training,
            Audience::Mentor,
            text::TRAINING,
            true,
        ),
        r(
            None,
            text::ARTICLE_TITLE,
            ResourceKind::Article,
            Audience::Everyone,
            text::ARTICLE,
            false,
        ),
        r(
            None,
            text::MANAGER_GUIDE_TITLE,
            ResourceKind::Article,
            Audience::Everyone,
            text::MANAGER_GUIDE,
            false,
        ),
    ]
}

pub fn completions(
    rng: &mut DemoRng,
    mentors: &[DemoMentor],
    untrained: &[PersonIx],
    mentees: &[DemoMentee],
    relationships: &[DemoRelationship],
    today: Timestamp,
) -> Vec<DemoCompletion> {
    let mut out = Vec::new();
    let mut push = |resource, person, at: Timestamp| {
        if !out
            .iter()
            .any(|c: &DemoCompletion| c.resource == resource && c.person == person)
        {
            out.push(DemoCompletion {
                resource,
                person,
                at: at.min(today),
            });
        }
    };
    for m in mentors
        .iter()
        .filter(|m| m.programme == HYBRID && m.status == EnrolmentStatus::Approved)
    {
        if let (Some((_, decided)), false) = (m.decided, untrained.contains(&m.person)) {
            push(TRAINING, m.person, decided.plus_days(1));
        }
        if rng.chance(40) {
            push(ARTICLE, m.person, m.applied_at.plus_days(rng.range(0, 20)));
        }
    }
    for m in mentees {
        if rng.chance(75) {
            push(
                SELF_ASSESSMENT,
                m.person,
                m.enrolled_at.plus_days(rng.range(0, 3)),
            );
        }
        if rng.chance(30) {
            push(ARTICLE, m.person, m.enrolled_at.plus_days(rng.range(1, 30)));
        }
    }
    for r in relationships {
        if let Some(intro) =
            r.time_of(mentorhub_domain::relationship::RelationshipState::Introduced)
        {
            push(FIRST_MEETING, r.mentee, intro.plus_days(1));
        }
    }
    out
}
