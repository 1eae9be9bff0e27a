//! Kubernetes resource quantities (`k8s.io/apimachinery` `resource.Quantity`).
//!
//! The tutor has to compare values such as `requests.memory: 1Gi` against
//! `limits.memory: 1024Mi` and explain mistakes like `1GB`. Floating point would
//! make `1.5Gi == 1536Mi` an accident of rounding, so every value is held exactly
//! as a whole number of nano-units (10^-9), which is also the finest precision
//! Kubernetes keeps.
//!
//! Behaviour choices, all deliberate:
//! * Sub-nano precision is **rounded up** (away from zero) to the next nano-unit,
//!   exactly as the API server does ("if you ask for some resource you get
//!   some"): `0.1n` parses as `1n`, `-0.1n` as `-1n`, `1e-400` as `1n`.
//! * As in the API server (tests/oracle_lint.rs checks it against kube-apiserver
//!   1.37), quantities of any magnitude are accepted. One with a binary suffix is
//!   capped at 2^63-1 units (about `8Ei`), so `9Ei` and `100Ei` are equal; one
//!   without is kept exactly, however large (`1e400` is less than `1.1e400`).
//!   Up to 10^24 units the value is held in nano-units, beyond that as its
//!   significant digits and decimal exponent; [`Quantity::as_nanos`] saturates.
//! * The grammar follows the API server, but a few things it tolerates by
//!   accident are errors here because they are always typos: a bare suffix
//!   (`Gi`), a bare sign (`-`) and a bare `.`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Nano-units per unit: the representation's fixed scale.
const NANOS_PER_UNIT: u128 = 1_000_000_000;

/// Number of decimal digits the scale shifts by (10^9 nano-units per unit).
const NANO_DIGITS: i128 = 9;

/// Largest magnitude held in nano-units (10^24 units). Leaves i128 room for callers
/// that add a few quantities together with checked arithmetic.
const MAX_NANOS: u128 = 10u128.pow(33);

/// Where the API server caps a quantity with a binary suffix: 2^63-1 units.
const BINARY_CAP_NANOS: u128 = (i64::MAX as u128) * NANOS_PER_UNIT;

/// Fraction digits (below one nano-unit) kept exactly while applying a binary
/// suffix. Multiplying by 2^b only needs `b` digits plus a "something non-zero
/// follows" flag to round up correctly, and the largest binary suffix is 2^60.
const FRACTION_DIGITS: usize = 60;

/// Binary suffixes in increasing order; `BINARY_SUFFIXES[i]` is 1024^(i+1).
const BINARY_SUFFIXES: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// Decimal SI suffixes with their power-of-ten exponents, smallest first.
const DECIMAL_SUFFIXES: [(&str, i32); 10] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];

/// A parsed Kubernetes quantity.
///
/// Equality, ordering and hashing are by *value* (so `1Gi == 1024Mi`); the
/// original spelling is kept only so messages can quote what the user wrote.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Exact value in nano-units, `|nanos| <= MAX_NANOS`; `±(MAX_NANOS + 1)` when the
    /// value is `huge`.
    nanos: i128,
    /// The exact value when its magnitude is beyond `MAX_NANOS`.
    huge: Option<Huge>,
    /// The text exactly as given to [`parse`].
    text: String,
}

/// A magnitude beyond 10^24 units (without a binary suffix, so never capped):
/// `0.d1d2d3… × 10^point` units, with no leading or trailing zero digit, so equal values
/// have equal fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Huge {
    negative: bool,
    point: i128,
    digits: Vec<u8>,
}

impl Huge {
    /// The written number times 10^exp, exactly; `None` for zero.
    fn new(negative: bool, int_digits: &[u8], frac_digits: &[u8], exp: i32) -> Option<Huge> {
        let digits = digit_values(int_digits, frac_digits);
        let first = digits.iter().position(|&d| d != 0)?;
        let last = digits.iter().rposition(|&d| d != 0)?;
        let point = i128::try_from(int_digits.len()).ok()? + i128::from(exp)
            - i128::try_from(first).ok()?;
        Some(Huge {
            negative,
            point,
            digits: digits[first..=last].to_vec(),
        })
    }

    fn cmp_magnitude(&self, other: &Huge) -> Ordering {
        self.point
            .cmp(&other.point)
            .then_with(|| self.digits.cmp(&other.digits))
    }

    /// `1e400`, `-1.25e31`: the value in units, in scientific notation.
    fn scientific(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let digit = |d: &u8| char::from(b'0' + d);
        let mantissa = match self.digits.split_first() {
            Some((first, [])) => digit(first).to_string(),
            Some((first, rest)) => {
                let rest: String = rest.iter().map(digit).collect();
                format!("{}.{rest}", digit(first))
            }
            None => "0".into(),
        };
        format!("{sign}{mantissa}e{}", self.point - 1)
    }
}

