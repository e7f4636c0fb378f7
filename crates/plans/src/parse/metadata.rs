//! Document metadata: title, issuing body, document number (发文字号), date issued and
//! plan period, read from the lines before the first numbered heading (and, for
//! signatures and dates, from standalone lines anywhere in the document).

use crate::parse::lines::Line;
use crate::parse::model::Period;
use crate::parse::normalize::{Dual, looks_traditional};
use regex::Regex;
use std::sync::OnceLock;

macro_rules! static_re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| Regex::new($pat).unwrap_or_else(|e| unreachable!("static regex: {e}")))
        }
    };
}

static_re!(
    doc_number_line_re,
    r"^(\p{Han}{1,12}?)\s*[〔\[【(]\s*((?:19|20)\d{2})\s*[〕\]】)]?\s*(\d{1,4})\s*号?$"
);
static_re!(
    doc_number_label_re,
    r"(?:发文字号|文号)\s*:\s*(\p{Han}{1,12}?)\s*[〔\[【(]\s*((?:19|20)\d{2})\s*[〕\]】)]\s*(\d{1,4})\s*号"
);
static_re!(
    date_re,
    r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
);
static_re!(
    cn_date_re,
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
);
static_re!(
    org_suffix_re,
    r"(人民政府|办公室|办公厅|委员会|管委会|局|厅|委|部|院|中心|政府)$"
);
static_re!(
    notice_issuer_re,
    r"^(?:\([^)]*\))?\s*(\p{Han}{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|局|厅|委))(?:关于|印发)"
);
static_re!(
    issuer_label_re,
    r"(?:发文机关|发布机构|发文单位|发布单位)\s*:\s*(\p{Han}{2,30})"
);
static_re!(
    title_end_re,
    r"(方案|意见|计划|规划|办法|细则|措施|纲要|规定|决定|要点|条例|指南|通知|意见稿|政策)(\s*\([^)]*\))*$"
);
static_re!(
    period_re,
    r"((?:19|20)\d{2})\s*年?\s*(?:-|~|至|到)\s*((?:19|20)\d{2})\s*年?"
);
static_re!(leading_paren_re, r"^\([^)]{1,12}\)\s*");

/// Metadata fields of a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issued_on: Option<String>,
    pub issuer: Option<String>,
    pub period: Period,
}

/// Reads metadata. `first_heading` is the index of the first numbered heading.
pub fn extract(lines: &[Line], first_heading: usize) -> Metadata {
    let header = &lines[..first_heading.min(lines.len())];
    let title = title(header);
    let mut period = Period::default();
    let mut sources: Vec<&str> = Vec::new();
    if let Some(t) = &title {
        sources.push(t);
    }
    sources.extend(header.iter().filter(|l| !l.junk).map(|l| l.text.norm.as_str()));
    for s in sources {
        if let Some(p) = find_period(&crate::parse::normalize::normalize(s)) {
            period = p;
            break;
        }
    }
    Metadata {
        title,
        doc_number: doc_number(header),
        issued_on: issued_on(lines),
        issuer: issuer(lines, header),
        period,
    }
}

fn find_period(norm: &str) -> Option<Period> {
    for caps in period_re().captures_iter(norm) {
        let a: i32 = caps.get(1)?.as_str().parse().ok()?;
        let b: i32 = caps.get(2)?.as_str().parse().ok()?;
        if a <= b && b - a <= 15 {
            return Some(Period {
                start_year: Some(a),
                end_year: Some(b),
            });
        }
    }
    None
}

fn doc_number(header: &[Line]) -> Option<String> {
    for line in header {
        let norm = line.text.norm.trim();
        let Some(caps) = doc_number_label_re()
            .captures(norm)
            .or_else(|| doc_number_line_re().captures(norm))
        else {
            continue;
        };
        let (Some(prefix), Some(year), Some(num)) = (caps.get(1), caps.get(2), caps.get(3)) else {
            continue;
        };
        let offset = line.text.norm.len() - line.text.norm.trim_start().len();
        let prefix_src = line.text.slice(offset + prefix.start()..offset + prefix.end()).src;
        let traditional =
            line.text.src.contains('號') || looks_traditional(&prefix_src) || prefix_src != prefix.as_str();
        let suffix = if traditional { '號' } else { '号' };
        let num = num.as_str().trim_start_matches('0');
        return Some(format!("{prefix_src}〔{}〕{num}{suffix}", year.as_str()));
    }
    None
}

