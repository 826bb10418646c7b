//! The resources every install ships (`001_…` step 4: questionnaires,
//! self-assessments, agenda templates), written for Mentorhub and seeded on first
//! use so that a fresh, non-demo install has them too.

use mentorhub_domain::training::{Audience, ResourceKind};
use mentorhub_store::SeedResource;

pub const SEEDS: [SeedResource; 3] = [
    SeedResource {
        seed_key: "builtin:self-assessment",
        title: "Before you look for a mentor: the self-assessment questions",
        kind: ResourceKind::SelfAssessment,
        audience: Audience::Mentee,
        body: SELF_ASSESSMENT,
    },
    SeedResource {
        seed_key: "builtin:first-meeting-agenda",
        title: "Your first meeting: an agenda template",
        kind: ResourceKind::AgendaTemplate,
        audience: Audience::Everyone,
        body: FIRST_MEETING,
    },
    SeedResource {
        seed_key: "builtin:agreement-template",
        title: "How we will work together: a mentoring agreement template",
        kind: ResourceKind::AgreementTemplate,
        audience: Audience::Everyone,
        body: AGREEMENT,
    },
];

const SELF_ASSESSMENT: &str = "\
Take twenty minutes with these questions before you browse mentors or meet anyone. Your answers become your self-assessment in Mentorhub; matching uses them.

1. Which one or two skills do you most want to improve? Be specific: \"making strategic decisions quickly and decisively\" or \"recognising and developing talent in my team\" is something a mentor can work on; \"leadership\" is not.

2. How do you lead today? Through consensus, bringing people with you and deciding together? Or decisively, making the call and motivating people to follow it? Name your style honestly, or in your own words.

3. Do you want a mentor who leads the way you do, to get better at your own style, or one who leads differently, to challenge you and add something new?

4. What kind of person do you open up to: sociable or business-like, a thinker or a doer, warm or reserved? Leave any of these open if it does not matter to you.

5. What are your development goals for this year? Two or three, a sentence each, that someone could recognise when you achieve them.

6. Where do you see yourself in three years? It need not be a job title.

Keep your answers to hand for your first meeting, and read them again at your one-month and three-month check-ins.";

const FIRST_MEETING: &str = "\
The mentee drives the agenda: fill this in and send it a few days before you meet. Allow an hour.

- Introductions, ten minutes each: how you got where you are, what you enjoy about your work. A little personal disclosure builds the rapport everything else depends on.
- What the mentee wants: the one or two skills chosen, the goals for the year, where they see themselves in three years.
- What the mentor offers and expects: experience to share, what they hope to learn too.
- How you will work together: agree the mentoring agreement (how often, how you meet, confidentiality, how to say something is not working, when you reassess).
- The next meeting: date, topic, and one question the mentee will prepare an answer to — the first two or three meetings are structured around such a question.";

const AGREEMENT: &str = "\
Agree these together in your first or second meeting, then confirm the agreement in Mentorhub. Both of you can revisit it at any time.

- How often will we meet? Weekly is ideal; once a month is the minimum that keeps a relationship alive.
- How will we meet: face to face, by phone, by video, or a mix?
- Confidentiality: what stays between us, and what either of us may share (for example with the mentee's manager).
- If something isn't working: how either of us says so, early and without blame.
- Duration: how long we meet before we reassess whether to continue — nine to twelve months in a formal programme, at least four to six months informally.
- Concerns: anything either of us worries about in taking this on.
- Roles: the mentee drives the agenda and does the work; the mentor coaches, asks questions and shares experience, and never does the mentee's work for them.";
