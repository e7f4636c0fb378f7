//! The states an entitlement and an application go through, and which step
//! leads from which state (pure). The store performs a step only from the
//! state the step starts from (`UPDATE … WHERE status = from`), so two
//! clerks acting at once cannot both succeed.

kechuang_kernel::coded_enum! {
    /// Where an entitlement stands.
    pub enum EntitlementStatus: "status" {
        Pending => "pending", "待定参数", "Waiting for a parameter";
        Found => "found", "已比对", "Found";
        Withheld => "withheld", "失信暂停", "Withheld (blacklist)";
        Told => "told", "已告知", "Told";
        Confirmed => "confirmed", "已确认", "Confirmed";
        Approved => "approved", "已核准", "Approved";
        Paid => "paid", "已拨付", "Paid";
        Declined => "declined", "企业放弃", "Declined";
        Refused => "refused", "不予兑现", "Refused";
        ClawedBack => "clawed_back", "已追回", "Clawed back";
    }
}

kechuang_kernel::coded_enum! {
    /// What is done to an entitlement.
    pub enum EntitlementStep: "step" {
        Compute => "compute", "计算", "Compute";
        Withhold => "withhold", "暂停告知", "Withhold";
        Tell => "tell", "告知", "Tell";
        Confirm => "confirm", "确认", "Confirm";
        Decline => "decline", "放弃", "Decline";
        Approve => "approve", "核准", "Approve";
        Refuse => "refuse", "不予兑现", "Refuse";
        Batch => "batch", "编入拨付批次", "Put in a batch";
        Pay => "pay", "拨付", "Pay";
        PaymentFailed => "payment_failed", "拨付失败", "Payment failed";
        ClawBack => "claw_back", "追回", "Claw back";
    }
}

impl EntitlementStatus {
    /// The state `step` leads to from `self`, if it may be taken.
    pub fn after(self, step: EntitlementStep) -> Option<EntitlementStatus> {
        use EntitlementStatus as S;
        use EntitlementStep as T;
        Some(match (self, step) {
            (S::Pending, T::Compute) => S::Found,
            (S::Found, T::Withhold) => S::Withheld,
            (S::Found | S::Withheld, T::Tell) => S::Told,
            (S::Found | S::Told, T::Confirm) => S::Confirmed,
            (S::Found | S::Told, T::Decline) => S::Declined,
            (S::Confirmed, T::Approve) => S::Approved,
            (S::Found | S::Told | S::Confirmed | S::Withheld | S::Pending, T::Refuse) => S::Refused,
            (S::Approved, T::Batch) => S::Approved,
            (S::Approved, T::Pay) => S::Paid,
            (S::Approved, T::PaymentFailed) => S::Approved,
            (S::Paid, T::ClawBack) => S::ClawedBack,
            _ => return None,
        })
    }

    /// The subject was found entitled (counts as eligible in the funnel).
    pub fn eligible(self) -> bool {
        !matches!(self, Self::Pending | Self::Refused)
    }

    /// The subject has been told (or gone further).
    pub fn told(self) -> bool {
        matches!(
            self,
            Self::Told | Self::Confirmed | Self::Approved | Self::Paid | Self::Declined | Self::ClawedBack
        )
    }

    /// Money is reserved or spent for it.
    pub fn committed(self) -> bool {
        matches!(self, Self::Approved | Self::Paid)
    }
}

/// An entitlement a subject already has in a stacking group in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stacked {
    pub id: i64,
    pub rule: String,
    pub amount_fen: i64,
    pub status: EntitlementStatus,
}

/// What 从高不重复 makes of a new entitlement of a stacking group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackDecision {
    /// No other entitlement of the group this year: it stands.
    Stands,
    /// It is higher than those (not yet approved) it replaces.
    Replaces(Vec<i64>),
    /// Another entitlement of the group is as high or is already approved.
    Yields { to: String },
}

/// 从高不重复 within a year: a subject gets the highest entitlement of a
/// group. An approved or paid one stays whatever comes later; among the
/// others the higher wins and, at equal amounts, the one found first.
pub fn stack(existing: &[Stacked], amount_fen: i64) -> StackDecision {
    let live: Vec<&Stacked> = existing
        .iter()
        .filter(|e| {
            !matches!(
                e.status,
                EntitlementStatus::Refused | EntitlementStatus::Declined | EntitlementStatus::ClawedBack
            )
        })
        .collect();
    if let Some(e) = live.iter().find(|e| e.status.committed() || e.amount_fen >= amount_fen) {
        return StackDecision::Yields { to: e.rule.clone() };
    }
    if live.is_empty() {
        StackDecision::Stands
    } else {
        StackDecision::Replaces(live.iter().map(|e| e.id).collect())
    }
}

kechuang_kernel::coded_enum! {
    /// Where an application stands.
    pub enum ApplicationStatus: "status" {
        Submitted => "submitted", "待县级审核", "Awaiting county review";
        Returned => "returned", "退回修改", "Returned for correction";
        CountyApproved => "county_approved", "待市级审核", "Awaiting city review";
        Approved => "approved", "已批准", "Approved";
        Rejected => "rejected", "不予批准", "Rejected";
        Withdrawn => "withdrawn", "已撤回", "Withdrawn";
    }
}

kechuang_kernel::coded_enum! {
    /// A decision taken on an application.
    pub enum Decision: "decision" {
        Approve => "approve", "同意", "Approve";
        Return => "return", "退回修改", "Return for correction";
        Reject => "reject", "不同意", "Reject";
    }
}

