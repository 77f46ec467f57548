//! Where the provider documents are.

use std::path::{Path, PathBuf};

/// The provider documents' directory (`shared/seeds`, holding `INDEX.md`): `PAYBIND_SEEDS`
/// when it is set (a copy of the tree elsewhere, as cargo-mutants makes), else the first
/// `shared/seeds` found walking up from `start`. A worktree sits beside `shared/` or deeper,
/// so the walk does not assume a depth.
pub fn find_seeds(start: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PAYBIND_SEEDS").map(PathBuf::from) {
        return dir.join("INDEX.md").is_file().then_some(dir);
    }
    start.ancestors().find_map(|dir| {
        let seeds = dir.join("shared").join("seeds");
        seeds.join("INDEX.md").is_file().then_some(seeds)
    })
}
