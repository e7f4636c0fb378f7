//! Ordered parallel production of CSV rows. Worker threads generate and
//! format fixed-size ranges of entity indexes; the calling thread writes the
//! ranges to the files strictly in index order. Since every entity has its
//! own random stream, the output is byte-identical whatever the number of
//! threads, and memory stays bounded by the chunks in flight.

use std::sync::mpsc::sync_channel;
use std::thread;

use crate::DemoError;
use crate::write::{Chunk, Rows, Sheet};

/// Entities per chunk (and per progress report).
pub(crate) const CHUNK: u64 = 5_000;

/// Most worker threads used.
const MAX_THREADS: usize = 4;

/// Produces entities `0..count`: `fill(i, rows)` formats entity `i` into one
/// [`Rows`] per sheet; the rows are appended to `sheets` in index order and
/// `progress` is told how many entities are written after every chunk.
pub(crate) fn run<const K: usize, F>(
    count: u64,
    sheets: &mut [Sheet; K],
    fill: F,
    progress: &mut dyn FnMut(u64),
) -> Result<(), DemoError>
where
    F: Fn(u64, &mut [Rows; K]) + Sync,
{
    let chunks = count.div_ceil(CHUNK);
    let threads = thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS) as u64;
    let produce = |c: u64, rows: &mut [Rows; K]| -> [Chunk; K] {
        let start = c * CHUNK;
        for i in start..(start + CHUNK).min(count) {
            fill(i, rows);
        }
        std::array::from_fn(|k| rows[k].take())
    };
    let mut write = |c: u64, out: [Chunk; K]| -> Result<(), DemoError> {
        for (sheet, chunk) in sheets.iter_mut().zip(&out) {
            sheet.write(chunk)?;
        }
        progress(((c + 1) * CHUNK).min(count));
        Ok(())
    };

    if threads <= 1 || chunks <= 1 {
        let mut rows = std::array::from_fn(|_| Rows::new());
        for c in 0..chunks {
            write(c, produce(c, &mut rows))?;
        }
        return Ok(());
    }

    thread::scope(|scope| {
        let mut receivers = Vec::with_capacity(threads as usize);
        for first in 0..threads {
            let (tx, rx) = sync_channel::<[Chunk; K]>(2);
            receivers.push(rx);
            let produce = &produce;
            scope.spawn(move || {
                let mut rows = std::array::from_fn(|_| Rows::new());
                let mut c = first;
                while c < chunks {
                    // A closed channel means the writer stopped on an error.
                    if tx.send(produce(c, &mut rows)).is_err() {
                        return;
                    }
                    c += threads;
                }
            });
        }
        for c in 0..chunks {
            let out = receivers[(c % threads) as usize]
                .recv()
                .expect("a worker sends every chunk it owns");
            write(c, out)?;
        }
        Ok(())
    })
}
