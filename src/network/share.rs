//! Shares: a part over its whole. A share of an empty whole is undefined (`None`),
//! never 0: a selection without participations says nothing about who is missing
//! from it.

/// `part / whole`, or `None` when `whole` is 0.
///
/// ```
/// use peacenet::network::share;
/// assert_eq!(share(1, 4), Some(0.25));
/// assert_eq!(share(3, 3), Some(1.0));
/// // Nothing of a non-empty whole is 0; a share of an empty whole is undefined.
/// assert_eq!(share(0, 5), Some(0.0));
/// assert_eq!(share(0, 0), None);
/// ```
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
