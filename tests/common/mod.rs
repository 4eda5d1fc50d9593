//! Helpers shared by the behaviour tests.

use std::path::{Path, PathBuf};

/// The files of `folder` (relative to the crate) ending in `.extension`, sorted by name.
pub fn files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == extension).then_some(path)
        })
        .collect();
    paths.sort();
    paths
}

/// Feeds every `NAME.redis` of `folder` to `ferrous-lua redis` and compares what it prints
/// with `NAME.out` (what `redis-cli --no-raw` printed against redis-server 7.0.15). Returns
/// the number of files and a description of each mismatch.
#[allow(dead_code)]
pub fn compare_redis_cases(folder: &str) -> (usize, Vec<String>) {
    use std::process::{Command, Stdio};
    let cases = files(folder, "redis");
    let mut failures = Vec::new();
    for case in &cases {
        let input = std::fs::File::open(case).expect("case");
        // Files named *-resp3-* speak RESP3, as `redis-cli -3` does when regenerating them.
        let resp3 = case.to_string_lossy().contains("-resp3-");
        let output = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
            .arg("redis")
            .args(resp3.then_some("-3"))
            .stdin(input)
            .stderr(Stdio::inherit())
            .output()
            .expect("ferrous-lua redis runs");
        let expected = std::fs::read(case.with_extension("out")).expect("golden output");
        if output.stdout != expected {
            failures.push(first_difference(case, &expected, &output.stdout));
        }
    }
    (cases.len(), failures)
}

/// Where `ours` first departs from the reference's `theirs`: the file, the line and both
/// versions of it.
#[allow(dead_code)] // Not every test binary that includes this module compares outputs.
pub fn first_difference(case: &std::path::Path, theirs: &[u8], ours: &[u8]) -> String {
    let ours = String::from_utf8_lossy(ours).into_owned();
    let theirs = String::from_utf8_lossy(theirs).into_owned();
    let line = ours
        .lines()
        .zip(theirs.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(ours.lines().count().min(theirs.lines().count()));
    format!(
        "{}: line {}\n  reference: {:?}\n  ours:      {:?}",
        case.display(),
        line + 1,
        theirs.lines().nth(line),
        ours.lines().nth(line)
    )
}
