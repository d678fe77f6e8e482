//! What every coded error of the workspace shares: a stable dotted code and a kind, a
//! **refusal** (the request broke a rule; nothing was changed and the user is told why) or a
//! **failure** (something went wrong that the user cannot fix; it is logged by its code).
//!
//! [`coded!`](crate::coded) gives an error enum its `code()`, `kind()` and `CODES` from one
//! table, so that a new variant without a code does not compile and the list of codes that
//! `docs/error-codes.md` documents is read from the enums themselves.

/// Whether an error is the user's to fix or the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A rule refused the request; the message says why and nothing was changed.
    Refusal,
    /// The system failed (database, corrupt data, a bug); the code is logged.
    Failure,
}

impl ErrorKind {
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Refusal => "refusal",
            ErrorKind::Failure => "failure",
        }
    }
}

/// Implements `code()`, `kind()` and `CODES` for an error enum:
///
/// ```
/// #[derive(Debug)]
/// enum DemoError {
///     Missing,
///     Late(u32),
///     Broken { why: String },
///     Inner(ansinh_core::error::ErrorKind),
/// }
///
/// ansinh_core::coded! {
///     DemoError {
///         Missing => "demo.missing", Refusal,
///         Late => "demo.late", Refusal,
///         Broken => "demo.broken", Failure,
///     }
///     // A variant that wraps another coded error takes the inner error's code and kind
///     // (a pattern and an expression giving `(code, kind)`); its codes are the inner enum's `CODES`.
///     delegate {
///         Self::Inner(k) => ("demo.inner", *k),
///     }
/// }
///
/// assert_eq!(DemoError::Late(3).code(), "demo.late");
/// assert_eq!(DemoError::Broken { why: "x".into() }.kind(), ansinh_core::error::ErrorKind::Failure);
/// assert_eq!(DemoError::CODES.len(), 3);
/// ```
///
/// Every variant is matched as `Self::Variant { .. }` (which matches unit, tuple and struct
/// variants alike) in one `match`, so the match is exhaustive: a variant left out of the table
/// is a compile error.
#[macro_export]
macro_rules! coded {
    (
        $ty:ident {
            $($variant:ident => $code:literal, $kind:ident),* $(,)?
        }
        $(delegate {
            $($dpat:pat => $dexpr:expr),* $(,)?
        })?
    ) => {
        impl $ty {
            /// Every code of this enum's own variants with its kind (wrapped errors list
            /// theirs in their own `CODES`).
            pub const CODES: &'static [(&'static str, $crate::error::ErrorKind)] =
                &[$(($code, $crate::error::ErrorKind::$kind)),*];

            /// A stable machine-readable code.
            pub fn code(&self) -> &'static str {
                self.code_and_kind().0
            }

            /// A refusal (the user's to fix) or a failure (the system's).
            pub fn kind(&self) -> $crate::error::ErrorKind {
                self.code_and_kind().1
            }

            /// True when the error is a refusal.
            pub fn is_refusal(&self) -> bool {
                self.kind() == $crate::error::ErrorKind::Refusal
            }

            fn code_and_kind(&self) -> (&'static str, $crate::error::ErrorKind) {
                match self {
                    $(Self::$variant { .. } => ($code, $crate::error::ErrorKind::$kind),)*
                    $($($dpat => $dexpr,)*)?
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Sample {
        Unit,
        Tuple(i32),
        Struct { a: i32 },
        Wrapped(Box<Sample>),
    }

    crate::coded! {
        Sample {
            Unit => "sample.unit", Refusal,
            Tuple => "sample.tuple", Refusal,
            Struct => "sample.struct", Failure,
        }
        delegate {
            Self::Wrapped(inner) => (inner.code(), inner.kind()),
        }
    }

    #[test]
    fn codes_and_kinds_come_from_one_table() {
        assert_eq!(Sample::Unit.code(), "sample.unit");
        assert_eq!(Sample::Tuple(1).code(), "sample.tuple");
        assert_eq!(Sample::Struct { a: 1 }.kind(), ErrorKind::Failure);
        assert!(Sample::Tuple(1).is_refusal());
        let wrapped = Sample::Wrapped(Box::new(Sample::Struct { a: 2 }));
        assert_eq!(wrapped.code(), "sample.struct");
        assert!(!wrapped.is_refusal());
        assert_eq!(
            Sample::CODES,
            &[
                ("sample.unit", ErrorKind::Refusal),
                ("sample.tuple", ErrorKind::Refusal),
                ("sample.struct", ErrorKind::Failure),
            ]
        );
    }
}
