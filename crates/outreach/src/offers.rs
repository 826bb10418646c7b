//! A mentor's offer of mentoring to a potential protégé (`003_…`): what they
//! noticed, the assurance that it implies no deficiency, time to think, questions,
//! and a kind answer. Only the mentor and the protégé ever find an offer.

use crate::informal::{
    pick_programme, programme_choices, start_informal, started_message, ProgrammeChoice,
};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::outreach::{OfferState, OFFER_ASSURANCE};
use mentorhub_domain::relationship::Origin;
use mentorhub_domain::{OfferId, PersonId, ProgrammeId};
use mentorhub_store::{OfferAnswer, OfferMessage, OfferRecord};
use mentorhub_web::error::{forbidden, AppError, AppResult};
use mentorhub_web::notify::{queue, Message};
use mentorhub_web::AppState;

/// Which side of an offer the signed-in person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mentor,
    Protege,
}

/// An offer as one of its two people sees it.
pub struct OfferView {
    pub record: OfferRecord,
    pub answer: OfferAnswer,
    pub messages: Vec<OfferMessage>,
    pub side: Side,
    /// Where the protégé can record a "yes" (only while the offer is open).
    pub programmes: Vec<ProgrammeChoice>,
}

impl OfferView {
    pub fn is_open(&self) -> bool {
        self.record.offer.state == OfferState::Open
    }

    /// The decline reason, for the protégé always, for the mentor only if shared.
    pub fn visible_reason(&self) -> Option<&str> {
        let reason = self.answer.decline_reason.as_str();
        let may_see = self.side == Side::Protege || self.answer.reason_shared;
        (may_see && !reason.is_empty()).then_some(reason)
    }
}

fn not_found() -> AppError {
    AppError::NotFound("offer".into())
}

/// Loads an offer for one of its two people; anyone else gets 404.
pub async fn load_offer(state: &AppState, me: PersonId, id: OfferId) -> AppResult<OfferView> {
    let store = state.store();
    let record = store.get_offer(id).await.map_err(|_| not_found())?;
    let side = if record.offer.mentor_id == me {
        Side::Mentor
    } else if record.offer.protege_id == me {
        Side::Protege
    } else {
        return Err(not_found());
    };
    let programmes = if side == Side::Protege && record.offer.state == OfferState::Open {
        let protege = store.get_person(record.offer.protege_id).await?;
        let mentor = store.get_person(record.offer.mentor_id).await?;
        programme_choices(store, &protege, &mentor).await?
    } else {
        Vec::new()
    };
    Ok(OfferView {
        answer: store.get_offer_answer(id).await?,
        messages: store.list_offer_messages(id).await?,
        record,
        side,
        programmes,
    })
}

