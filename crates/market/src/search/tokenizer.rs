//! The analyser tantivy runs over market text: [`crate::text::terms`]
//! (Simplified, folded, jieba search mode, stop words dropped) as a token
//! stream.

use crate::text;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Chinese analyser for tantivy.
#[derive(Clone, Copy, Default)]
pub struct ZhTokenizer;

/// The analysed words of one text.
pub struct ZhTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokens {
        let tokens = text::terms(text)
            .into_iter()
            .enumerate()
            .map(|(position, t)| Token {
                offset_from: t.start,
                offset_to: t.end,
                position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        ZhTokens { tokens, next: 0 }
    }
}

impl TokenStream for ZhTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
