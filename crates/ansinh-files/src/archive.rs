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
//!   buffer beyond it;
//! - every reference of a row, a cell or a sheet's dimension must lie within Excel's grid
//!   (columns A to XFD, rows 1 to 1,048,576) and a dimension must not end before it starts:
//!   calamine computes a reference's position with arithmetic that overflows past the grid (a
//!   panic in a debug build, a wrong position otherwise) and a dimension's size by subtracting
//!   its start from its end.
//!
//! A damaged archive or part is let through: calamine refuses it with its own message, and it
//! cannot read further into the damaged part than this check did, as it reads with the same
//! crates and a configuration no more lenient.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};
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
        let scan = if xml {
            scan_xml(&mut part)
        } else {
            // Pictures and other binary parts are only counted; calamine does not parse them.
            let _ = io::copy(&mut part, &mut io::sink());
            Scan::Fine
        };
        let read = budget.saturating_add(1) - part.limit();
        if read > budget {
            return Err(too_large(&name));
        }
        match scan {
            Scan::Fine => {}
            Scan::LongToken => {
                return Err(FileError::CellTooLong {
                    place: format!("một ô của tệp .xlsx (phần '{name}')"),
                    max: EXCEL_MAX_CELL,
                });
            }
            Scan::OffGrid(reference) => {
                return Err(FileError::NotXlsx(format!(
                    "tệp .xlsx bị hỏng: vị trí '{reference}' (phần '{name}') nằm ngoài bảng tính (quá cột XFD hoặc dòng 1048576); hãy mở bằng Excel và lưu lại"
                )));
            }
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

/// What going through one XML part found.
enum Scan {
    Fine,
    /// An event longer than [`MAX_XML_TOKEN`].
    LongToken,
    /// A reference past Excel's grid, as written (cut to a readable length).
    OffGrid(String),
}

/// Lexes one XML part to its end (or to its first syntax error, where calamine stops too) and
/// tells whether some event was longer than [`MAX_XML_TOKEN`] or some reference off the grid.
fn scan_xml<R: Read>(part: R) -> Scan {
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
            Ok(Event::Eof) => return Scan::Fine,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if let Some(reference) = off_grid(&e) {
                    return Scan::OffGrid(reference.chars().take(24).collect());
                }
                buf.clear();
            }
            Ok(_) => buf.clear(),
            Err(_) if xml.get_ref().since_event > MAX_XML_TOKEN => return Scan::LongToken,
            Err(_) => return Scan::Fine,
        }
    }
}

/// Excel's grid: columns A to XFD, rows 1 to 1,048,576.
const MAX_COLUMN: u64 = 16_384;
const MAX_ROW: u64 = 1_048_576;

/// The reference of a row (`<row r="5">`), a cell (`<c r="B5">`) or a sheet's dimension
/// (`<dimension ref="A1:K20">`) that is not a position within the grid, or a dimension that
/// ends before it starts, as calamine reads them (the attribute's raw text, any element's
/// namespace prefix aside). Elements of other names, and those without the attribute, pass.
fn off_grid(e: &BytesStart<'_>) -> Option<String> {
    let (attribute, kind) = match e.local_name().as_ref() {
        "row" => ("r", Reference::Row),
        "c" => ("r", Reference::Cell),
        "dimension" => ("ref", Reference::Range),
        _ => return None,
    };
    let value = e
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == attribute)?
        .value;
    let within = match kind {
        Reference::Row => row(&value).is_some(),
        Reference::Cell => position(&value).is_some(),
        Reference::Range => match value.split_once(':') {
            None => position(&value).is_some(),
            Some((start, end)) => position(start)
                .zip(position(end))
                .is_some_and(|((r1, c1), (r2, c2))| r1 <= r2 && c1 <= c2),
        },
    };
    (!within).then(|| value.into_owned())
}

enum Reference {
    Row,
    Cell,
    Range,
}

/// A cell's 1-based (row, column): letters then digits, within the grid.
fn position(reference: &str) -> Option<(u64, u64)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (letters, digits) = reference.split_at(letters);
    let column = letters.bytes().try_fold(0u64, |n, b| {
        let n = n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        (n <= MAX_COLUMN).then_some(n)
    })?;
    (column > 0).then_some(())?;
    Some((row(digits)?, column))
}

/// A 1-based row number within the grid, of digits only.
fn row(digits: &str) -> Option<u64> {
    let row = digits.bytes().try_fold(0u64, |n, b| {
        let n = n * 10 + u64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        (n <= MAX_ROW).then_some(n)
    })?;
    (row > 0).then_some(row)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_the_grid_and_past_it() {
        assert_eq!(position("A1"), Some((1, 1)));
        assert_eq!(position("xfd1048576"), Some((1_048_576, 16_384)));
        for past in [
            "XFE1",
            "A1048577",
            "A0",
            "1",
            "A",
            "",
            "A-1",
            "A1B",
            "ZZZZZZZZ1",
            "A4294967296",
        ] {
            assert_eq!(position(past), None, "{past}");
        }
        assert_eq!(row("1048576"), Some(1_048_576));
        assert_eq!(row("18446744073709551616"), None);
        assert_eq!(row("0"), None);
    }
}