/// Parses the first date in `norm` into ISO form.
pub fn parse_date(norm: &str) -> Option<String> {
    if let Some(c) = date_re().captures(norm) {
        return iso(
            c.get(1)?.as_str().parse().ok()?,
            c.get(2)?.as_str().parse().ok()?,
            c.get(3)?.as_str().parse().ok()?,
        );
    }
    let c = cn_date_re().captures(norm)?;
    let year: String = c
        .get(1)?
        .as_str()
        .chars()
        .filter_map(|ch| crate::parse::numerals::parse_cn_int(&ch.to_string()))
        .map(|d| char::from(b'0' + d as u8))
        .collect();
    let month = crate::parse::numerals::parse_cn_int(c.get(2)?.as_str())?;
    let day = crate::parse::numerals::parse_cn_int(c.get(3)?.as_str())?;
    iso(year.parse().ok()?, month as u32, day as u32)
}

fn iso(y: i32, m: u32, d: u32) -> Option<String> {
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|date| date.format("%Y-%m-%d").to_string())
}

fn is_org_line(norm: &str) -> bool {
    let t = norm.trim();
    let n = t.chars().count();
    (3..=30).contains(&n) && !t.contains(['。', ',', ':']) && org_suffix_re().is_match(t)
}

/// A date line whose separators were lost in capture ("201974" for 2019年7月4日).
fn digits_only_date(norm: &str) -> Option<String> {
    let t = norm.trim();
    if !(5..=8).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = t[..4].parse().ok()?;
    let rest = &t[4..];
    let mut found = Vec::new();
    for split in 1..rest.len() {
        let (m, d) = rest.split_at(split);
        if m.len() > 2 || d.len() > 2 {
            continue;
        }
        if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>())
            && let Some(date) = iso(year, m, d)
        {
            found.push(date);
        }
    }
    if found.len() == 1 { found.pop() } else { None }
}