/// Why a string is not a valid quantity. `Display` gives a complete, friendly
/// explanation with an example, so callers can print it after a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    /// The string is empty.
    Empty,
    /// The string contains whitespace (leading, trailing or inside, e.g. `1 Gi`).
    Whitespace,
    /// A character that can never appear in a quantity (non-ASCII digits,
    /// control characters, `_`, `,` ...).
    InvalidCharacter(char),
    /// No digits at all, e.g. `Gi`, `-` or `.`.
    MissingNumber,
    /// More than one leading sign, e.g. `++1` or `-+1`.
    MultipleSigns,
    /// More than one decimal point, e.g. `1..2` or `1.2.3`.
    MultipleDecimalPoints,
    /// A suffix that is neither binary, decimal SI nor an exponent (`GB`, `gi`).
    UnknownSuffix(String),
    /// An `e`/`E` exponent without a well-formed whole number after it
    /// (`1e`, `1e+`, `1e1.5`). Holds the whole suffix.
    InvalidExponent(String),
    /// An exponent outside the 32-bit range the API server accepts. Holds the
    /// whole suffix.
    ExponentOutOfRange(String),
    /// The value's magnitude cannot be computed (never for a parsed quantity: magnitudes
    /// past 2^63-1 units are clamped).
    OutOfRange,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::Empty => write!(
                f,
                "empty quantity: write a number with an optional suffix, e.g. 1Gi, 500m or 2"
            ),
            QuantityError::Whitespace => write!(
                f,
                "quantity contains whitespace: write the number and its suffix together \
                 with no spaces, e.g. 1Gi rather than \"1 Gi\""
            ),
            QuantityError::InvalidCharacter(c) => write!(
                f,
                "unexpected character {c:?} (U+{:04X}) in quantity: only ASCII digits, one \
                 leading sign, one '.' and a suffix are allowed, e.g. 1.5Gi or -250m",
                u32::from(*c)
            ),
            QuantityError::MissingNumber => write!(
                f,
                "quantity has no number: put digits before the suffix, e.g. 1Gi, 0.5 or 100m"
            ),
            QuantityError::MultipleSigns => write!(
                f,
                "quantity has more than one sign: use at most one leading '+' or '-', \
                 e.g. -1 or +500m"
            ),
            QuantityError::MultipleDecimalPoints => write!(
                f,
                "quantity has more than one decimal point: use at most one '.', e.g. 1.5Gi"
            ),
            QuantityError::UnknownSuffix(suffix) => {
                write!(f, "unknown suffix {suffix:?}")?;
                if let Some(hint) = suffix_hint(suffix) {
                    write!(f, " ({hint})")?;
                }
                write!(
                    f,
                    ": use a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei) or a decimal one \
                     (n, u, m, k, M, G, T, P, E), e.g. 1Gi or 500M"
                )
            }
            QuantityError::InvalidExponent(suffix) => write!(
                f,
                "malformed exponent {suffix:?}: write e or E followed by a whole number, \
                 e.g. 1e3 (= 1000) or 5e-1 (= 0.5); a lone capital E means exa (10^18), e.g. 1E"
            ),
            QuantityError::ExponentOutOfRange(suffix) => write!(
                f,
                "exponent {suffix:?} is out of range: Kubernetes accepts exponents from \
                 -2147483648 to 2147483647, e.g. 1e9"
            ),
            QuantityError::OutOfRange => {
                write!(f, "quantity is too large to compute, e.g. use 1Ei or 500G")
            }
        }
    }
}

impl std::error::Error for QuantityError {}

/// A "did you mean" for a misspelt suffix: suffixes are case-sensitive and
/// people often append a byte unit (`GB`, `GiB`).
fn suffix_hint(suffix: &str) -> Option<String> {
    let known = || {
        DECIMAL_SUFFIXES
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| !s.is_empty())
            .chain(BINARY_SUFFIXES)
    };
    let describe = |s: &str| -> String {
        // A decimal multiplier letter is often meant as its binary sibling.
        match s {
            "k" => "did you mean \"k\" (10^3) or \"Ki\" (2^10)?".to_string(),
            "M" | "G" | "T" | "P" | "E" => {
                format!("did you mean {s:?} (decimal) or \"{s}i\" (binary)?")
            }
            _ => format!("did you mean {s:?}?"),
        }
    };
    let without_byte_unit = suffix
        .strip_suffix('B')
        .or_else(|| suffix.strip_suffix('b'))
        .filter(|rest| !rest.is_empty());
    // Exact match after dropping a byte unit: "GB" -> "G", "GiB" -> "Gi".
    if let Some(rest) = without_byte_unit
        && let Some(s) = known().find(|s| *s == rest)
    {
        return Some(describe(s));
    }
    // Same letters, wrong case: "gi" -> "Gi", "K" -> "k".
    for candidate in [Some(suffix), without_byte_unit].into_iter().flatten() {
        if let Some(s) = known().find(|s| s.eq_ignore_ascii_case(candidate)) {
            return Some(format!("suffixes are case-sensitive; {}", describe(s)));
        }
    }
    None
}

/// How the suffix scales the written number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// Multiply by 10^exp (decimal SI suffix or `e` exponent).
    Decimal(i32),
    /// Multiply by 2^bits (binary suffix), bits is one of 10, 20, ..., 60.
    Binary(u32),
}