kechuang_kernel::coded_enum! {
    /// Who decides at a step of review.
    pub enum ReviewStep: "step" {
        County => "county", "县级审核", "County review";
        City => "city", "市级审核", "City review";
    }
}

impl ApplicationStatus {
    /// The review step an application in this state waits for.
    pub fn awaiting(self) -> Option<ReviewStep> {
        match self {
            Self::Submitted => Some(ReviewStep::County),
            Self::CountyApproved => Some(ReviewStep::City),
            _ => None,
        }
    }

    /// The state `decision` at `step` leads to, if the application waits for
    /// that step.
    pub fn decide(self, step: ReviewStep, decision: Decision) -> Option<ApplicationStatus> {
        if self.awaiting() != Some(step) {
            return None;
        }
        Some(match (step, decision) {
            (ReviewStep::County, Decision::Approve) => Self::CountyApproved,
            (ReviewStep::City, Decision::Approve) => Self::Approved,
            (_, Decision::Return) => Self::Returned,
            (_, Decision::Reject) => Self::Rejected,
        })
    }

    /// The applicant may still withdraw it.
    pub fn withdrawable(self) -> bool {
        matches!(self, Self::Submitted | Self::Returned | Self::CountyApproved)
    }

    /// The applicant may correct and resubmit it.
    pub fn correctable(self) -> bool {
        self == Self::Returned
    }

    /// No step leads on from here.
    pub fn closed(self) -> bool {
        matches!(self, Self::Approved | Self::Rejected | Self::Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus as A;
    use EntitlementStatus as S;
    use EntitlementStep as T;

    #[test]
    fn entitlement_steps() {
        let table: &[(S, T, Option<S>)] = &[
            (S::Pending, T::Compute, Some(S::Found)),
            (S::Pending, T::Tell, None),
            (S::Found, T::Tell, Some(S::Told)),
            (S::Withheld, T::Tell, Some(S::Told)),
            (S::Found, T::Withhold, Some(S::Withheld)),
            (S::Told, T::Confirm, Some(S::Confirmed)),
            (S::Withheld, T::Confirm, None),
            (S::Told, T::Decline, Some(S::Declined)),
            (S::Confirmed, T::Approve, Some(S::Approved)),
            (S::Told, T::Approve, None),
            (S::Approved, T::Approve, None),
            (S::Approved, T::Pay, Some(S::Paid)),
            (S::Paid, T::Pay, None),
            (S::Confirmed, T::Pay, None),
            (S::Paid, T::ClawBack, Some(S::ClawedBack)),
            (S::Approved, T::ClawBack, None),
            (S::Paid, T::Refuse, None),
            (S::Confirmed, T::Refuse, Some(S::Refused)),
            (S::ClawedBack, T::Pay, None),
        ];
        for (from, step, to) in table {
            assert_eq!(from.after(*step), *to, "{from:?} --{step:?}-->");
        }
    }

    #[test]
    fn funnel_stages_nest() {
        for &s in S::ALL {
            if s.committed() {
                assert!(s.told() && s.eligible(), "{s:?}");
            }
            if s.told() {
                assert!(s.eligible(), "{s:?}");
            }
        }
    }

    #[test]
    fn the_higher_of_a_group_stands() {
        let e = |id, amount_fen, status| Stacked {
            id,
            rule: format!("r{id}"),
            amount_fen,
            status,
        };
        let table: &[(&str, Vec<Stacked>, i64, StackDecision)] = &[
            ("alone", vec![], 100, StackDecision::Stands),
            (
                "higher replaces",
                vec![e(1, 50, S::Told)],
                100,
                StackDecision::Replaces(vec![1]),
            ),
            (
                "equal yields",
                vec![e(1, 100, S::Found)],
                100,
                StackDecision::Yields { to: "r1".into() },
            ),
            (
                "lower yields",
                vec![e(1, 200, S::Found)],
                100,
                StackDecision::Yields { to: "r1".into() },
            ),
            (
                "approved stays",
                vec![e(1, 50, S::Approved)],
                100,
                StackDecision::Yields { to: "r1".into() },
            ),
            (
                "paid stays",
                vec![e(1, 50, S::Paid)],
                100,
                StackDecision::Yields { to: "r1".into() },
            ),
            (
                "refused ignored",
                vec![e(1, 500, S::Refused)],
                100,
                StackDecision::Stands,
            ),
        ];
        for (what, existing, amount, want) in table {
            assert_eq!(&stack(existing, *amount), want, "{what}");
        }
    }

    #[test]
    fn review_goes_county_then_city() {
        use Decision::*;
        use ReviewStep::*;
        let table: &[(A, ReviewStep, Decision, Option<A>)] = &[
            (A::Submitted, County, Approve, Some(A::CountyApproved)),
            (A::Submitted, City, Approve, None),
            (A::Submitted, County, Return, Some(A::Returned)),
            (A::Submitted, County, Reject, Some(A::Rejected)),
            (A::CountyApproved, City, Approve, Some(A::Approved)),
            (A::CountyApproved, County, Approve, None),
            (A::CountyApproved, City, Return, Some(A::Returned)),
            (A::Returned, County, Approve, None),
            (A::Approved, City, Approve, None),
            (A::Withdrawn, County, Approve, None),
        ];
        for (from, step, d, to) in table {
            assert_eq!(from.decide(*step, *d), *to, "{from:?} {step:?} {d:?}");
        }
        assert!(A::Returned.correctable() && !A::Submitted.correctable());
        assert!(A::CountyApproved.withdrawable() && !A::Approved.withdrawable());
    }
}
