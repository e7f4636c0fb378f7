//! The technology market's search index: one tantivy index holding the
//! matchable items (published achievements, open demands), their words
//! analysed by [`crate::text`] (Traditional → Simplified, jieba
//! search mode), ranked by BM25 over title, keywords and body, with filters on
//! status, field, area, maturity and transfer mode.
//!
//! Each kind's words live in a field of their own, and the caller indexes only
//! items that may be matched, so a search without filters reads only the
//! posting lists of its words: no kind or status list has to be intersected
//! with them.
//!
//! The database is the source of truth. Every commit stores the last change
//! sequence number applied ([`MarketIndex::seq`]) so an instance knows where
//! to resume following the change table, and [`MarketIndex::rebuild`]
//! replaces the whole content in one commit. One writer per index: callers
//! share the [`MarketIndex`] (it is `Sync`) and writes take a lock.

pub mod engine;
mod tokenizer;

use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use tokenizer::ZhTokenizer;

/// Name the analyser is registered under.
const TOKENIZER: &str = "zh";
/// Written into each commit's payload before the sequence number; an index
/// with another schema version is rebuilt.
const SCHEMA_VERSION: &str = "market-v3";
/// How many times the title and the keywords count against the body's once.
pub const TITLE_WEIGHT: usize = 3;
pub const KEYWORDS_WEIGHT: usize = 2;
/// Query words used at most: the rarest ones in the index. Common words add
/// little to BM25 but dominate its cost, and a long demand text has many.
pub const MAX_TERMS: usize = 64;
/// In an index of at least [`DF_CUT_FROM`] documents, query words found in
/// more than this share of them are left out (their BM25 weight is near zero
/// and their posting lists are the longest), unless no other word is left.
/// On the labelled set (with the cut forced) nDCG@10 moves from 0.830 to 0.829.
pub const MAX_DF_SHARE: f64 = 0.1;
/// Smallest index the common-word cut applies to: below it every query is cheap.
pub const DF_CUT_FROM: u64 = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(String),
    #[error("search index writer lock poisoned")]
    Poisoned,
    #[error("search index: unknown item kind {0:?}")]
    UnknownKind(String),
    #[error(
        "搜索索引正被运行中的服务使用，只读打开 / the search index is in use by a running server (opened read-only)"
    )]
    ReadOnly,
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// One item as the index holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// One of [`KINDS`].
    pub kind: String,
    pub id: i64,
    pub status: String,
    pub title: String,
    pub keywords: String,
    pub body: String,
    pub field: String,
    pub area: String,
    pub maturity: String,
    pub modes: Vec<String>,
    pub chains: Vec<String>,
}

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub kind: String,
    /// Analysed query words ([`crate::text::distinct_terms`]).
    pub terms: Vec<String>,
    /// Accepted statuses; empty accepts any.
    pub statuses: Vec<String>,
    pub field: Option<String>,
    pub area: Option<String>,
    /// Accepted maturities; empty accepts any.
    pub maturities: Vec<String>,
    pub mode: Option<String>,
    /// An item never to return (the query item itself): one more hit is
    /// asked for and it is dropped from the results, which costs less than
    /// an exclusion clause in the query.
    pub exclude_id: Option<i64>,
    pub limit: usize,
}

/// A hit: the item id and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: i64,
    pub score: f32,
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    status: Field,
    /// Per kind (in [`KINDS`] order): title, keywords and body in one field,
    /// the title written [`TITLE_WEIGHT`] times and the keywords
    /// [`KEYWORDS_WEIGHT`] times, so each query word reads one posting list
    /// holding only items of the kind searched for.
    texts: [Field; KINDS.len()],
    field: Field,
    area: Field,
    maturity: Field,
    modes: Field,
    chains: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let f = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING),
        id: b.add_i64_field("id", FAST),
        status: b.add_text_field("status", STRING),
        texts: KINDS.map(|k| b.add_text_field(&format!("text_{k}"), text.clone())),
        field: b.add_text_field("field", STRING),
        area: b.add_text_field("area", STRING),
        maturity: b.add_text_field("maturity", STRING),
        modes: b.add_text_field("modes", STRING),
        chains: b.add_text_field("chains", STRING),
    };
    (b.build(), f)
}

/// The kinds of item the index holds.
pub const KINDS: [&str; 2] = ["achievement", "demand"];

impl Fields {
    fn text(&self, kind: &str) -> Option<Field> {
        KINDS.iter().position(|k| *k == kind).map(|i| self.texts[i])
    }
}

fn key(kind: &str, id: i64) -> String {
    format!("{kind}:{id}")
}

/// The market's search index.
pub struct MarketIndex {
    index: Index,
    reader: IndexReader,
    /// `None` when another process holds the index's writer lock.
    writer: Option<Mutex<IndexWriter>>,
    f: Fields,
}

