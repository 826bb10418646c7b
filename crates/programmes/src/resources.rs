//! Training and resources (`002_…` §5, `001_…` step 4): who sees which resource,
//! and a participant's list with what they have completed.

use crate::builtin_resources::SEEDS;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::participation::Stakeholder;
use mentorhub_domain::training::{Audience, Resource, ResourceKind};
use mentorhub_domain::{ProgrammeId, ResourceId};
use mentorhub_store::Store;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::CurrentUser;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Makes sure the built-in resources exist (a fresh install has none).
pub async fn ensure_builtins(
    store: &Store,
    now: mentorhub_domain::time_util::Timestamp,
) -> AppResult<()> {
    store.ensure_builtin_resources(&SEEDS, now).await?;
    Ok(())
}

/// The roles a person holds in each programme they take part in.
async fn roles_by_programme(
    store: &Store,
    user: &CurrentUser,
) -> AppResult<BTreeMap<ProgrammeId, Vec<ParticipantRole>>> {
    let mut out: BTreeMap<ProgrammeId, Vec<ParticipantRole>> = BTreeMap::new();
    for l in store.list_enrolments_of_person(user.person_id).await? {
        let e = l.enrolment;
        if Stakeholder::of_enrolment(e.role, e.status).is_some() {
            out.entry(e.programme_id).or_default().push(e.role);
        }
    }
    Ok(out)
}

fn for_roles(audience: Audience, roles: &[ParticipantRole]) -> bool {
    audience == Audience::Everyone || roles.iter().any(|r| audience.includes(*r))
}

/// The resources for the signed-in person's roles: built-ins for everyone (and
/// for their roles), and each programme's own for their role in it.
pub async fn resources_for(store: &Store, user: &CurrentUser) -> AppResult<Vec<Resource>> {
    let roles = roles_by_programme(store, user).await?;
    let all_roles: Vec<ParticipantRole> = roles.values().flatten().copied().collect();
    let mut out: Vec<Resource> = store
        .list_resources(None)
        .await?
        .into_iter()
        .filter(|r| for_roles(r.audience, &all_roles))
        .collect();
    for (programme, my_roles) in &roles {
        out.extend(
            store
                .list_resources(Some(*programme))
                .await?
                .into_iter()
                .filter(|r| r.programme_id == Some(*programme) && for_roles(r.audience, my_roles)),
        );
    }
    Ok(out)
}

/// A resource the signed-in person may open; anyone else gets 404.
pub async fn visible_resource(
    store: &Store,
    user: &CurrentUser,
    id: ResourceId,
) -> AppResult<Resource> {
    let r = store
        .get_resource(id)
        .await
        .map_err(|_| AppError::NotFound("resource".into()))?;
    if user.is_admin {
        return Ok(r);
    }
    let roles = roles_by_programme(store, user).await?;
    let visible = match r.programme_id {
        None => {
            let all: Vec<ParticipantRole> = roles.values().flatten().copied().collect();
            for_roles(r.audience, &all)
        }
        Some(p) => roles.get(&p).is_some_and(|my| for_roles(r.audience, my)),
    };
    if visible {
        Ok(r)
    } else {
        Err(AppError::NotFound("resource".into()))
    }
}

/// A new resource as an admin describes it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResourceInput {
    pub title: String,
    /// `training`, `questionnaire`, `self_assessment`, `agenda_template`, `agreement_template`, `article`.
    pub kind: String,
    /// `mentor`, `mentee` or `everyone`.
    pub audience: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub link: Option<String>,
    /// Must be completed before matching (`002_…` §5).
    #[serde(default)]
    pub required: bool,
    /// The programme it belongs to; none for a built-in offered in every programme.
    #[serde(default)]
    pub programme_id: Option<i64>,
}

impl ResourceInput {
    pub fn to_resource(&self) -> Result<Resource, crate::support::FieldErrors> {
        let mut e = crate::support::FieldErrors::default();
        let kind = e.take_as(ResourceKind::parse(&self.kind), "kind");
        let audience = e.take_as(Audience::parse(&self.audience), "audience");
        let r = Resource {
            id: ResourceId(0),
            programme_id: self.programme_id.map(ProgrammeId),
            title: self.title.trim().to_string(),
            kind: kind.unwrap_or(ResourceKind::Article),
            audience: audience.unwrap_or(Audience::Everyone),
            body: self.body.trim().to_string(),
            link: self.link.clone().filter(|l| !l.trim().is_empty()),
            required: self.required,
        };
        e.take(r.validate(), "body");
        if e.is_empty() {
            Ok(r)
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_follow_the_roles_held() {
        assert!(for_roles(Audience::Everyone, &[]));
        assert!(!for_roles(Audience::Mentor, &[]));
        assert!(for_roles(
            Audience::Mentor,
            &[ParticipantRole::Mentee, ParticipantRole::Mentor]
        ));
        assert!(!for_roles(Audience::Mentee, &[ParticipantRole::Mentor]));
    }

    #[test]
    fn a_resource_needs_a_title_and_a_body_or_link() {
        let input = ResourceInput {
            title: " ".into(),
            kind: "podcast".into(),
            audience: "mentor".into(),
            body: String::new(),
            link: None,
            required: true,
            programme_id: None,
        };
        let e = input.to_resource().unwrap_err();
        assert!(e.get("kind").unwrap().contains("unknown resource kind"));
    }
}
