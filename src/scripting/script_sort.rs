//! SORT and SORT_RO called from a script. `BY <pattern without *>` means "do not sort", which
//! leaves a set in hash order; for a script Redis sorts such a set as ALPHA instead, so that the
//! script sees one order everywhere (sort.c's rule for callers flagged CLIENT_SCRIPT). The
//! arguments are rewritten to say so before the keyspace runs the command.

use crate::keyspace::db::{Entry, Value};
use crate::keyspace::Keyspace;

/// What a script's SORT or SORT_RO should run instead of `argv`: without its BY options and
/// with ALPHA when one of them does not sort and the key holds a set; None to run `argv` as
/// it is (including when the options are malformed, which the keyspace reports).
pub fn ordered_for_scripts(keyspace: &mut Keyspace, argv: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    let key = argv.get(1)?;
    let mut kept: Vec<Vec<u8>> = argv.get(..2)?.to_vec();
    let mut unsorted = false;
    let mut j = 2;
    while let Some(option) = argv.get(j) {
        let left = argv.len() - j - 1;
        let width = match option.to_ascii_lowercase().as_slice() {
            b"asc" | b"desc" | b"alpha" => 1,
            b"limit" if left >= 2 => 3,
            b"store" | b"get" if left >= 1 => 2,
            b"by" if left >= 1 => {
                // Once a BY without `*` is seen the sort is off, whatever BY follows.
                unsorted |= argv.get(j + 1).is_some_and(|p| !p.contains(&b'*'));
                j += 2;
                continue;
            }
            _ => return None,
        };
        kept.extend_from_slice(argv.get(j..j + width)?);
        j += width;
    }
    let now = keyspace.now;
    let set = matches!(
        keyspace.db().get(key, now),
        Some(Entry {
            value: Value::Set(_),
            ..
        })
    );
    if !(unsorted && set) {
        return None;
    }
    kept.push(b"alpha".to_vec());
    Some(kept)
}