/// Parses a Kubernetes quantity such as `1Gi`, `500m`, `1.5`, `-2e3`.
///
/// Grammar (as in the API server): `[+-]<digits>[.<digits>]<suffix>` where at
/// least one digit is present on either side of the optional `.`, and the
/// suffix is a binary SI suffix, a decimal SI suffix (including none), or an
/// `e`/`E` exponent followed by a signed whole number.
pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
    if text.is_empty() {
        return Err(QuantityError::Empty);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(QuantityError::Whitespace);
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    {
        return Err(QuantityError::InvalidCharacter(c));
    }
    // From here on the text is pure ASCII, so byte offsets are char boundaries.
    let bytes = text.as_bytes();
    let mut pos = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            pos = 1;
            true
        }
        Some(b'+') => {
            pos = 1;
            false
        }
        _ => false,
    };
    if matches!(bytes.get(pos), Some(b'+' | b'-')) {
        return Err(QuantityError::MultipleSigns);
    }
    let int_digits = take_digits(bytes, &mut pos);
    let mut frac_digits: &[u8] = &[];
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        frac_digits = take_digits(bytes, &mut pos);
        if bytes.get(pos) == Some(&b'.') {
            return Err(QuantityError::MultipleDecimalPoints);
        }
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(QuantityError::MissingNumber);
    }
    let scale = parse_suffix(text.get(pos..).unwrap_or(""))?;
    let sign = if negative { -1 } else { 1 };
    let nanos = |magnitude: u128| {
        i128::try_from(magnitude)
            .map(|m| sign * m)
            .map_err(|_| QuantityError::OutOfRange)
    };
    let (magnitude, huge) = match (magnitude_nanos(int_digits, frac_digits, scale), scale) {
        (Err(QuantityError::OutOfRange), Scale::Binary(_)) => (BINARY_CAP_NANOS, None),
        (Ok(magnitude), Scale::Binary(_)) => (magnitude.min(BINARY_CAP_NANOS), None),
        (Err(QuantityError::OutOfRange), Scale::Decimal(exp)) => {
            let huge = Huge::new(negative, int_digits, frac_digits, exp);
            (MAX_NANOS + 1, Some(huge.ok_or(QuantityError::OutOfRange)?))
        }
        (other, _) => (other?, None),
    };
    Ok(Quantity {
        nanos: nanos(magnitude)?,
        huge,
        text: text.to_string(),
    })
}

/// Advances `pos` over ASCII digits and returns them.
fn take_digits<'a>(bytes: &'a [u8], pos: &mut usize) -> &'a [u8] {
    let start = *pos;
    while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
        *pos += 1;
    }
    bytes.get(start..*pos).unwrap_or(&[])
}

/// Interprets everything after the number.
fn parse_suffix(suffix: &str) -> Result<Scale, QuantityError> {
    if let Some(i) = BINARY_SUFFIXES.iter().position(|s| *s == suffix) {
        // i < 6, so the shift is at most 60.
        let bits = u32::try_from(i + 1).unwrap_or(6) * 10;
        return Ok(Scale::Binary(bits));
    }
    if let Some((_, exp)) = DECIMAL_SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        return Ok(Scale::Decimal(*exp));
    }
    // `E` alone is exa (handled above); `e`/`E` followed by a sign or digit, or
    // a lone `e`, is an attempt at an exponent.
    if let Some(rest) = suffix.strip_prefix(['e', 'E'])
        && (rest.is_empty()
            || rest.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-'))
    {
        return parse_exponent(suffix, rest).map(Scale::Decimal);
    }
    Err(QuantityError::UnknownSuffix(suffix.to_string()))
}

/// Parses the signed whole number after `e`/`E`, limited to i32 like the API
/// server. `suffix` is only used for error messages.
fn parse_exponent(suffix: &str, rest: &str) -> Result<i32, QuantityError> {
    let (negative, digits) = match rest.as_bytes().first() {
        Some(b'-') => (true, rest.get(1..).unwrap_or("")),
        Some(b'+') => (false, rest.get(1..).unwrap_or("")),
        _ => (false, rest),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuantityError::InvalidExponent(suffix.to_string()));
    }
    let out_of_range = || QuantityError::ExponentOutOfRange(suffix.to_string());
    // Accumulate negatively so that i32::MIN is reachable.
    let mut value: i32 = 0;
    for b in digits.bytes() {
        let digit = i32::from(b - b'0');
        value = value.checked_mul(10).ok_or_else(out_of_range)?;
        value = value.checked_sub(digit).ok_or_else(out_of_range)?;
    }
    if negative {
        Ok(value)
    } else {
        value.checked_neg().ok_or_else(out_of_range)
    }
}

/// The written digits (ASCII) as values 0-9, the integer part's then the fraction's.
fn digit_values(int_digits: &[u8], frac_digits: &[u8]) -> Vec<u8> {
    int_digits
        .iter()
        .chain(frac_digits)
        .map(|b| b.saturating_sub(b'0'))
        .collect()
}

