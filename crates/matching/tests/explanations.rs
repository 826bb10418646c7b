//! Every pair explains its score by criterion and the preference it honours;
//! every unmatched mentee gets the reason; recommendations use the same scores.

use mentorhub_matching::{solve, Criterion, Explanation, Instance, Recommender, SolveOptions};

const ISSUE_EXAMPLE: &[u8] = br#"{
  "weights": {"skills": 30, "leadership_style": 15, "personal_style": 10, "career_gap": 15, "location": 10, "function": 10, "text": 10},
  "rules": {"management_line": "exclude", "min_level_gap": 1, "same_location": false, "function": "any"},
  "mentors": [
    {"id": "m1", "capacity": 2, "skills": {"strategy": 4, "coaching": 2}, "leadership_style": "collaborative",
     "personal_style": ["sociable", "thinker", "warm"], "level": 8, "location": "London", "function": "Finance",
     "bio": "I coach leaders on strategy and quick decisions"},
    {"id": "m2", "capacity": 1, "skills": {"talent": 5}, "leadership_style": "decisive", "level": 6,
     "location": "Leeds", "function": "Sales", "bio": "developing talent"},
    {"id": "m3", "capacity": 1, "level": 9},
    {"id": "m4", "capacity": 1, "level": 4}
  ],
  "mentees": [
    {"id": "e1", "focus_skills": ["strategy"], "leadership_style": "decisive", "style_preference": "mirror",
     "personal_preference": ["warm"], "level": 5, "location": "Leeds", "function": "Sales",
     "goals": "make quick strategy decisions", "management_chain": ["e9", "e4"]},
    {"id": "e7", "level": 5, "management_chain": ["m3"]}
  ],
  "preferences": [{"mentee": "e1", "mentor": "m1", "rank": 1}],
  "forbidden": [{"mentee": "e7", "mentor": "m1"}, {"mentee": "e7", "mentor": "m2"}]
}"#;

#[test]
fn each_pair_explains_its_score_by_criterion_and_preference() {
    let inst = Instance::from_json(ISSUE_EXAMPLE).unwrap();
    let result = solve(&inst, &SolveOptions::default()).result;
    let pair = &result.pairs[0];
    assert_eq!(
        (
            pair.mentee.as_str(),
            pair.mentor.as_str(),
            pair.preference_rank
        ),
        ("e1", "m1", Some(1))
    );
    let Explanation::Criteria(parts) = pair.explanation else {
        panic!("computed scores have criteria")
    };
    assert_eq!(parts.iter().sum::<i32>(), pair.score);
    // strategy at level 4 of 5 → 24 of 30; gap 3 is ideal → 15; "warm" wanted and offered → 10.
    assert_eq!(parts[0], 24);
    assert_eq!(parts[3], 15);
    assert_eq!(parts[2], 10);
    assert_eq!(parts[1], 0, "mirror of decisive, mentor is collaborative");
    assert!(parts[6] > 0, "goals and bio share words");
    let json = serde_json::to_value(&pair.explanation).unwrap();
    for c in Criterion::ALL {
        assert!(json.get(c.name()).is_some(), "{} reported", c.name());
    }
}

#[test]
fn an_unmatched_mentee_hears_which_rule_blocked_which_mentor() {
    let inst = Instance::from_json(ISSUE_EXAMPLE).unwrap();
    let result = solve(&inst, &SolveOptions::default()).result;
    let e7 = result
        .unmatched
        .iter()
        .find(|u| u.mentee == "e7")
        .expect("e7 cannot be matched");
    assert_eq!(
        e7.reason,
        "no eligible mentor: management line (m3), level gap (m4), forbidden (m1, m2)"
    );
}

#[test]
fn a_mentee_left_out_for_capacity_is_told_so() {
    let inst = Instance::from_json(
        br#"{"mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}],
             "mentees": [{"id": "a"}, {"id": "b"}],
             "score_matrix": [[5, -1], [3, -1]]}"#,
    )
    .unwrap();
    let result = solve(&inst, &SolveOptions::default()).result;
    assert_eq!(result.unmatched[0].mentee, "b");
    assert_eq!(
        result.unmatched[0].reason,
        "every eligible mentor is at capacity (m1); ineligible: no score given (m2)"
    );
}

#[test]
fn recommendations_are_the_best_eligible_mentors_with_the_same_scores() {
    let inst = Instance::from_json(ISSUE_EXAMPLE).unwrap();
    let rec = Recommender::new(&inst);
    let top = rec.top(0, 2);
    assert_eq!(top.len(), 2);
    assert!(top[0].score >= top[1].score);
    assert_eq!(top[0].mentor, "m1");
    assert_eq!(top[0].preference_rank, Some(1));
    let result = solve(&inst, &SolveOptions::default()).result;
    assert_eq!(top[0].score, result.pairs[0].score);
    assert!(rec.top(1, 5).is_empty(), "e7 has no eligible mentor");
}
