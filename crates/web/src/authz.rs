//! Who may see an object, checked on the server for every request (SPEC §9).
//! Areas call these before reading or writing; a refusal says as little as a
//! "not found" would, so that ids cannot be probed.

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::RelationshipId;
use mentorhub_store::Store;

/// How the signed-in person stands to a relationship. A party's standing wins
/// over their admin or manager rights: an admin who is also a mentee sees their
/// own relationship as the mentee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Mentor,
    Mentee,
    /// The mentee's direct manager: sees that it exists, its state, and the goals
    /// the mentee shares — never notes or check-in answers.
    Manager,
    /// A programme admin: aggregates and check-in answers, never meeting notes.
    Admin,
}

impl Standing {
    pub fn is_party(self) -> bool {
        matches!(self, Standing::Mentor | Standing::Mentee)
    }
}

/// Loads a relationship and the viewer's standing to it; anyone else gets 404.
pub async fn relationship_for(
    store: &Store,
    user: &CurrentUser,
    id: RelationshipId,
) -> AppResult<(Relationship, Standing)> {
    let rel = store
        .get_relationship(id)
        .await
        .map_err(|_| AppError::NotFound("relationship".into()))?;
    let standing = standing_in(store, user, &rel).await?;
    Ok((rel, standing))
}

pub async fn standing_in(
    store: &Store,
    user: &CurrentUser,
    rel: &Relationship,
) -> AppResult<Standing> {
    if user.person_id == rel.mentor_id {
        return Ok(Standing::Mentor);
    }
    if user.person_id == rel.mentee_id {
        return Ok(Standing::Mentee);
    }
    let mentee = store.get_person(rel.mentee_id).await?;
    if mentee.manager_id == Some(user.person_id) {
        return Ok(Standing::Manager);
    }
    if user.is_admin {
        return Ok(Standing::Admin);
    }
    Err(AppError::NotFound("relationship".into()))
}

/// Refuses unless the standing is one of `allowed`, with a message for a person.
pub fn require(standing: Standing, allowed: &[Standing], what: &str) -> AppResult<()> {
    if allowed.contains(&standing) {
        Ok(())
    } else {
        Err(crate::error::forbidden(format!(
            "{what} is for the mentor and mentee only"
        )))
    }
}
