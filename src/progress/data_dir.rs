//! Where the progress database lives by default.

use std::ffi::OsString;
use std::path::PathBuf;

/// Environment variable that overrides the data directory, for tests, CI and learners who
/// keep several independent progress files.
pub const DATA_DIR_ENV: &str = "STS_TUTOR_DATA_DIR";

/// The directory to pass to [`crate::progress::Store::open`]: `$STS_TUTOR_DATA_DIR` if set
/// and non-empty, else the platform data directory plus `sts-tutor`
/// (e.g. `~/.local/share/sts-tutor` on Linux). `None` when neither is known (no home
/// directory), so the caller can ask for the variable instead of writing somewhere odd.
pub fn default_data_dir() -> Option<PathBuf> {
    resolve(std::env::var_os(DATA_DIR_ENV), dirs::data_dir)
}

/// The decision behind [`default_data_dir`], separated from the process environment so it
/// can be tested without mutating global state.
fn resolve(
    override_dir: Option<OsString>,
    platform_data_dir: impl FnOnce() -> Option<PathBuf>,
) -> Option<PathBuf> {
    match override_dir {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => platform_data_dir().map(|dir| dir.join("sts-tutor")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform() -> Option<PathBuf> {
        Some(PathBuf::from("/home/learner/.local/share"))
    }

    #[test]
    fn override_wins() {
        assert_eq!(
            resolve(Some(OsString::from("/tmp/progress")), platform),
            Some(PathBuf::from("/tmp/progress"))
        );
    }

    #[test]
    fn empty_override_is_ignored() {
        assert_eq!(
            resolve(Some(OsString::new()), platform),
            Some(PathBuf::from("/home/learner/.local/share/sts-tutor"))
        );
    }

    #[test]
    fn platform_dir_gets_app_subdirectory() {
        assert_eq!(
            resolve(None, platform),
            Some(PathBuf::from("/home/learner/.local/share/sts-tutor"))
        );
    }

    #[test]
    fn nothing_known() {
        assert_eq!(resolve(None, || None), None);
    }
}
