//! Person names: stored in Unicode NFC with tidy spacing, searched in a folded form without
//! diacritics (so `nguyen thi ai van` finds `Nguyễn Thị Ái Vân`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The longest name we accept; the national population database allows 100 characters.
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("họ tên không được để trống")]
    Empty,
    #[error("họ tên dài quá {MAX_NAME_CHARS} ký tự")]
    TooLong,
    #[error("họ tên có ký tự không hợp lệ '{0}'")]
    BadChar(char),
}

crate::coded! {
    NameError {
        Empty => "name.empty", Refusal,
        TooLong => "name.too_long", Refusal,
        BadChar => "name.char", Refusal,
    }
}

/// Normalises a typed name: NFC, single spaces, each word capitalised ("nguyễn  thị ái vân" →
/// "Nguyễn Thị Ái Vân"). Letters, spaces, hyphens and apostrophes (ethnic-minority names such
/// as "H'Hen") are allowed; digits and other symbols are refused because they are typing slips.
pub fn normalize_name(raw: &str) -> Result<String, NameError> {
    let nfc: String = raw.nfc().collect();
    let mut words = Vec::new();
    for word in nfc.split_whitespace() {
        if let Some(bad) = word
            .chars()
            .find(|c| !(c.is_alphabetic() || *c == '-' || *c == '\'' || *c == '’'))
        {
            return Err(NameError::BadChar(bad));
        }
        words.push(capitalise(word));
    }
    if words.is_empty() {
        return Err(NameError::Empty);
    }
    let name = words.join(" ");
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::TooLong);
    }
    Ok(name)
}

/// Upper-cases the first letter of each part of a word and lower-cases the others. A letter
/// whose case is more than one character (ß → SS, İ → i + a combining dot) is kept as it is:
/// mapped, it would come back different from a second normalisation ("SS" → "Ss"), or be
/// refused by it (the combining dot is no letter), so a stored name would not be a normalised
/// one.
fn capitalise(word: &str) -> String {
    fn single(mut mapped: impl Iterator<Item = char>, c: char) -> char {
        match (mapped.next(), mapped.next()) {
            (Some(m), None) => m,
            _ => c,
        }
    }
    let mut out = String::with_capacity(word.len());
    let mut at_start = true;
    for c in word.chars() {
        if at_start {
            out.push(single(c.to_uppercase(), c));
        } else {
            out.push(single(c.to_lowercase(), c));
        }
        // A hyphen starts a new part of a compound name ("A-Rất"); an apostrophe does not.
        at_start = c == '-';
    }
    out
}

/// Folds text for search: no diacritics, đ → d, lower case ASCII letters and digits, single
/// spaces. Everything else becomes a space, so punctuation never blocks a match.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The folded name with the given name (last word) first: "van nguyen thi ai". A B-tree
/// index on it answers searches by given name, the way people are called in Vietnam.
pub fn given_first_key(folded: &str) -> String {
    match folded.rsplit_once(' ') {
        Some((rest, given)) => format!("{given} {rest}"),
        None => folded.to_string(),
    }
}

/// The smallest string greater than every string that starts with `prefix`, for index range
/// scans (`key >= prefix AND key < upper`). Folded keys are ASCII, so '~' + 1 never occurs.
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut s = prefix.to_string();
    s.push('\u{7f}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(fold("Nguyễn Thị Ái Vân"), "nguyen thi ai van");
        assert_eq!(fold("Đặng Đình Đức"), "dang dinh duc");
        assert_eq!(fold("Trương Ư Ơ Ă Â Ê Ô"), "truong u o a a e o");
        assert_eq!(fold("  Hồ   Văn  A-Rất "), "ho van a rat");
        assert_eq!(fold("nguyen thi ai van"), "nguyen thi ai van");
    }

    #[test]
    fn folding_is_the_same_for_composed_and_decomposed_input() {
        let composed = "Nguyễn";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold(composed), fold(&decomposed));
    }

    #[test]
    fn normalises_to_nfc_and_capitalises() {
        let decomposed: String = "nguyễn  thị ái vân".nfd().collect();
        let name = normalize_name(&decomposed).unwrap();
        assert_eq!(name, "Nguyễn Thị Ái Vân");
        assert!(unicode_normalization::is_nfc(&name));
        assert_eq!(normalize_name("hồ văn a-rất").unwrap(), "Hồ Văn A-Rất");
        assert_eq!(normalize_name("h'hen niê").unwrap(), "H'hen Niê");
    }

    #[test]
    fn letters_whose_case_is_several_characters_stay_as_typed() {
        // Mapped, ß became "SS" and then "Ss", İ became i + a combining dot that the second
        // normalisation refused: a stored name must be its own normalisation.
        for (raw, name) in [("ß", "ß"), ("aİ", "Aİ"), ("ŉa", "ŉa"), ("ǰ-ᾳ", "ǰ-ᾳ")] {
            assert_eq!(normalize_name(raw).unwrap(), name);
            assert_eq!(normalize_name(name).unwrap(), name);
        }
    }

    #[test]
    fn refuses_empty_and_odd_names() {
        assert_eq!(normalize_name("   "), Err(NameError::Empty));
        assert_eq!(normalize_name("Nguyễn Văn 2"), Err(NameError::BadChar('2')));
        assert_eq!(normalize_name("Lê@Văn"), Err(NameError::BadChar('@')));
        assert_eq!(normalize_name(&"a ".repeat(60)), Err(NameError::TooLong));
    }

    #[test]
    fn given_name_key_puts_the_last_word_first() {
        assert_eq!(given_first_key("nguyen thi ai van"), "van nguyen thi ai");
        assert_eq!(given_first_key("van"), "van");
    }

    #[test]
    fn upper_bound_closes_the_prefix_range() {
        let upper = prefix_upper_bound("nguyen thi");
        assert!("nguyen thi ai van" < upper.as_str());
        assert!("nguyen thi" < upper.as_str());
        assert!("nguyen tri" > upper.as_str());
    }
}
