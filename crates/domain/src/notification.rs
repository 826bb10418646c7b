//! Notifications: every message the product sends is one row in a durable outbox.

use crate::{DomainError, NotificationId};
use serde::{Deserialize, Serialize};

/// What a notification is about; used to pick its template and to avoid sending
/// the same reminder twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Invitation,
    Announcement,
    ApplicationDecided,
    Introduction,
    ManagerApprovalRequest,
    ManagerInformed,
    MatchRequest,
    Offer,
    AgreementConfirmed,
    CheckInDue,
    DormancyWarning,
    DormancyDeclared,
    ReassessmentDue,
    RelationshipEnded,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 14] = [
        NotificationKind::Invitation,
        NotificationKind::Announcement,
        NotificationKind::ApplicationDecided,
        NotificationKind::Introduction,
        NotificationKind::ManagerApprovalRequest,
        NotificationKind::ManagerInformed,
        NotificationKind::MatchRequest,
        NotificationKind::Offer,
        NotificationKind::AgreementConfirmed,
        NotificationKind::CheckInDue,
        NotificationKind::DormancyWarning,
        NotificationKind::DormancyDeclared,
        NotificationKind::ReassessmentDue,
        NotificationKind::RelationshipEnded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Invitation => "invitation",
            NotificationKind::Announcement => "announcement",
            NotificationKind::ApplicationDecided => "application_decided",
            NotificationKind::Introduction => "introduction",
            NotificationKind::ManagerApprovalRequest => "manager_approval_request",
            NotificationKind::ManagerInformed => "manager_informed",
            NotificationKind::MatchRequest => "match_request",
            NotificationKind::Offer => "offer",
            NotificationKind::AgreementConfirmed => "agreement_confirmed",
            NotificationKind::CheckInDue => "checkin_due",
            NotificationKind::DormancyWarning => "dormancy_warning",
            NotificationKind::DormancyDeclared => "dormancy_declared",
            NotificationKind::ReassessmentDue => "reassessment_due",
            NotificationKind::RelationshipEnded => "relationship_ended",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::invalid("kind", format!("unknown notification kind {s:?}")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Sent,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "pending" => Ok(Self::Pending),
            "sent" => Ok(Self::Sent),
            "failed" => Ok(Self::Failed),
            _ => Err(DomainError::invalid(
                "status",
                format!("unknown delivery status {s:?}"),
            )),
        }
    }
}

/// A rendered message waiting in (or sent from) the outbox. `dedupe_key` makes
/// enqueueing idempotent: the same reminder for the same relationship and day is
/// one row however many times the scheduler runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub dedupe_key: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
}

/// Retry delay after `attempts` failed sends: exponential from 30 s, capped at 1 h.
pub fn retry_backoff_ms(attempts: u32) -> i64 {
    let base: i64 = 30_000;
    base.saturating_mul(1i64 << attempts.min(7)).min(3_600_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()).unwrap(), k);
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(retry_backoff_ms(0), 30_000);
        assert_eq!(retry_backoff_ms(1), 60_000);
        assert!(retry_backoff_ms(3) > retry_backoff_ms(2));
        assert_eq!(retry_backoff_ms(30), 3_600_000);
    }
}
