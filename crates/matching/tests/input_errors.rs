//! Bad files are refused with one line that names the field and the item.

use mentorhub_matching::Instance;
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "mentors": [{"id": "m1", "capacity": 2}, {"id": "m2", "capacity": 1}],
        "mentees": [{"id": "e1"}, {"id": "e2"}],
        "preferences": [{"mentee": "e1", "mentor": "m1", "rank": 1}],
        "forbidden": [{"mentee": "e2", "mentor": "m2"}],
        "pinned": [{"mentee": "e2", "mentor": "m1"}],
        "score_matrix": [[10, 20], [30, 40]]
    })
}

fn error_of(v: &Value) -> String {
    Instance::from_json(v.to_string().as_bytes())
        .expect_err("the file is bad")
        .to_string()
}

fn with(path: &str, value: Value) -> Value {
    let mut v = base();
    let mut cur = &mut v;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = match p.parse::<usize>() {
            Ok(k) => &mut cur[k],
            Err(_) => &mut cur[*p],
        };
    }
    let last = parts[parts.len() - 1];
    match last.parse::<usize>() {
        Ok(k) => cur[k] = value,
        Err(_) => cur[last] = value,
    }
    v
}

#[test]
fn the_base_file_is_valid() {
    Instance::from_json(base().to_string().as_bytes()).unwrap();
}

#[test]
fn each_bad_input_gets_a_one_line_error_naming_field_and_item() {
    let cases = [
        (
            with("preferences.0.mentor", json!("m9")),
            r#"preferences[0].mentor: unknown mentor id "m9""#,
        ),
        (
            with("preferences.0.mentee", json!("e9")),
            r#"preferences[0].mentee: unknown mentee id "e9""#,
        ),
        (
            with("forbidden.0.mentor", json!("x")),
            r#"forbidden[0].mentor: unknown mentor id "x""#,
        ),
        (
            with("pinned.0.mentee", json!("nobody")),
            r#"pinned[0].mentee: unknown mentee id "nobody""#,
        ),
        (
            with("mentors.1.id", json!("m1")),
            r#"duplicate mentor id "m1""#,
        ),
        (
            with("mentees.1.id", json!("e1")),
            r#"duplicate mentee id "e1""#,
        ),
        (
            with("preferences.0.rank", json!(3)),
            "preferences[0].rank: rank must be 1 or 2, not 3",
        ),
        (
            with(
                "preferences",
                json!([
                {"mentee": "e1", "mentor": "m1", "rank": 1},
                {"mentee": "e1", "mentor": "m2", "rank": 2},
                {"mentee": "e1", "mentor": "m2", "rank": 2}]),
            ),
            r#"preferences[2]: mentee "e1" has more than two preferences"#,
        ),
        (
            with(
                "preferences",
                json!([{"mentee": "e1", "mentor": "m1", "rank": 1}, {"mentee": "e1", "mentor": "m2", "rank": 1}]),
            ),
            r#"preferences[1].rank: mentee "e1" already has a rank-1 preference"#,
        ),
        (
            with("mentors.0.capacity", json!(-1)),
            r#"mentors[0].capacity: negative capacity -1 (mentor "m1")"#,
        ),
        (
            with("score_matrix", json!([[1, 2]])),
            "score_matrix: 1 rows, expected 2 (one per mentee, in file order)",
        ),
        (
            with("score_matrix.1", json!([1, 2, 3])),
            "score_matrix[1]: 3 entries, expected 2 (one per mentor, in file order)",
        ),
        (
            with("score_matrix.1", json!([1, 10001])),
            "score_matrix[1]: column 1: score 10001 out of range",
        ),
        (
            with("score_matrix.0", json!([1.5, 2])),
            "score_matrix[0]: column 0: expected an integer score",
        ),
        (
            with("pinned.0.mentor", json!("m2")),
            r#"pinned[0]: mentee "e2" cannot be pinned to mentor "m2": forbidden"#,
        ),
        (
            with("mentors.0.capacity", json!("two")),
            "mentors[0].capacity: invalid type: string \"two\"",
        ),
        (
            with("rules", json!({"function": "sideways"})),
            "rules.function: unknown variant `sideways`",
        ),
        (
            with("weights", json!({"skills": -3})),
            "weights.skills: invalid value: integer `-3`",
        ),
        (
            with("mentees.0.style_preference", json!("mirrors")),
            "mentees[0].style_preference: unknown variant `mirrors`",
        ),
    ];
    for (file, expected) in cases {
        let message = error_of(&file);
        assert!(
            message.contains(expected),
            "expected {expected:?} in {message:?}"
        );
        assert!(!message.contains('\n'), "one line: {message:?}");
    }
}

#[test]
fn malformed_json_names_where_it_broke() {
    let message = Instance::from_json(br#"{"mentors": [{"id": "m1"}], "mentees": [{"id": "e1",]}"#)
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 1 column"), "{message}");
    assert!(!message.contains('\n'));
    let message = Instance::from_json(b"").unwrap_err().to_string();
    assert!(message.starts_with("input: "), "{message}");
}

#[test]
fn both_score_forms_at_once_are_refused() {
    let mut v = base();
    v["scores"] = json!([{"mentee": "e1", "mentor": "m1", "score": 5}]);
    assert_eq!(
        error_of(&v),
        "scores: give either scores or score_matrix, not both"
    );
}

#[test]
fn sparse_scores_are_checked_too() {
    let mut v = base();
    v.as_object_mut().unwrap().remove("score_matrix");
    v["scores"] = json!([{"mentee": "e1", "mentor": "m1", "score": 5}, {"mentee": "e1", "mentor": "m1", "score": 6}]);
    assert!(
        error_of(&v).starts_with("scores[1]: duplicate score for mentee \"e1\" and mentor \"m1\"")
    );
    v["scores"] = json!([{"mentee": "e1", "mentor": "m7", "score": 5}]);
    assert_eq!(error_of(&v), r#"scores[0].mentor: unknown mentor id "m7""#);
    v["scores"] = json!([{"mentee": "e1", "mentor": "m1", "score": 10001}]);
    assert_eq!(
        error_of(&v),
        "scores[0].score: score 10001 out of range 0–10000"
    );
}

#[test]
fn a_pin_beyond_capacity_is_refused() {
    let v = with(
        "pinned",
        json!([{"mentee": "e1", "mentor": "m2"}, {"mentee": "e2", "mentor": "m2"}]),
    );
    let v = with_obj(v, "forbidden", json!([]));
    assert_eq!(
        error_of(&v),
        r#"pinned[1]: mentor "m2" has more pinned mentees than its capacity 1"#
    );
}

fn with_obj(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}
