//! Fingerprints of submissions, so attempts can be compared ("same file as last time?")
//! without keeping learners' manifests in the database.

use sha2::{Digest, Sha256};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The lowercase hex SHA-256 of `bytes`: the value [`crate::progress::Attempt`] stores
/// in `submission_hash`, identifying a submission without storing its content.
pub fn submission_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Whether `text` has the shape [`submission_hash`] produces, so a caller passing the raw
/// submission (or nothing) by mistake is caught before it is stored.
pub(crate) fn is_submission_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| HEX.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(
            submission_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            submission_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn different_bytes_different_hash() {
        assert_ne!(
            submission_hash(b"replicas: 3\n"),
            submission_hash(b"replicas: 4\n")
        );
    }

    #[test]
    fn shape_check() {
        assert!(is_submission_hash(&submission_hash(b"x")));
        assert!(!is_submission_hash(""));
        assert!(!is_submission_hash(&"A".repeat(64)));
        assert!(!is_submission_hash(&"a".repeat(63)));
        assert!(!is_submission_hash("kind: StatefulSet"));
    }
}
