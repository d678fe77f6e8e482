//! The checks an XLSX file passes before calamine parses it. An XLSX file is a zip archive of
//! XML parts, and a part can inflate a thousand times over: one cell of a 1 MB upload holding
//! 1 GiB of one letter made the server hold 3.3 GB. Calamine inflates what it reads and keeps a
//! whole cell in memory, so the archive is gone through here first, with the `zip` crate on the
//! same bytes and the same `quick-xml` lexer calamine uses, holding nothing but small buffers:
//!
//! - the sizes the central directory declares must add up to at most
//!   [`Limits::max_inflated_bytes`], checked before anything is inflated;
//! - as declared sizes can lie, every part is then inflated (into nothing) and counted against
//!   the same budget, reading at most one byte past it (the `zip` crate, since 9.0.1, also
//!   fails a read past a part's declared size, here and in calamine: a part that lies is
//!   refused as damaged once it passes what it declared);
//! - no run of a part's XML that calamine would read as one piece (a text, a tag, a CDATA
//!   section) may be longer than [`MAX_XML_TOKEN`], so no single cell can make calamine grow a
//!   buffer beyond it.
//!
//! A damaged archive or part is let through: calamine refuses it with its own message, and it
//! cannot read further into the damaged part than this check did, as it reads with the same
//! crates and a configuration no more lenient.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::cell::EXCEL_MAX_CELL;
use crate::error::FileError;
use crate::read::Limits;

/// The longest piece of XML one event may span, in bytes. A full cell of 32,767 characters
/// takes at most ~330 KB of XML even with every character written as a numeric entity
/// (`&#1114111;`, 10 bytes); 1 MiB leaves room for that and for any tag a real file has.
pub const MAX_XML_TOKEN: u64 = 1 << 20;

/// Goes through the archive as described in the module's documentation.
pub(crate) fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let max = limits.max_inflated_bytes;
    let too_large = |entry: &str| FileError::TooLargeInflated {
        entry: entry.to_string(),
        max_mb: max / (1 << 20),
    };
    // Before inflating anything: the sizes the archive declares.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            return Ok(());
        };
        declared = declared.saturating_add(entry.size());
        if declared > max {
            return Err(too_large(&entry_name(&entry)));
        }
    }
    // While inflating: what the parts really hold.
    let mut budget = max;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return Ok(());
        };
        let name = entry_name(&entry);
        let xml = is_xml(&name);
        let mut part = entry.by_ref().take(budget.saturating_add(1));
        let long_token = if xml {
            scan_xml(&mut part)
        } else {
            // Pictures and other binary parts are only counted; calamine does not parse them.
            io::copy(&mut part, &mut io::sink())
                .map(|_| false)
                .unwrap_or(false)
        };
        let read = budget.saturating_add(1) - part.limit();
        if read > budget {
            return Err(too_large(&name));
        }
        if long_token {
            return Err(FileError::CellTooLong {
                place: format!("một ô của tệp .xlsx (phần '{name}')"),
                max: EXCEL_MAX_CELL,
            });
        }
        budget -= read;
    }
    Ok(())
}

fn entry_name<R: Read>(entry: &zip::read::ZipFile<'_, R>) -> String {
    entry.name().map(|n| n.into_owned()).unwrap_or_default()
}

fn is_xml(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".xml") || name.ends_with(".rels")
}

/// Lexes one XML part to its end (or to its first syntax error, where calamine stops too) and
/// tells whether some event was longer than [`MAX_XML_TOKEN`].
fn scan_xml<R: Read>(part: R) -> bool {
    let mut xml = XmlReader::from_reader(EventBytes {
        inner: BufReader::new(part),
        since_event: 0,
    });
    // Calamine's settings, with unmatched end tags allowed too: never stricter than calamine.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.allow_unmatched_ends = true;
    config.trim_text(false);
    let mut buf = Vec::new();
    loop {
        xml.get_mut().since_event = 0;
        match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => return false,
            Ok(_) => buf.clear(),
            Err(_) => return xml.get_ref().since_event > MAX_XML_TOKEN,
        }
    }
}

/// A buffered reader that counts the bytes the XML lexer takes since the last event and fails
/// once they pass [`MAX_XML_TOKEN`], so the lexer's buffer never grows beyond it.
struct EventBytes<R> {
    inner: BufReader<R>,
    since_event: u64,
}

impl<R: Read> Read for EventBytes<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(out.len());
        out[..n].copy_from_slice(&self.inner.buffer()[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for EventBytes<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_event > MAX_XML_TOKEN {
            return Err(io::Error::other("XML event too long"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.since_event = self
            .since_event
            .saturating_add(u64::try_from(amount).unwrap_or(u64::MAX));
        self.inner.consume(amount);
    }
}
