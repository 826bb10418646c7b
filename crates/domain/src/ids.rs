//! Newtype ids, so that a person's id can never be passed where a programme's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    };
}

id_type!(/// A person of the organisation (imported from HR or created by hand).
    PersonId);
id_type!(/// A sign-in account; belongs to exactly one person.
    AccountId);
id_type!(/// A mentoring programme.
    ProgrammeId);
id_type!(/// A person's enrolment in a programme in one role.
    EnrolmentId);
id_type!(/// A mentoring relationship between a mentor and a mentee.
    RelationshipId);
id_type!(/// A goal of a relationship.
    GoalId);
id_type!(/// A meeting, scheduled or logged.
    MeetingId);
id_type!(/// One participant's answers to a check-in.
    CheckInId);
id_type!(/// A training resource.
    ResourceId);
id_type!(/// An entry on a mentee's private shortlist.
    ShortlistEntryId);
id_type!(/// A queued notification (one email in the outbox).
    NotificationId);
id_type!(/// A mentor's offer of mentoring to a potential protégé.
    OfferId);
