//! Who may do what on the technology market.

use kechuang_kernel::access::{Permission, RoleSet};
use kechuang_kernel::role::Role::*;

/// Browse and search published achievements and demands, and their matches.
pub const VIEW_MARKET: Permission = Permission::new(
    "view_market",
    "Browse and search published achievements and demands, and their matches.",
    RoleSet::ALL,
);
/// Offer an achievement (科技成果) on the market.
pub const POST_ACHIEVEMENT: Permission = Permission::new(
    "post_achievement",
    "Offer an achievement on the market.",
    RoleSet::GOVERNMENT.with(&[EnterpriseUser, InstitutionUser, Expert]),
);
/// Post a technical demand (技术需求).
pub const POST_DEMAND: Permission = Permission::new(
    "post_demand",
    "Post a technical demand.",
    RoleSet::GOVERNMENT.with(&[EnterpriseUser]),
);
/// Review submitted achievements (publish or return them).
pub const REVIEW_MARKET: Permission = Permission::new(
    "review_market",
    "Review submitted achievements (publish or return them).",
    RoleSet::BUREAU,
);
/// Compile demand lists and push them to universities and institutes.
pub const PUSH_DEMANDS: Permission = Permission::new(
    "push_demands",
    "Compile demand lists and push them to universities and institutes.",
    RoleSet::BUREAU,
);
/// See the demands pushed to one's own institution.
pub const VIEW_PUSHED_DEMANDS: Permission = Permission::new(
    "view_pushed_demands",
    "See the demands pushed to one's own institution.",
    RoleSet::BUREAU.with(&[InstitutionUser]),
);
/// Mark proposed matches useful or not, save searches.
pub const USE_MARKET_TOOLS: Permission = Permission::new(
    "use_market_tools",
    "Mark proposed matches useful or not, save searches with alerts.",
    RoleSet::SIGNED_IN,
);
/// See registered technology contracts and their statistics.
pub const VIEW_CONTRACTS: Permission = Permission::new(
    "view_contracts",
    "See registered technology contracts and their statistics.",
    RoleSet::GOVERNMENT,
);
/// Register technology contracts (技术合同登记).
pub const REGISTER_CONTRACTS: Permission = Permission::new(
    "register_contracts",
    "Register technology contracts.",
    RoleSet::GOVERNMENT,
);
/// List a 揭榜挂帅 challenge.
pub const POST_CHALLENGE: Permission = Permission::new(
    "post_challenge",
    "List an open-call challenge (揭榜挂帅).",
    RoleSet::BUREAU.with(&[EnterpriseUser]),
);
/// Bid on an open challenge with a team's proposal.
pub const BID_CHALLENGES: Permission = Permission::new(
    "bid_challenges",
    "Bid on an open challenge with a team's proposal.",
    RoleSet::of(&[EnterpriseUser, InstitutionUser, Expert]),
);
/// Score bids with written reasons.
pub const REVIEW_CHALLENGES: Permission = Permission::new(
    "review_challenges",
    "Score bids with written reasons.",
    RoleSet::BUREAU.with(&[Expert]),
);

/// Every permission of the technology market.
pub const ALL: &[Permission] = &[
    VIEW_MARKET,
    POST_ACHIEVEMENT,
    POST_DEMAND,
    REVIEW_MARKET,
    PUSH_DEMANDS,
    VIEW_PUSHED_DEMANDS,
    USE_MARKET_TOOLS,
    VIEW_CONTRACTS,
    REGISTER_CONTRACTS,
    POST_CHALLENGE,
    BID_CHALLENGES,
    REVIEW_CHALLENGES,
];