impl MarketIndex {
    /// Opens the index in `dir` (created if missing; an index of another
    /// schema version is emptied, so its sequence is 0 and it gets rebuilt),
    /// or an in-memory index when `dir` is `None`. `writer_budget` is the
    /// indexing memory in bytes (at least 15 MB).
    pub fn open(dir: Option<&Path>, writer_budget: usize) -> Result<Self> {
        let (schema, f) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(d) => {
                std::fs::create_dir_all(d).map_err(|e| SearchError::Directory(format!("{}: {e}", d.display())))?;
                let open = || -> Result<Index> {
                    let md = MmapDirectory::open(d).map_err(|e| SearchError::Directory(e.to_string()))?;
                    Ok(Index::open_or_create(md, schema.clone())?)
                };
                match open() {
                    Ok(i) if version_of(&i) => i,
                    _ => {
                        clear_dir(d)?;
                        open()?
                    }
                }
            }
        };
        index.tokenizers().register(TOKENIZER, ZhTokenizer);
        let writer = match index.writer(writer_budget.max(15_000_000)) {
            Ok(w) => Some(Mutex::new(w)),
            Err(tantivy::TantivyError::LockFailure(..)) => None,
            Err(e) => return Err(e.into()),
        };
        let policy = if writer.is_some() {
            ReloadPolicy::Manual
        } else {
            ReloadPolicy::OnCommitWithDelay
        };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        Ok(Self {
            index,
            reader,
            writer,
            f,
        })
    }

    /// Whether this handle can write (no other process holds the index).
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// The last change sequence number committed (0 for a new index).
    pub fn seq(&self) -> i64 {
        self.committed_seq().unwrap_or(0)
    }

    /// Whether the index was ever filled from the database (a new or emptied
    /// index was not, even when the database had nothing to give it yet).
    pub fn built(&self) -> bool {
        self.committed_seq().is_some()
    }

    fn committed_seq(&self) -> Option<i64> {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| {
                p.strip_prefix(SCHEMA_VERSION)
                    .and_then(|s| s.strip_prefix(':'))
                    .map(str::to_owned)
            })
            .and_then(|s| s.parse().ok())
    }

    fn doc(&self, d: &Doc) -> Result<TantivyDocument> {
        let f = self.f;
        let text_field = f
            .text(&d.kind)
            .ok_or_else(|| SearchError::UnknownKind(d.kind.clone()))?;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, key(&d.kind, d.id));
        doc.add_text(f.kind, &d.kind);
        doc.add_i64(f.id, d.id);
        doc.add_text(f.status, &d.status);
        let mut text = String::with_capacity(d.title.len() * 3 + d.keywords.len() * 2 + d.body.len() + 8);
        for _ in 0..TITLE_WEIGHT {
            text.push_str(&d.title);
            text.push('\n');
        }
        for _ in 0..KEYWORDS_WEIGHT {
            text.push_str(&d.keywords);
            text.push('\n');
        }
        text.push_str(&d.body);
        doc.add_text(text_field, &text);
        doc.add_text(f.field, &d.field);
        doc.add_text(f.area, &d.area);
        doc.add_text(f.maturity, &d.maturity);
        for m in &d.modes {
            doc.add_text(f.modes, m);
        }
        for c in &d.chains {
            doc.add_text(f.chains, c);
        }
        Ok(doc)
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .as_ref()
            .ok_or(SearchError::ReadOnly)?
            .lock()
            .map_err(|_| SearchError::Poisoned)
    }

    /// Replaces (or adds) `docs` and removes `removed` (kind, id), then
    /// commits with `seq` and makes the result searchable.
    pub fn apply(&self, docs: &[Doc], removed: &[(String, i64)], seq: i64) -> Result<()> {
        // every document is built before the writer is touched, so a bad one
        // leaves nothing pending
        let built = docs.iter().map(|d| self.doc(d)).collect::<Result<Vec<_>>>()?;
        let mut w = self.writer()?;
        for (d, doc) in docs.iter().zip(built) {
            w.delete_term(Term::from_field_text(self.f.key, &key(&d.kind, d.id)));
            w.add_document(doc)?;
        }
        for (kind, id) in removed {
            w.delete_term(Term::from_field_text(self.f.key, &key(kind, *id)));
        }
        self.commit(&mut w, seq)
    }

    fn commit(&self, w: &mut IndexWriter, seq: i64) -> Result<()> {
        let mut prepared = w.prepare_commit()?;
        prepared.set_payload(&format!("{SCHEMA_VERSION}:{seq}"));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole content with what `docs` yields, in one commit
    /// marked `seq`. Returns the number of documents written.
    pub fn rebuild(&self, docs: impl IntoIterator<Item = Doc>, seq: i64) -> Result<usize> {
        let mut w = self.writer()?;
        let fill = |w: &mut IndexWriter| -> Result<usize> {
            w.delete_all_documents()?;
            let mut n = 0;
            for d in docs {
                w.add_document(self.doc(&d)?)?;
                n += 1;
            }
            Ok(n)
        };
        match fill(&mut w) {
            Ok(n) => {
                self.commit(&mut w, seq)?;
                Ok(n)
            }
            Err(e) => {
                w.rollback()?;
                Err(e)
            }
        }
    }

    /// Drops everything written since the last commit (a bulk load that
    /// failed half-way), so the index stays as it was.
    pub fn abandon(&self) -> Result<()> {
        self.writer()?.rollback()?;
        Ok(())
    }

    /// Adds `docs` without committing (bulk loading; call [`Self::finish`]).
    pub fn add(&self, docs: &[Doc]) -> Result<()> {
        let built = docs.iter().map(|d| self.doc(d)).collect::<Result<Vec<_>>>()?;
        let w = self.writer()?;
        for doc in built {
            w.add_document(doc)?;
        }
        Ok(())
    }

    /// Empties the index without committing (start of a bulk load).
    pub fn clear(&self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Commits a bulk load with `seq`.
    pub fn finish(&self, seq: i64) -> Result<()> {
        let mut w = self.writer()?;
        self.commit(&mut w, seq)
    }

    /// Documents of `kind` searchable now.
    pub fn count(&self, kind: &str) -> Result<usize> {
        let q = TermQuery::new(Term::from_field_text(self.f.kind, kind), IndexRecordOption::Basic);
        Ok(self.reader.searcher().search(&q, &tantivy::collector::Count)?)
    }

    /// The best `limit` items for `s`, best first.
    pub fn search(&self, s: &Search) -> Result<Vec<Hit>> {
        let f = self.f;
        let Some(text) = f.text(&s.kind) else {
            return Ok(Vec::new());
        };
        if s.terms.is_empty() || s.limit == 0 {
            return Ok(Vec::new());
        }
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let any_of = |field: Field, vs: &[String]| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                vs.iter().map(|v| (Occur::Should, term(field, v))).collect(),
            ))
        };
        let searcher = self.reader.searcher();
        let mut by_rarity: Vec<(u64, &String)> = Vec::with_capacity(s.terms.len());
        for t in &s.terms {
            let df = searcher.doc_freq(&Term::from_field_text(text, t))?;
            if df > 0 {
                by_rarity.push((df, t));
            }
        }
        if by_rarity.is_empty() {
            return Ok(Vec::new());
        }
        by_rarity.sort();
        by_rarity.truncate(MAX_TERMS);
        let docs = searcher.num_docs();
        let common = (docs as f64 * MAX_DF_SHARE) as u64;
        if docs >= DF_CUT_FROM {
            if by_rarity[0].0 <= common {
                by_rarity.retain(|(df, _)| *df <= common);
            } else {
                by_rarity.truncate(1);
            }
        }
        let words: Vec<(Occur, Box<dyn Query>)> = by_rarity
            .into_iter()
            .map(|(_, t)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(text, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !s.statuses.is_empty() {
            filters.push((Occur::Must, any_of(f.status, &s.statuses)));
        }
        if !s.maturities.is_empty() {
            filters.push((Occur::Must, any_of(f.maturity, &s.maturities)));
        }
        for (field, value) in [(f.field, &s.field), (f.area, &s.area), (f.modes, &s.mode)] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                filters.push((Occur::Must, term(field, v)));
            }
        }
        // The words' union is a required clause, never the whole query: as a
        // bare union tantivy would prune it with block-max WAND, which on
        // long demand texts (dozens of words) is several times slower than
        // scoring the union in blocks (see `examples/query_latency.rs`).
        filters.push((Occur::Must, Box::new(BooleanQuery::new(words))));
        let query = BooleanQuery::new(filters);
        let wanted = s.limit + usize::from(s.exclude_id.is_some());
        let top = searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let ids = searcher.segment_reader(addr.segment_ord).fast_fields().i64("id")?;
            if let Some(id) = ids.first(addr.doc_id)
                && Some(id) != s.exclude_id
            {
                hits.push(Hit { id, score });
            }
        }
        hits.truncate(s.limit);
        Ok(hits)
    }
}

fn version_of(index: &Index) -> bool {
    match index.load_metas() {
        Ok(m) => m.payload.as_deref().is_none_or(|p| p.starts_with(SCHEMA_VERSION)),
        Err(_) => false,
    }
}

fn clear_dir(d: &Path) -> Result<()> {
    let io = |e: std::io::Error| SearchError::Directory(format!("{}: {e}", d.display()));
    for entry in std::fs::read_dir(d).map_err(io)? {
        let p = entry.map_err(io)?.path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(io)?;
        } else {
            std::fs::remove_file(&p).map_err(io)?;
        }
    }
    Ok(())
}
