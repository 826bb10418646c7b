//! Training and resources for participants (`002_…` §5, `001_…` step 4):
//! questionnaires, self-assessments, agenda templates, best-practice articles.

use crate::person::{bounded_text, required_text};
use crate::{DomainError, ProgrammeId, ResourceId};
use serde::{Deserialize, Serialize};

/// Who a resource is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Mentor,
    Mentee,
    Everyone,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Mentor => "mentor",
            Audience::Mentee => "mentee",
            Audience::Everyone => "everyone",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "mentor" => Ok(Self::Mentor),
            "mentee" => Ok(Self::Mentee),
            "everyone" => Ok(Self::Everyone),
            _ => Err(DomainError::invalid(
                "audience",
                format!("unknown audience {s:?}; use mentor, mentee or everyone"),
            )),
        }
    }
    pub fn includes(self, role: crate::enrolment::ParticipantRole) -> bool {
        use crate::enrolment::ParticipantRole as R;
        matches!(
            (self, role),
            (Audience::Everyone, _) | (Audience::Mentor, R::Mentor) | (Audience::Mentee, R::Mentee)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Training,
    Questionnaire,
    SelfAssessment,
    AgendaTemplate,
    AgreementTemplate,
    Article,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 6] = [
        ResourceKind::Training,
        ResourceKind::Questionnaire,
        ResourceKind::SelfAssessment,
        ResourceKind::AgendaTemplate,
        ResourceKind::AgreementTemplate,
        ResourceKind::Article,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Training => "training",
            ResourceKind::Questionnaire => "questionnaire",
            ResourceKind::SelfAssessment => "self_assessment",
            ResourceKind::AgendaTemplate => "agenda_template",
            ResourceKind::AgreementTemplate => "agreement_template",
            ResourceKind::Article => "article",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::invalid("kind", format!("unknown resource kind {s:?}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: ResourceId,
    /// None: a built-in resource offered in every programme.
    pub programme_id: Option<ProgrammeId>,
    pub title: String,
    pub kind: ResourceKind,
    pub audience: Audience,
    pub body: String,
    pub link: Option<String>,
    /// Must be completed before the person can be matched (`002_…` §5).
    pub required: bool,
}

impl Resource {
    pub fn validate(&self) -> Result<(), DomainError> {
        required_text("title", &self.title, 200)?;
        bounded_text("body", &self.body, 50_000)?;
        if self.body.trim().is_empty() && self.link.as_deref().is_none_or(|l| l.trim().is_empty()) {
            return Err(DomainError::invalid(
                "body",
                "give the resource a body or a link",
            ));
        }
        if let Some(link) = &self.link {
            let l = link.trim();
            if !(l.is_empty() || l.starts_with("https://") || l.starts_with("http://")) {
                return Err(DomainError::invalid(
                    "link",
                    "must start with https:// or http://",
                ));
            }
        }
        Ok(())
    }
}

/// Whether a participant has completed every required resource for their role.
pub fn training_complete(required_for_role: &[ResourceId], completed: &[ResourceId]) -> bool {
    required_for_role.iter().all(|r| completed.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrolment::ParticipantRole;

    #[test]
    fn a_resource_needs_a_body_or_a_safe_link() {
        let mut r = Resource {
            id: ResourceId(1),
            programme_id: None,
            title: "Being a mentor".into(),
            kind: ResourceKind::Training,
            audience: Audience::Mentor,
            body: String::new(),
            link: None,
            required: true,
        };
        assert!(r.validate().is_err());
        r.link = Some("javascript:alert(1)".into());
        assert!(r.validate().unwrap_err().to_string().starts_with("link"));
        r.link = Some("https://intranet.example/mentoring".into());
        assert!(r.validate().is_ok());
    }

    #[test]
    fn audience_matches_roles() {
        assert!(Audience::Everyone.includes(ParticipantRole::Mentor));
        assert!(Audience::Mentee.includes(ParticipantRole::Mentee));
        assert!(!Audience::Mentee.includes(ParticipantRole::Mentor));
    }

    #[test]
    fn training_is_complete_when_every_required_item_is() {
        let req = [ResourceId(1), ResourceId(2)];
        assert!(!training_complete(&req, &[ResourceId(1)]));
        assert!(training_complete(
            &req,
            &[ResourceId(2), ResourceId(1), ResourceId(9)]
        ));
        assert!(training_complete(&[], &[]));
    }
}