/// Offers `me` received and offers `me` made, newest first.
pub async fn list_offers(
    state: &AppState,
    me: PersonId,
) -> AppResult<(Vec<OfferRecord>, Vec<OfferRecord>)> {
    let store = state.store();
    Ok((
        store.list_offers_for_protege(me).await?,
        store.list_offers_by_mentor(me).await?,
    ))
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Makes an offer and emails the protégé, with what the mentor noticed and the
/// assurance that nothing is lacking.
pub async fn make_offer(
    state: &AppState,
    mentor: PersonId,
    protege: PersonId,
    noticed: &str,
) -> AppResult<OfferId> {
    let store = state.store();
    if mentor == protege {
        return Err(invalid("protege", "you cannot offer mentoring to yourself"));
    }
    let to = store
        .get_person(protege)
        .await
        .map_err(|_| invalid("protege", "choose a person from the search"))?;
    if !to.active {
        return Err(invalid(
            "protege",
            format!(
                "{} is no longer active in the organisation's directory",
                to.name
            ),
        ));
    }
    let now = state.now();
    let id = store
        .create_offer(mentor, protege, None, noticed, now)
        .await?;
    let from = store.get_person(mentor).await?;
    let noticed = noticed.trim();
    let text = format!(
        "{} ({}) would like to offer you mentoring.\n\nWhat {} noticed: {noticed}\n\n{OFFER_ASSURANCE}\n\n\
         Open Mentorhub, Offers, to read it, ask {} a question, or answer when you are ready: /offers/{}",
        from.name, from.title, first(&from.name), first(&from.name), id.0
    );
    let message = Message {
        kind: NotificationKind::Offer,
        to: protege,
        subject: format!("{} would like to offer you mentoring", from.name),
        text,
        dedupe_key: format!("offer:{}:made", id.0),
    };
    queue(store, &message, now).await?;
    Ok(id)
}

fn first(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// A question from the protégé (or the mentor's answer), emailed to the other.
pub async fn add_message(state: &AppState, me: PersonId, id: OfferId, body: &str) -> AppResult<()> {
    let view = load_offer(state, me, id).await?;
    if !view.is_open() {
        return Err(AppError::Conflict(format!(
            "this offer is already {}: questions are for while it is open",
            view.record.offer.state.as_str()
        )));
    }
    let store = state.store();
    let now = state.now();
    let message_id = store.add_offer_message(id, me, body, now).await?;
    let offer = &view.record.offer;
    let (to, subject) = match view.side {
        Side::Protege => (
            offer.mentor_id,
            format!(
                "{} has a question about your offer",
                view.record.protege_name
            ),
        ),
        Side::Mentor => (
            offer.protege_id,
            format!("{} answered about their offer", view.record.mentor_name),
        ),
    };
    let author = match view.side {
        Side::Protege => &view.record.protege_name,
        Side::Mentor => &view.record.mentor_name,
    };
    let message = Message {
        kind: NotificationKind::Offer,
        to,
        subject,
        text: format!(
            "{author} wrote about the offer of mentoring:\n\n{}\n\nReply in Mentorhub: /offers/{}",
            body.trim(),
            id.0
        ),
        dedupe_key: format!("offer:{}:message:{message_id}", id.0),
    };
    queue(store, &message, now).await?;
    Ok(())
}

/// The protégé says yes: the relationship starts in the chosen informal
/// programme and both are introduced (or the manager is asked first). The
/// programme is checked before the offer is closed. Returns what to tell them.
pub async fn accept_offer(
    state: &AppState,
    me: PersonId,
    id: OfferId,
    programme_id: Option<i64>,
    version: i64,
) -> AppResult<(mentorhub_web::start::Started, String)> {
    let view = load_offer(state, me, id).await?;
    if view.side != Side::Protege {
        return Err(forbidden("only the person offered mentoring can accept it"));
    }
    if !view.is_open() {
        return Err(AppError::Conflict(format!(
            "this offer is already {}",
            view.record.offer.state.as_str()
        )));
    }
    let wanted = programme_id.or_else(|| {
        view.record
            .programme_id
            .filter(|p| view.programmes.iter().any(|c| c.id == p.0))
            .map(|p| p.0)
    });
    let programme: ProgrammeId = pick_programme(&view.programmes, wanted, "programme_id")?;
    let store = state.store();
    let now = state.now();
    store
        .close_offer(id, me, OfferState::Accepted, "", false, version, now)
        .await?;
    let offer = &view.record.offer;
    let started = start_informal(
        store,
        programme,
        offer.mentor_id,
        me,
        Origin::Offer,
        me,
        now,
    )
    .await?;
    store.link_offer_relationship(id, started.id).await?;
    let has_manager = store.get_person(me).await?.manager_id.is_some();
    let said = started_message(&started, &view.record.mentor_name, has_manager);
    Ok((started, said))
}

/// The protégé declines, kindly. The reason reaches the mentor only if the
/// protégé chooses to share it.
pub async fn decline_offer(
    state: &AppState,
    me: PersonId,
    id: OfferId,
    reason: &str,
    share_reason: bool,
    version: i64,
) -> AppResult<()> {
    let view = load_offer(state, me, id).await?;
    if view.side != Side::Protege {
        return Err(forbidden(
            "only the person offered mentoring can decline it",
        ));
    }
    let store = state.store();
    let now = state.now();
    store
        .close_offer(
            id,
            me,
            OfferState::Declined,
            reason,
            share_reason,
            version,
            now,
        )
        .await?;
    let mut text = format!(
        "{} has decided not to take up your offer of mentoring for now. Thank you for making it: being noticed means a lot, whatever the answer.",
        view.record.protege_name
    );
    let reason = reason.trim();
    if share_reason && !reason.is_empty() {
        text.push_str(&format!("\n\nThey chose to share their reason: {reason}"));
    }
    let message = Message {
        kind: NotificationKind::Offer,
        to: view.record.offer.mentor_id,
        subject: format!(
            "{} answered your offer of mentoring",
            view.record.protege_name
        ),
        text,
        dedupe_key: format!("offer:{}:declined", id.0),
    };
    queue(store, &message, now).await?;
    Ok(())
}

/// The mentor withdraws an open offer; the protégé is told.
pub async fn withdraw_offer(
    state: &AppState,
    me: PersonId,
    id: OfferId,
    version: i64,
) -> AppResult<()> {
    let view = load_offer(state, me, id).await?;
    if view.side != Side::Mentor {
        return Err(forbidden(
            "only the mentor who made an offer can withdraw it",
        ));
    }
    let store = state.store();
    let now = state.now();
    store
        .close_offer(id, me, OfferState::Withdrawn, "", false, version, now)
        .await?;
    let message = Message {
        kind: NotificationKind::Offer,
        to: view.record.offer.protege_id,
        subject: format!("{} withdrew their offer of mentoring", view.record.mentor_name),
        text: format!(
            "{} has withdrawn their offer of mentoring. This says nothing about you: circumstances change. You can still look for a mentor yourself, from your shortlist in Mentorhub.",
            view.record.mentor_name
        ),
        dedupe_key: format!("offer:{}:withdrawn", id.0),
    };
    queue(store, &message, now).await?;
    Ok(())
}
