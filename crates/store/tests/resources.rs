//! Training resources and required-training completion.

mod common;

use common::*;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::training::{Audience, Resource, ResourceKind};
use mentorhub_domain::{ProgrammeId, ResourceId};
use mentorhub_store::{store_story, Store};

fn resource(
    programme: Option<ProgrammeId>,
    title: &str,
    audience: Audience,
    required: bool,
) -> Resource {
    Resource {
        id: ResourceId(0),
        programme_id: programme,
        title: title.into(),
        kind: ResourceKind::Training,
        audience,
        body: "Read and reflect".into(),
        link: None,
        required,
    }
}

store_story!(
    mentors_are_trained_when_every_required_item_is_done,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let other = programme(&store, "Elsewhere").await;
        let maya = person(&store, "M1", "Maya").await;
        let builtin = store
            .create_resource(
                &resource(None, "Being a mentor", Audience::Mentor, true),
                NOW,
            )
            .await
            .unwrap();
        let own = store
            .create_resource(
                &resource(Some(g), "Our coaching model", Audience::Everyone, true),
                NOW,
            )
            .await
            .unwrap();
        store
            .create_resource(
                &resource(Some(g), "Agenda template", Audience::Mentee, false),
                NOW,
            )
            .await
            .unwrap();
        store
            .create_resource(
                &resource(Some(other), "Not ours", Audience::Mentor, true),
                NOW,
            )
            .await
            .unwrap();

        let listed: Vec<String> = store
            .list_resources(Some(g))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(
            listed,
            ["Being a mentor", "Our coaching model", "Agenda template"],
            "required first, other programmes' hidden"
        );
        assert_eq!(
            store.list_resources(None).await.unwrap().len(),
            1,
            "built-ins only"
        );

        assert!(!store
            .required_training_complete(maya, g, ParticipantRole::Mentor)
            .await
            .unwrap());
        store
            .mark_resource_complete(builtin, maya, NOW)
            .await
            .unwrap();
        store.mark_resource_complete(own, maya, NOW).await.unwrap();
        store.mark_resource_complete(own, maya, NOW).await.unwrap();
        assert!(store
            .required_training_complete(maya, g, ParticipantRole::Mentor)
            .await
            .unwrap());
        assert_eq!(store.list_completions(maya).await.unwrap().len(), 2);
        store.mark_resource_incomplete(builtin, maya).await.unwrap();
        assert!(!store
            .required_training_complete(maya, g, ParticipantRole::Mentor)
            .await
            .unwrap());
        // A mentee's requirement here is only the "everyone" item, which is done.
        assert!(store
            .required_training_complete(maya, g, ParticipantRole::Mentee)
            .await
            .unwrap());

        let mut unsafe_link = resource(Some(g), "Bad", Audience::Mentor, false);
        unsafe_link.body = String::new();
        unsafe_link.link = Some("javascript:alert(1)".into());
        assert!(store
            .create_resource(&unsafe_link, NOW)
            .await
            .unwrap_err()
            .to_string()
            .starts_with("link"));
        assert_eq!(
            store.get_resource(own).await.unwrap().title,
            "Our coaching model"
        );
    }
);
