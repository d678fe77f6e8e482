//! PostgreSQL's binary `COPY` format, in which the payroll's lines are written
//! (`payroll/write.rs`): the server takes the rows as they are, without parsing text or
//! spreading arrays.
//!
//! The layout (PostgreSQL documentation, `COPY`, "Binary Format"): a signature, a flags word
//! and a header extension; then per row the number of fields and each field as its length and
//! its bytes in the type's binary form, big-endian (a uuid is its 16 bytes, a date the days
//! since 1/1/2000, a boolean one byte), a length of -1 being NULL; then -1 as the trailer.

use chrono::NaiveDate;

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// 1/1/2000, day 0 of a binary date.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date")
}

/// Rows written in the binary format, for `COPY … FROM STDIN (FORMAT binary)`.
pub(crate) struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// A buffer of about `capacity` bytes, starting with the header.
    pub(crate) fn with_capacity(capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity + SIGNATURE.len() + 10);
        out.extend_from_slice(SIGNATURE);
        out.extend_from_slice(&0i32.to_be_bytes()); // flags
        out.extend_from_slice(&0i32.to_be_bytes()); // header extension
        Writer { out }
    }

    /// Starts a row of `fields` fields.
    pub(crate) fn row(&mut self, fields: i16) {
        self.out.extend_from_slice(&fields.to_be_bytes());
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.out
            .extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        self.out.extend_from_slice(bytes);
    }

    pub(crate) fn null(&mut self) {
        self.out.extend_from_slice(&(-1i32).to_be_bytes());
    }

    pub(crate) fn date(&mut self, date: NaiveDate) {
        self.bytes(&((date - epoch()).num_days() as i32).to_be_bytes());
    }

    /// The buffer, with its trailer.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&(-1i16).to_be_bytes());
        self.out
    }
}