/// Computes `ceil(|number| * scale * 10^9)` exactly, or `OutOfRange`.
///
/// The digits are treated as one significant-digit string with a decimal point
/// `point` digits from its start (counted in nano-units). Only the integer part
/// (at most ~40 digits, else out of range) and the first [`FRACTION_DIGITS`]
/// fraction digits plus a sticky "non-zero beyond" flag are needed, so
/// arbitrarily long inputs are handled in linear time without big integers.
fn magnitude_nanos(
    int_digits: &[u8],
    frac_digits: &[u8],
    scale: Scale,
) -> Result<u128, QuantityError> {
    let (dec_exp, bits) = match scale {
        Scale::Decimal(e) => (i128::from(e), 0u32),
        Scale::Binary(b) => (0, b),
    };
    let digits = digit_values(int_digits, frac_digits);
    let Some(first_nonzero) = digits.iter().position(|&d| d != 0) else {
        return Ok(0);
    };
    let significant = digits.get(first_nonzero..).unwrap_or(&[]);
    let to_i128 = |n: usize| i128::try_from(n).map_err(|_| QuantityError::OutOfRange);
    // Position of the nano-unit point within `significant`.
    let point = to_i128(int_digits.len())?
        .checked_sub(to_i128(first_nonzero)?)
        .and_then(|p| p.checked_add(dec_exp))
        .and_then(|p| p.checked_add(NANO_DIGITS))
        .ok_or(QuantityError::OutOfRange)?;
    // The leading digit is non-zero, so the value is at least 10^(point-1)
    // nano-units; anything with more than 40 integer digits is far too big.
    if point > 40 {
        return Err(QuantityError::OutOfRange);
    }
    let digit_at = |index: i128| -> u8 {
        usize::try_from(index)
            .ok()
            .and_then(|i| significant.get(i).copied())
            .unwrap_or(0)
    };

    let mut integer: u128 = 0;
    for index in 0..point.max(0) {
        integer = integer
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(digit_at(index))))
            .ok_or(QuantityError::OutOfRange)?;
    }

    let mut fraction = [0u8; FRACTION_DIGITS];
    for (offset, slot) in (0i128..).zip(fraction.iter_mut()) {
        *slot = digit_at(point.saturating_add(offset));
    }
    let kept_end = point.saturating_add(to_i128(FRACTION_DIGITS)?);
    let beyond_start = usize::try_from(kept_end.max(0)).unwrap_or(usize::MAX);
    let sticky = significant
        .get(beyond_start..)
        .is_some_and(|rest| rest.iter().any(|&d| d != 0));

    // Multiply the fraction by 2^bits one doubling at a time, collecting the
    // carries that cross into whole nano-units.
    let mut carried: u128 = 0;
    // Whole numbers (the common case: 1Gi, 512Mi) have no fraction to double.
    let has_fraction = fraction.iter().any(|&d| d != 0);
    for _ in 0..if has_fraction { bits } else { 0 } {
        let mut carry = 0u8;
        for d in fraction.iter_mut().rev() {
            let doubled = *d * 2 + carry;
            *d = doubled % 10;
            carry = doubled / 10;
        }
        carried = carried
            .checked_mul(2)
            .and_then(|v| v.checked_add(u128::from(carry)))
            .ok_or(QuantityError::OutOfRange)?;
    }
    let round_up = u128::from(sticky || fraction.iter().any(|&d| d != 0));

    let total = 1u128
        .checked_shl(bits)
        .and_then(|factor| integer.checked_mul(factor))
        .and_then(|v| v.checked_add(carried))
        .and_then(|v| v.checked_add(round_up))
        .ok_or(QuantityError::OutOfRange)?;
    if total > MAX_NANOS {
        return Err(QuantityError::OutOfRange);
    }
    Ok(total)
}

impl Quantity {
    /// Same as the free function [`parse`].
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        parse(text)
    }

    /// True for any spelling of zero (`0`, `0Gi`, `-0.0`, `0e9`).
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// True when the value is below zero (`-0` is zero, not negative).
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// The text exactly as written, for quoting back to the user.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The exact value in nano-units (10^-9), e.g. `1` -> `1_000_000_000` and
    /// `1n` -> 1, for callers that need arithmetic (use checked operations).
    /// Beyond 10^24 units it is `±(10^33 + 1)`: see [`Quantity::is_huge`].
    #[must_use]
    pub fn as_nanos(&self) -> i128 {
        self.nanos
    }

    /// Whether the magnitude is beyond 10^24 units, where [`Quantity::as_nanos`]
    /// saturates (comparisons stay exact).
    #[must_use]
    pub fn is_huge(&self) -> bool {
        self.huge.is_some()
    }

    /// A normalized spelling for messages that depends only on the value, so
    /// equal quantities always print the same and the result parses back to
    /// an equal quantity.
    ///
    /// Like Kubernetes, the mantissa is a whole number and decimal suffixes
    /// step by 10^3 (`0.5` -> `500m`, `1000` -> `1k`, `1500` -> `1500`). Whole
    /// multiples of 1024 use a binary suffix (`1024Mi` -> `1Gi`,
    /// `1.5Gi` -> `1536Mi`) unless the decimal spelling is at least two
    /// characters shorter (`2T` stays `2T`, not `1953125000Ki`).
    #[must_use]
    pub fn canonical(&self) -> String {
        if let Some(huge) = &self.huge {
            return huge.scientific();
        }
        if self.nanos == 0 {
            return "0".to_string();
        }
        let sign = if self.nanos < 0 { "-" } else { "" };
        let magnitude = self.nanos.unsigned_abs();
        let decimal = decimal_form(magnitude);
        let form = match binary_form(magnitude) {
            Some(binary) if binary.len() <= decimal.len() + 1 => binary,
            _ => decimal,
        };
        format!("{sign}{form}")
    }
}

