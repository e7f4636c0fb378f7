//! 揭榜挂帅 challenges: the life cycle, challenge and bid validation, review
//! checks and the standing of bids.

use chrono::NaiveDate;
use kechuang_market::challenge::{BidInput, ChallengeInput, Score, challenge_step, check_review, standings};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn the_life_cycle() {
    let cases = [
        ("draft", "open", true),
        ("open", "reviewing", true),
        ("reviewing", "awarded", true),
        ("awarded", "completed", true),
        ("open", "awarded", false),
        ("draft", "reviewing", false),
        ("open", "cancelled", true),
        ("awarded", "cancelled", false),
        ("completed", "open", false),
    ];
    for (from, to, ok) in cases {
        assert_eq!(challenge_step(from, to).is_ok(), ok, "{from} -> {to}");
    }
}

#[test]
fn a_challenge_needs_a_task_a_reward_and_a_future_deadline() {
    let c = ChallengeInput {
        title: "高纯石英砂提纯关键技术".into(),
        task: "4N5级高纯石英砂提纯".into(),
        field: "新材料".into(),
        reward: "500万".into(),
        deadline: "2027-03-31".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    assert_eq!(
        (c.reward_fen, c.field.as_str(), c.deadline.as_str()),
        (500_000_000, "new_materials", "2027-03-31")
    );
    let fields: Vec<&str> = ChallengeInput {
        deadline: "2026-11-24".into(),
        reward: "0".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap_err()
    .iter()
    .map(|e| e.field)
    .collect();
    assert_eq!(fields, ["title", "task", "reward", "deadline"]);
}

#[test]
fn a_bid_stays_within_the_reward() {
    let bid = |budget: &str, months: &str| BidInput {
        team_name: "河北工业大学材料学院团队".into(),
        team_kind: "高校院所".into(),
        proposal: "采用酸浸—氯化焙烧—浮选联合工艺，配合在线杂质检测，目标纯度99.995%".into(),
        budget: budget.into(),
        months: months.into(),
    };
    let b = bid("300万", "18").validate(500_000_000).unwrap();
    assert_eq!(
        (b.team_kind.as_str(), b.budget_fen, b.months),
        ("institution", 300_000_000, 18)
    );
    assert_eq!(bid("600万", "18").validate(500_000_000).unwrap_err()[0].field, "budget");
    assert_eq!(bid("300万", "0").validate(500_000_000).unwrap_err()[0].field, "months");
    let mut short = bid("1万", "3");
    short.proposal = "能做".into();
    assert_eq!(short.validate(500_000_000).unwrap_err()[0].field, "proposal");
}

#[test]
fn reviews_need_a_score_and_a_reason() {
    assert_eq!(check_review("85", "方案可行，团队有基础").unwrap(), 85);
    let fields = |s: &str, r: &str| {
        check_review(s, r)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect::<Vec<_>>()
    };
    assert_eq!(fields("101", "理由充分的意见"), ["score"]);
    assert_eq!(fields("80", "好"), ["reason"]);
    assert_eq!(fields("x", ""), ["score", "reason"]);
}

#[test]
fn standings_rank_by_mean_then_reviews() {
    let s = |bid_id, score| Score { bid_id, score };
    let ranked = standings(&[s(1, 80), s(1, 90), s(2, 85), s(3, 85), s(3, 85), s(4, 70)]);
    let order: Vec<(i64, i64)> = ranked.iter().map(|r| (r.bid_id, r.mean_x100)).collect();
    assert_eq!(
        order,
        [(1, 8500), (3, 8500), (2, 8500), (4, 7000)],
        "equal means: more reviews first, then the earlier bid"
    );
    assert!(standings(&[]).is_empty());
}
