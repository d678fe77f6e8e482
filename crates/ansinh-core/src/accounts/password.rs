//! The password rule: at least [`MIN_CHARS`] characters, not the user name nor the full name,
//! and hard to guess as the `zxcvbn` estimator judges it (repeats such as `aaaaaaaaaa`,
//! sequences such as `abcdefghij`, common passwords and words, keyboard rows, dates). A long
//! sentence of a few words passes: length beats complexity rules.
//!
//! One pure function, [`check`], which the store applies to every password it is given (an
//! account created or reset by an administrator or the CLI, a password changed by its owner),
//! so the web and the command line refuse the same passwords for the same reasons.

use zxcvbn::Score;
use zxcvbn::matching::patterns::MatchPattern;

use super::AccountsError;
use crate::name::fold;

/// The shortest password accepted.
pub const MIN_CHARS: usize = 10;

/// The lowest estimator score accepted: at least 10^8 guesses, the estimator's own advice
/// ("any score less than 3 should be considered too weak").
const MIN_SCORE: Score = Score::Three;

/// A name folded (no diacritics, đ → d, lower case) with everything but letters and digits
/// taken out, so "Trần Thị Hoa" and "tran.thi-hoa" compare equal.
fn squashed(text: &str) -> String {
    fold(text).chars().filter(|c| *c != ' ').collect()
}

/// Refuses a password that is too short, contains the user name or the full name, or is
/// easy to guess, saying why; accepts anything else.
pub fn check(password: &str, username: &str, full_name: &str) -> Result<(), AccountsError> {
    if password.chars().count() < MIN_CHARS {
        return Err(AccountsError::PasswordTooShort { min: MIN_CHARS });
    }
    let typed = squashed(password);
    let user = squashed(username);
    if password.to_lowercase().contains(&username.to_lowercase())
        || (user.len() >= 3 && typed.contains(&user))
    {
        return Err(AccountsError::PasswordContainsUsername);
    }
    let name = squashed(full_name);
    if name.len() >= 4 && typed.contains(&name) {
        return Err(AccountsError::PasswordContainsName);
    }
    // The estimator knows the user's own words too, so a password built on a part of the name
    // ("hoa2026hoa") counts as guessable.
    let folded_name = fold(full_name);
    let mut inputs: Vec<&str> = vec![username, &user, &name];
    inputs.extend(folded_name.split(' ').filter(|w| w.len() >= 2));
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if estimate.score() >= MIN_SCORE {
        return Ok(());
    }
    // The reason is the pattern that covers most of the password.
    let widest = estimate
        .sequence()
        .iter()
        .filter(|m| m.pattern != MatchPattern::BruteForce)
        .max_by_key(|m| m.j.saturating_sub(m.i));
    Err(match widest.map(|m| &m.pattern) {
        Some(MatchPattern::Repeat(_)) => AccountsError::PasswordRepeated,
        Some(MatchPattern::Sequence(_)) => AccountsError::PasswordSequence,
        // A word of the user's own (the estimator's dictionary of user inputs is not public).
        Some(MatchPattern::Dictionary(d)) if inputs.contains(&d.matched_word.as_str()) => {
            AccountsError::PasswordContainsName
        }
        Some(MatchPattern::Dictionary(_)) => AccountsError::PasswordCommon,
        _ => AccountsError::PasswordGuessable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(password: &str) -> Option<&'static str> {
        check(password, "canbo.thuanan", "Trần Thị Hoa")
            .err()
            .map(|e| e.code())
    }

    #[test]
    fn the_probes_weak_passwords_are_refused_with_their_reason() {
        assert_eq!(refused("aaaaaaaaaa"), Some("accounts.password_repeated"));
        assert_eq!(refused("abcdefghij"), Some("accounts.password_sequence"));
        assert_eq!(refused("abcabcabcabc"), Some("accounts.password_repeated"));
        assert_eq!(refused("1234567890"), Some("accounts.password_common"));
        assert_eq!(refused("password123"), Some("accounts.password_common"));
        assert_eq!(refused("qwertyuiop"), Some("accounts.password_common"));
        assert_eq!(refused("ngắn"), Some("accounts.password_too_short"));
    }

    #[test]
    fn the_users_own_names_are_refused() {
        assert_eq!(
            refused("canbo.thuanan-2026"),
            Some("accounts.password_contains_username")
        );
        assert_eq!(
            refused("CanBo-ThuanAn!!"),
            Some("accounts.password_contains_username")
        );
        assert_eq!(
            refused("trần thị hoa 1990"),
            Some("accounts.password_contains_name")
        );
        assert_eq!(
            refused("TranThiHoa#1"),
            Some("accounts.password_contains_name")
        );
    }

    #[test]
    fn a_long_passphrase_passes() {
        for good in [
            "đồng lúa chín vàng ven sông Hương",
            "mot cau mat khau dai",
            "mật khẩu rất dài",
            "tạm-thời-2026",
            "mat-khau-du-dai-2025",
        ] {
            assert_eq!(refused(good), None, "{good}");
        }
    }
}
