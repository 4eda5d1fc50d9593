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