fn issued_on(lines: &[Line]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    let mut consider = |prio: u8, date: Option<String>| {
        if let Some(d) = date
            && best.as_ref().is_none_or(|(p, _)| prio < *p)
        {
            best = Some((prio, d));
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let norm = line.text.norm.trim();
        let prev_is_org = i > 0 && is_org_line(&lines[i - 1].text.norm);
        if let Some(rest) = norm.find("成文日期").map(|k| &norm[k..]) {
            consider(0, parse_date(rest));
        }
        let standalone = date_re()
            .find(norm)
            .is_some_and(|m| m.start() == 0 && m.end() == norm.len())
            || cn_date_re()
                .find(norm)
                .is_some_and(|m| m.start() == 0 && m.end() == norm.len());
        if standalone {
            consider(if prev_is_org { 1 } else { 2 }, parse_date(norm));
        } else if prev_is_org {
            consider(1, digits_only_date(norm));
        }
        for label in ["发布时间", "发布日期", "印发日期", "发文日期"] {
            if let Some(k) = norm.find(label) {
                consider(3, parse_date(&norm[k..]));
            }
        }
        if norm.contains("来源") && !norm.contains('。') {
            consider(4, parse_date(norm));
        }
    }
    best.map(|(_, d)| d)
}

fn issuer(lines: &[Line], header: &[Line]) -> Option<String> {
    for line in header {
        if let Some(m) = issuer_label_re().captures(&line.text.norm).and_then(|c| c.get(1)) {
            return Some(line.text.slice(m.range()).src);
        }
    }
    for line in header.iter().filter(|l| !l.junk) {
        let norm = &line.text.norm;
        if !(norm.ends_with("通知") || norm.ends_with("决定") || norm.ends_with("通报") || norm.ends_with("公告"))
        {
            continue;
        }
        if let Some(m) = notice_issuer_re().captures(norm).and_then(|c| c.get(1)) {
            return Some(line.text.slice(m.range()).src.trim().to_string());
        }
    }
    // Signature: an organisation line followed by a date line.
    for pair in lines.windows(2) {
        let next = pair[1].text.norm.trim();
        let is_date = date_re().find(next).is_some_and(|m| m.start() == 0)
            || digits_only_date(next).is_some()
            || cn_date_re().is_match(next);
        if is_org_line(&pair[0].text.norm) && is_date {
            return Some(pair[0].text.src.trim().to_string());
        }
    }
    // Page header such as "洛阳市人民政府 发布时间:2019-01-01".
    for line in header {
        let norm = &line.text.norm;
        if let Some(k) = norm.find("发布时间").or_else(|| norm.find("发布日期")) {
            let head = norm[..k].trim();
            if is_org_line(head) {
                return Some(line.text.slice(0..head.len()).src.trim().to_string());
            }
        }
    }
    None
}

fn title(header: &[Line]) -> Option<String> {
    let mut plain: Option<Dual> = None;
    let mut notice: Option<Dual> = None;
    for line in header.iter().filter(|l| !l.junk) {
        let mut d = line.text.trim();
        if let Some(m) = leading_paren_re().find(&d.norm) {
            d = d.slice(m.end()..d.norm.len());
        }
        let norm = d.norm.as_str();
        let n = norm.chars().count();
        if !(5..=120).contains(&n) || norm.contains(['。', ':', ';']) || norm.ends_with(',') {
            continue;
        }
        if !title_end_re().is_match(norm) {
            continue;
        }
        if norm.ends_with("通知") || norm.starts_with("关于印发") {
            notice.get_or_insert(d);
        } else {
            plain = Some(d);
        }
    }
    if let Some(p) = plain {
        return Some(p.src.trim().to_string());
    }
    let n = notice?;
    let norm = &n.norm;
    let (start, end) = if let (Some(a), Some(b)) = (norm.find('《'), norm.rfind('》')) {
        (a + '《'.len_utf8(), b)
    } else {
        let a = norm.find("印发").map(|k| k + "印发".len())?;
        let b = norm.rfind("的通知").or_else(|| norm.rfind("通知"))?;
        (a, b)
    };
    (start < end).then(|| n.slice(start..end).src.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split_lines;

    fn meta(text: &str) -> Metadata {
        let lines = split_lines(text);
        let first = lines
            .iter()
            .position(|l| crate::parse::headings::detect_marker(&l.text.norm).is_some())
            .unwrap_or(lines.len());
        extract(&lines, first)
    }

    #[test]
    fn doc_numbers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("洛政〔2019〕16号\n一、总则", Some("洛政〔2019〕16号")),
            ("盤政辦發〔2019〕29號\n一、總則", Some("盤政辦發〔2019〕29號")),
            ("盤政辦發〔201929\n一、總則", Some("盤政辦發〔2019〕29號")),
            ("廊政办字[2020]5号\n一、总则", Some("廊政办字〔2020〕5号")),
            ("保政发（2018）12号\n一、总则", Some("保政发〔2018〕12号")),
            (
                "发文字号:冀科发〔2021〕3号 成文日期:2021-01-05\n一、总则",
                Some("冀科发〔2021〕3号"),
            ),
            ("根据《通知》(冀办传〔2021〕70号)精神,制定本方案。\n一、总则", None),
            ("保定市科技创新三年行动计划(2018-2020年)\n一、总则", None),
        ];
        for (text, want) in cases {
            assert_eq!(meta(text).doc_number.as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("廊坊市人民政府办公室\n2019年6月24日\n一、总则", Some("2019-06-24")),
            (
                "洛阳市人民政府 发布时间:2019-01-01 点击次数:1324次\n一、总则",
                Some("2019-01-01"),
            ),
            (
                "發布時間:2019-11-13\n盤錦市人民政府辦公室\n201974\n一、總則",
                Some("2019-07-04"),
            ),
            ("2021年12月07日 來源: 市科技局\n一、总则", Some("2021-12-07")),
            ("某某市科学技术局\n二〇二一年三月五日\n一、总则", Some("2021-03-05")),
            ("2019年13月40日\n一、总则", None),
        ];
        for (text, want) in cases {
            assert_eq!(meta(text).issued_on.as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn titles_issuers_periods() {
        let m = meta(
            "廊坊市人民政府办公室关于印发廊坊市加强创新能力开放合作实施方案的通知\n廊坊市加强创新能力开放合作实施方案\n为深入实施,制定本方案。\n一、总体思路",
        );
        assert_eq!(m.title.as_deref(), Some("廊坊市加强创新能力开放合作实施方案"));
        assert_eq!(m.issuer.as_deref(), Some("廊坊市人民政府办公室"));
        assert_eq!(m.period, Period::default());
        let m = meta("某市人民政府关于印发《某市科技创新行动计划(2021—2023年)》的通知\n一、目标");
        assert_eq!(m.title.as_deref(), Some("某市科技创新行动计划(2021—2023年)"));
        assert_eq!(
            m.period,
            Period {
                start_year: Some(2021),
                end_year: Some(2023)
            }
        );
    }
}
