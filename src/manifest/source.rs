//! Reading input bytes into checked text, with the size and encoding limits applied
//! before any parsing happens.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest input accepted. Real manifests are kilobytes; the limit only exists so a
/// mistaken path (a disk image, a log) is refused at once instead of being parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One input file as UTF-8 text, with an index of line starts for span arithmetic.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown to the user: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// Why an input could not be turned into text. These are reported as diagnostics on the
/// file (the file was read, but is not a manifest), unlike I/O errors, which stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    TooLarge {
        bytes: u64,
    },
    Binary {
        line: usize,
        column: usize,
    },
    NotUtf8 {
        line: usize,
        column: usize,
        utf16: bool,
    },
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputProblem::TooLarge { bytes } => write!(
                f,
                "file is {} bytes, over the limit of {} bytes (8 MiB) for one manifest file",
                bytes, MAX_FILE_BYTES
            ),
            InputProblem::Binary { .. } => {
                write!(
                    f,
                    "file contains NUL bytes: it looks like binary data, not YAML"
                )
            }
            InputProblem::NotUtf8 { utf16: true, .. } => {
                write!(
                    f,
                    "file is UTF-16 encoded; Kubernetes manifests must be UTF-8"
                )
            }
            InputProblem::NotUtf8 { .. } => {
                write!(
                    f,
                    "file is not valid UTF-8; Kubernetes manifests must be UTF-8"
                )
            }
        }
    }
}

impl InputProblem {
    /// Where the problem was found, 1-based (line 1, column 1 when it concerns the whole file).
    pub fn position(&self) -> (usize, usize) {
        match *self {
            InputProblem::TooLarge { .. } => (1, 1),
            InputProblem::Binary { line, column } | InputProblem::NotUtf8 { line, column, .. } => {
                (line, column)
            }
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            InputProblem::TooLarge { .. } => {
                "split the manifests into smaller files, or check that the path names a manifest"
            }
            InputProblem::Binary { .. } => "check that the path names a YAML manifest",
            InputProblem::NotUtf8 { utf16: true, .. } => {
                "re-save the file as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 FILE)"
            }
            InputProblem::NotUtf8 { .. } => {
                "re-save the file as UTF-8, or remove the bytes at the position shown"
            }
        }
    }
}

/// The outcome of reading one input: text to parse, or a problem to report on the file.
pub enum Loaded {
    Text(Source),
    Rejected { name: String, problem: InputProblem },
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Checks raw bytes (size, NUL bytes, UTF-8) and strips a UTF-8 byte order mark.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Loaded {
        let name = name.into();
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let problem = InputProblem::TooLarge {
                bytes: bytes.len() as u64,
            };
            return Loaded::Rejected { name, problem };
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            let problem = InputProblem::NotUtf8 {
                line: 1,
                column: 1,
                utf16: true,
            };
            return Loaded::Rejected { name, problem };
        }
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            let (line, column) = position_of_byte(&bytes, nul);
            let problem = InputProblem::Binary { line, column };
            return Loaded::Rejected { name, problem };
        }
        let body = bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(&bytes);
        match std::str::from_utf8(body) {
            Ok(text) => Loaded::Text(Source::new(name, text)),
            Err(err) => {
                let (line, column) = position_of_byte(body, err.valid_up_to());
                let problem = InputProblem::NotUtf8 {
                    line,
                    column,
                    utf16: false,
                };
                Loaded::Rejected { name, problem }
            }
        }
    }

    /// Reads a file, refusing oversized files from their metadata before reading them.
    pub fn read_file(path: &Path) -> std::io::Result<Loaded> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        if len > MAX_FILE_BYTES {
            let problem = InputProblem::TooLarge { bytes: len };
            return Ok(Loaded::Rejected { name, problem });
        }
        Self::read_limited(name, file)
    }

    /// Reads at most one byte past the limit, so an endless stream is refused quickly.
    pub fn read_limited(name: String, reader: impl Read) -> std::io::Result<Loaded> {
        let mut bytes = Vec::new();
        reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(Self::from_bytes(name, bytes))
    }

    /// The 1-based line count.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte offset of a 1-based line and a 1-based column counted in characters.
    /// Positions past the end of a line clamp to the line end.
    pub fn byte_offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return self.text.len();
        };
        let line_text = self.line_text(line);
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        start + within
    }
}

/// 1-based line and column (in characters, counting invalid bytes as one each) of a byte.
fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(bytes: &[u8]) -> InputProblem {
        match Source::from_bytes("t.yaml", bytes.to_vec()) {
            Loaded::Rejected { problem, .. } => problem,
            Loaded::Text(_) => panic!("expected a rejection"),
        }
    }

    #[test]
    fn lines_and_offsets() {
        let s = Source::new("a", "ab\r\nçd\n\nlast");
        assert_eq!(s.line_count(), 4);
        assert_eq!(s.line_text(1), "ab");
        assert_eq!(s.line_text(2), "çd");
        assert_eq!(s.line_text(3), "");
        assert_eq!(s.line_text(4), "last");
        assert_eq!(s.line_text(9), "");
        assert_eq!(s.byte_offset(2, 2), 6);
        assert_eq!(s.byte_offset(2, 99), 7);
    }

    #[test]
    fn binary_is_found_at_its_position() {
        assert_eq!(
            rejected(b"a: 1\nb: \x002\n"),
            InputProblem::Binary { line: 2, column: 4 }
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(
            rejected(b"a: 1\nname: caf\xe9\n"),
            InputProblem::NotUtf8 {
                line: 2,
                column: 10,
                utf16: false
            }
        );
        assert!(matches!(
            rejected(b"\xff\xfea\x00"),
            InputProblem::NotUtf8 { utf16: true, .. }
        ));
    }

    #[test]
    fn bom_is_stripped_and_size_is_limited() {
        match Source::from_bytes("t", b"\xEF\xBB\xBFkind: x".to_vec()) {
            Loaded::Text(s) => assert_eq!(s.text, "kind: x"),
            Loaded::Rejected { .. } => panic!("BOM input rejected"),
        }
        let big = vec![b'a'; (MAX_FILE_BYTES + 1) as usize];
        assert!(matches!(
            Source::read_limited("big".into(), big.as_slice()).unwrap(),
            Loaded::Rejected {
                problem: InputProblem::TooLarge { .. },
                ..
            }
        ));
    }
}