/// `magnitude` (nano-units, non-zero) as an integer mantissa with the largest
/// decimal SI suffix that keeps it whole.
fn decimal_form(magnitude: u128) -> String {
    let mut trailing_zeros = 0usize;
    let mut rest = magnitude;
    // Stop at 27 zeros: 10^(27-9) is E, the largest decimal suffix.
    while rest != 0 && rest.is_multiple_of(10) && trailing_zeros < 27 {
        rest /= 10;
        trailing_zeros += 1;
    }
    // Suffixes step by three powers of ten, starting at n (index 0).
    let steps = trailing_zeros / 3;
    let mut mantissa = magnitude;
    for _ in 0..steps * 3 {
        mantissa /= 10;
    }
    let suffix = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]
        .get(steps)
        .copied()
        .unwrap_or("E");
    format!("{mantissa}{suffix}")
}

/// `magnitude` (nano-units) with a binary suffix, if it is a whole number of
/// units that is a non-zero multiple of 1024.
fn binary_form(magnitude: u128) -> Option<String> {
    if !magnitude.is_multiple_of(NANOS_PER_UNIT) {
        return None;
    }
    let mut mantissa = magnitude / NANOS_PER_UNIT;
    if mantissa == 0 || !mantissa.is_multiple_of(1024) {
        return None;
    }
    let mut index = 0usize;
    while mantissa.is_multiple_of(1024) && index < BINARY_SUFFIXES.len() {
        mantissa /= 1024;
        index += 1;
    }
    let suffix = BINARY_SUFFIXES.get(index.checked_sub(1)?)?;
    Some(format!("{mantissa}{suffix}"))
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.huge, &other.huge) {
            (Some(a), Some(b)) => match (a.negative, b.negative) {
                (false, false) => a.cmp_magnitude(b),
                (true, true) => b.cmp_magnitude(a),
                (false, true) => Ordering::Greater,
                (true, false) => Ordering::Less,
            },
            // A huge value is beyond every other, so the saturated nanos order them.
            _ => self.nanos.cmp(&other.nanos),
        }
    }
}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
        self.huge.hash(state);
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// Prints the original text, so messages quote exactly what the user wrote;
/// use [`Quantity::canonical`] for a normalized spelling.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        match parse(s) {
            Ok(q) => q,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn err(s: &str) -> QuantityError {
        match parse(s) {
            Ok(q) => panic!("{s:?} should not parse, got {} nanos", q.as_nanos()),
            Err(e) => e,
        }
    }

    const NANO: i128 = 1_000_000_000;

    #[test]
    fn equal_values_from_different_spellings() {
        let pairs = [
            ("1Gi", "1024Mi"),
            ("0.5", "500m"),
            ("1e3", "1k"),
            ("1E3", "1k"),
            ("1.5Gi", "1536Mi"),
            ("1Ki", "1024"),
            ("1Mi", "1048576"),
            ("1Ei", "1152921504606846976"),
            ("1E", "1e18"),
            ("1k", "1000"),
            ("1M", "1e6"),
            ("1G", "1000M"),
            ("1T", "1000G"),
            ("1P", "1000T"),
            ("1E", "1000P"),
            ("1m", "1000u"),
            ("1u", "1000n"),
            ("1n", "1e-9"),
            ("0.001", "1m"),
            (".5", "0.5"),
            ("5.", "5"),
            ("+5", "5"),
            ("007", "7"),
            ("1.000", "1"),
            ("0.1Ki", "102.4"),
            ("2.5e-3", "2500u"),
            ("-1Gi", "-1024Mi"),
            ("0", "-0"),
            ("0Gi", "0e99"),
            ("0.0", "0n"),
        ];
        for (a, b) in pairs {
            assert_eq!(q(a), q(b), "{a} should equal {b}");
            assert_eq!(q(a).cmp(&q(b)), Ordering::Equal, "{a} cmp {b}");
        }
    }

    #[test]
    fn unequal_values() {
        assert_ne!(q("1G"), q("1Gi"));
        assert_ne!(q("1M"), q("1Mi"));
        assert_ne!(q("1m"), q("1M"));
        assert_ne!(q("1"), q("-1"));
        assert_ne!(q("1n"), q("2n"));
    }

    #[test]
    fn exact_values() {
        assert_eq!(q("1").as_nanos(), NANO);
        assert_eq!(q("1n").as_nanos(), 1);
        assert_eq!(q("100m").as_nanos(), NANO / 10);
        assert_eq!(q("1Ki").as_nanos(), 1024 * NANO);
        assert_eq!(q("-2Mi").as_nanos(), -2 * 1024 * 1024 * NANO);
        assert_eq!(q("7Ei").as_nanos(), 7 * (1i128 << 60) * NANO);
        assert_eq!(q("1e24").as_nanos(), 10i128.pow(33));
        assert_eq!(q("-1e24").as_nanos(), -(10i128.pow(33)));
        // A fraction of a binary suffix is exact down to the nano.
        assert_eq!(q("0.5Ki").as_nanos(), 512 * NANO);
        assert_eq!(q("1.0000001Ki").as_nanos(), 1_024_000_102_400);
    }

    #[test]
    fn ordering() {
        assert!(q("100m") < q("1"));
        assert!(q("1") < q("1001m"));
        assert!(q("1G") < q("1Gi"));
        assert!(q("1023Mi") < q("1Gi"));
        assert!(q("1Gi") < q("1073741825"));
        assert!(q("-1") < q("0"));
        assert!(q("-1Gi") < q("-1G"));
        assert!(q("1n") > q("0"));
        assert!(q("1Ei") > q("1E"));
        let mut values: Vec<Quantity> = ["2Gi", "1", "500m", "-3", "1Gi", "1G", "0"]
            .into_iter()
            .map(q)
            .collect();
        values.sort();
        let texts: Vec<&str> = values.iter().map(Quantity::text).collect();
        assert_eq!(texts, ["-3", "0", "500m", "1", "1G", "1Gi", "2Gi"]);
        assert_eq!(q("1Gi").max(q("1G")).text(), "1Gi");
    }

    #[test]
    fn hash_is_by_value() {
        use std::collections::HashSet;
        let set: HashSet<Quantity> = ["1Gi", "1024Mi", "1073741824", "1G"]
            .into_iter()
            .map(q)
            .collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn predicates_and_text() {
        assert!(q("0").is_zero());
        assert!(q("-0.0Gi").is_zero());
        assert!(!q("-0").is_negative());
        assert!(q("-1n").is_negative());
        assert!(!q("1n").is_negative());
        assert!(!q("1n").is_zero());
        assert_eq!(q("1024Mi").text(), "1024Mi");
        assert_eq!(q("+1.50Gi").text(), "+1.50Gi");
        assert_eq!(q("1024Mi").to_string(), "1024Mi");
        assert_eq!("1Gi".parse::<Quantity>(), Ok(q("1024Mi")));
        assert_eq!(Quantity::parse("2"), Ok(q("2")));
    }

    #[test]
    fn sub_nano_precision_rounds_up_away_from_zero() {
        assert_eq!(q("0.1n").as_nanos(), 1);
        assert_eq!(q("1.1n").as_nanos(), 2);
        assert_eq!(q("-0.1n").as_nanos(), -1);
        assert_eq!(q("0.0000000001").as_nanos(), 1);
        assert_eq!(q("0.001m").as_nanos(), 1_000);
        assert_eq!(q("0.000001m").as_nanos(), 1);
        assert_eq!(q("1e-10").as_nanos(), 1);
        assert_eq!(q("1e-2147483648").as_nanos(), 1);
        assert_eq!(q("1.0000000001").as_nanos(), NANO + 1);
        // Exact values do not get bumped.
        assert_eq!(q("1.000000000000000000000000").as_nanos(), NANO);
        // 10^-12 Ei = 1152921.504606846976 units -> rounds up at the 9th digit.
        assert_eq!(q("0.000000000001Ei").as_nanos(), 1_152_921_504_606_847);
        // 2^-30 Gi is exactly one unit; adding a tiny bit rounds up one nano.
        assert_eq!(q("0.000000000931322574615478515625Gi").as_nanos(), NANO);
        assert_eq!(
            q("0.0000000009313225746154785156250000000000000000000000000000000000000000001Gi")
                .as_nanos(),
            NANO + 1
        );
    }

    #[test]
    fn long_digit_strings() {
        let zeros = "0".repeat(10_000);
        assert_eq!(q(&format!("{zeros}1")).as_nanos(), NANO);
        assert_eq!(q(&format!("0.{zeros}1")).as_nanos(), 1);
        assert_eq!(q(&format!("1.{zeros}")).as_nanos(), NANO);
        assert_eq!(q(&format!("1.{zeros}1")).as_nanos(), NANO + 1);
        assert_eq!(q(&format!("1{zeros}e-10000")).as_nanos(), NANO);
        assert_eq!(q(&format!("1e{zeros}3")).as_nanos(), 1000 * NANO);
        assert_eq!(q(&format!("1{zeros}")).canonical(), "1e10000");
        assert!(q(&"9".repeat(100_000)) < q("1e100000"));
        assert!(q(&"9".repeat(100_000)) > q(&format!("9{zeros}")));
        assert_eq!(q(&format!("0.{}", "9".repeat(100_000))).as_nanos(), NANO);
        assert_eq!(
            err(&format!("1e{}", "9".repeat(1000))),
            QuantityError::ExponentOutOfRange(format!("e{}", "9".repeat(1000)))
        );
    }

    #[test]
    fn range_limits() {
        // A binary suffix is capped at 2^63-1 units, as kube-apiserver does.
        let cap = i128::from(i64::MAX) * NANO;
        for capped in [
            "999999999Ei",
            "99999999999999999999999999999999999999999Ei",
            "100Ei",
            "8Ei",
            "9223372036854775807Ki",
        ] {
            assert_eq!(q(capped).as_nanos(), cap, "{capped}");
            assert!(!q(capped).is_huge());
        }
        assert_eq!(q("-100Ei").as_nanos(), -cap);
        assert_eq!(q("9Ei"), q("100Ei"));
        assert!(q("7.99Ei") < q("8Ei"));
        assert_eq!(q("8Ei"), q("9223372036854775807"));
        // Without one, any magnitude is exact, as kube-apiserver keeps it.
        for huge in [
            "1e400",
            "-1e400",
            "1e25",
            "1000000.000000001E",
            "1e2147483647",
        ] {
            assert!(q(huge).is_huge(), "{huge}");
        }
        assert!(!q("1e24").is_huge());
        assert!(q("1e400") > q("1e25") && q("1e25") > q("1e24") && q("1e24") > q("100Ei"));
        assert!(q("-1e400") < q("-1e25") && q("-1e25") < q("-8Ei"));
        assert!(q("-1e25") < q("1e25"));
        assert_eq!(q("10e399"), q("1e400"));
        assert!(q("1.0000000000000000000001e400") > q("1e400"));
        assert_eq!(q("1e400").canonical(), "1e400");
        assert_eq!(q("-12.5e30").canonical(), "-1.25e31");
        assert_eq!(q("1000000E"), q("1e24"));
        assert!(q("0e2147483647").is_zero());
        assert_eq!(
            err("1e2147483648"),
            QuantityError::ExponentOutOfRange("e2147483648".into())
        );
        assert_eq!(
            err("1e-2147483649"),
            QuantityError::ExponentOutOfRange("e-2147483649".into())
        );
    }

    #[test]
    fn error_classes() {
        use QuantityError::*;
        let cases: Vec<(&str, QuantityError)> = vec![
            ("", Empty),
            (" ", Whitespace),
            ("1 Gi", Whitespace),
            (" 1Gi", Whitespace),
            ("1Gi\n", Whitespace),
            ("1\tGi", Whitespace),
            ("1\u{a0}Gi", Whitespace),
            ("١", InvalidCharacter('١')),
            ("1\u{0}Gi", InvalidCharacter('\u{0}')),
            ("1_000", InvalidCharacter('_')),
            ("1,5", InvalidCharacter(',')),
            ("1Gi!", InvalidCharacter('!')),
            ("1µ", InvalidCharacter('µ')),
            ("１Gi", InvalidCharacter('１')),
            ("-", MissingNumber),
            ("+", MissingNumber),
            (".", MissingNumber),
            ("-.", MissingNumber),
            ("Gi", MissingNumber),
            ("k", MissingNumber),
            ("e3", MissingNumber),
            ("-Gi", MissingNumber),
            ("++1", MultipleSigns),
            ("--1", MultipleSigns),
            ("+-1", MultipleSigns),
            ("-+", MultipleSigns),
            ("1..2", MultipleDecimalPoints),
            ("1.2.3", MultipleDecimalPoints),
            ("..", MultipleDecimalPoints),
            (".5.", MultipleDecimalPoints),
            ("1GB", UnknownSuffix("GB".into())),
            ("1gi", UnknownSuffix("gi".into())),
            ("1Gii", UnknownSuffix("Gii".into())),
            ("1K", UnknownSuffix("K".into())),
            ("1KiB", UnknownSuffix("KiB".into())),
            ("1-", UnknownSuffix("-".into())),
            ("1+1", UnknownSuffix("+1".into())),
            ("1Gi.5", UnknownSuffix("Gi.5".into())),
            ("1EB", UnknownSuffix("EB".into())),
            ("1eGi", UnknownSuffix("eGi".into())),
            ("1x", UnknownSuffix("x".into())),
            ("1e", InvalidExponent("e".into())),
            ("1e+", InvalidExponent("e+".into())),
            ("1E-", InvalidExponent("E-".into())),
            ("1e--3", InvalidExponent("e--3".into())),
            ("1e3.5", InvalidExponent("e3.5".into())),
            ("1e3Gi", InvalidExponent("e3Gi".into())),
            ("1e99999999999", ExponentOutOfRange("e99999999999".into())),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn error_messages_explain_and_give_examples() {
        let gb = err("1GB").to_string();
        assert!(gb.starts_with("unknown suffix \"GB\""), "{gb}");
        assert!(gb.contains("did you mean \"G\""), "{gb}");
        assert!(gb.contains("\"Gi\""), "{gb}");
        assert!(gb.contains("e.g. 1Gi or 500M"), "{gb}");

        let gi = err("1gi").to_string();
        assert!(gi.contains("case-sensitive"), "{gi}");
        assert!(gi.contains("did you mean \"Gi\"?"), "{gi}");

        let kib = err("1KiB").to_string();
        assert!(kib.contains("did you mean \"Ki\"?"), "{kib}");

        let big_k = err("1K").to_string();
        assert!(big_k.contains("\"k\" (10^3) or \"Ki\" (2^10)"), "{big_k}");

        assert!(!err("1x").to_string().contains("did you mean"));

        let nul = err("1\u{0}Gi").to_string();
        assert!(nul.contains("'\\0' (U+0000)"), "{nul}");
        let arabic = err("١").to_string();
        assert!(arabic.contains("U+0661"), "{arabic}");

        for e in [
            QuantityError::Empty,
            QuantityError::Whitespace,
            QuantityError::InvalidCharacter('_'),
            QuantityError::MissingNumber,
            QuantityError::MultipleSigns,
            QuantityError::MultipleDecimalPoints,
            QuantityError::UnknownSuffix("GB".into()),
            QuantityError::InvalidExponent("e".into()),
            QuantityError::ExponentOutOfRange("e9999999999".into()),
            QuantityError::OutOfRange,
        ] {
            let message = e.to_string();
            assert!(message.contains("e.g."), "no example in {message:?}");
            assert!(!message.ends_with('.'), "{message:?}");
        }
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("1024Mi", "1Gi"),
            ("1Gi", "1Gi"),
            ("1073741824", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("0.5", "500m"),
            ("1000", "1k"),
            ("1e3", "1k"),
            ("1500", "1500"),
            ("1.5", "1500m"),
            ("100m", "100m"),
            ("0.1", "100m"),
            ("1n", "1n"),
            ("0.0001", "100u"),
            ("0", "0"),
            ("-0Gi", "0"),
            ("-1Gi", "-1Gi"),
            ("-0.5", "-500m"),
            ("2T", "2T"),
            ("10G", "10G"),
            ("500M", "500M"),
            ("1E", "1E"),
            ("1e18", "1E"),
            ("1e21", "1000E"),
            ("1e24", "1000000E"),
            ("1e25", "1e25"),
            ("1Ei", "1Ei"),
            ("7Ei", "7Ei"),
            ("100Ei", "9223372036854775807"),
            ("1Ki", "1Ki"),
            ("0.5Ki", "512"),
            ("1000Ki", "1000Ki"),
            ("1024k", "1000Ki"),
            ("1.0000001Ki", "1024000102400n"),
            ("123", "123"),
            ("+7", "7"),
        ];
        for (input, expected) in cases {
            assert_eq!(q(input).canonical(), expected, "canonical of {input}");
        }
    }

    #[test]
    fn canonical_round_trips_and_is_value_based() {
        let inputs = [
            "1Gi",
            "1024Mi",
            "0.5",
            "500m",
            "1e3",
            "1k",
            "1.5Gi",
            "1536Mi",
            "100m",
            "1",
            "-1",
            "1n",
            "0.1n",
            "123456789n",
            "1.0000001Ki",
            "100Ei",
            "1e24",
            "-1e24",
            "2T",
            "10G",
            "1000Ki",
            "1024k",
            "0",
            "7e-3",
            "3Pi",
            "0.000000000001Ei",
            "12345678901234567890",
        ];
        for input in inputs {
            let original = q(input);
            let canonical = original.canonical();
            let reparsed = q(&canonical);
            assert_eq!(reparsed, original, "{input} -> {canonical}");
            assert_eq!(reparsed.canonical(), canonical, "idempotent for {input}");
        }
        for (a, b) in [
            ("1Gi", "1024Mi"),
            ("0.5", "500m"),
            ("1e3", "1k"),
            ("1.5Gi", "1536Mi"),
        ] {
            assert_eq!(q(a).canonical(), q(b).canonical());
        }
    }

    #[test]
    fn absurd_inputs_never_panic() {
        let inputs = [
            "",
            "-",
            ".",
            "1..2",
            "1e",
            "1e+",
            "++1",
            "1Gii",
            "١",
            "1\u{0}Gi",
            "e",
            "E",
            "Ei",
            "-e",
            ".e3",
            "0.e",
            "1.e3",
            "1.Gi",
            "-.5Ki",
            "🦀",
            "1🦀",
            "1é",
            "1e-",
            "1e+-1",
            "0x10",
            "NaN",
            "inf",
            "-inf",
            "1e1e1",
            "\u{200b}1",
            "1\u{200b}",
        ];
        for input in inputs {
            let _ = parse(input).map(|q| q.canonical());
        }
        assert_eq!(q("1.e3"), q("1k"));
        assert_eq!(q("1.Gi"), q("1Gi"));
        assert_eq!(q("-.5Ki"), q("-512"));
        assert_eq!(parse("E"), Err(QuantityError::MissingNumber));
        assert_eq!(
            parse("0x10"),
            Err(QuantityError::UnknownSuffix("x10".into()))
        );
        assert_eq!(
            parse("1e1e1"),
            Err(QuantityError::InvalidExponent("e1e1".into()))
        );
        assert_eq!(
            parse("\u{200b}1"),
            Err(QuantityError::InvalidCharacter('\u{200b}'))
        );
    }

    #[test]
    fn every_suffix_parses() {
        for s in BINARY_SUFFIXES {
            let value = q(&format!("3{s}"));
            assert_eq!(value.canonical(), format!("3{s}"));
        }
        for (s, exp) in DECIMAL_SUFFIXES {
            let value = q(&format!("7{s}"));
            assert_eq!(value, q(&format!("7e{exp}")), "suffix {s:?}");
            assert_eq!(value.canonical(), format!("7{s}"));
        }
    }
}
