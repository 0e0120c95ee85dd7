//! How a file is opened: `:file HASH` and `mdetui file HASH [alerts|machines|stats]`, and the
//! move from any hash to its SHA-1's view (the API relates alerts and machines by SHA-1 only;
//! no endpoint takes an MD5).

use crate::api::FileHash;
use crate::api::model::{File, FileStats};
use crate::engine::{Payload, Resource};
use crate::entity::registry::{
    Complete, Held, OneShot, Registration, Settled, Wire, Word, view_part,
};
use crate::entity::route::Route;

pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "file",
        short: Some("f"),
        needs: Some("a SHA-1, SHA-256 or MD5"),
        open: |arg, _| open(arg),
        complete: Complete::Seen,
    }),
    one_shot: Some(OneShot {
        about: "A file by SHA-1 or SHA-256: its facts, or its organisation statistics, alerts or \
                machines (looked up by SHA-1: a SHA-256 is turned into one first, for one call more)",
        arg: "HASH",
        arg_help: "A SHA-1 or SHA-256",
        example: "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f",
        parts: &[
            ("alerts", "The alerts that name the file"),
            ("machines", "The organisation's machines that have it"),
            ("stats", "The organisation's statistics of the file"),
        ],
        lookup,
        part: view_part,
        missing: "no SHA-1 is known for this file, and the API relates alerts and machines by \
                  SHA-1 only",
    }),
    claims: None,
    settle: Some(settle),
    writes: &[],
    wires: &[Wire::of::<File>(), Wire::of::<FileStats>()],
};

fn open(arg: &str) -> Result<Route, String> {
    FileHash::parse(arg)
        .map(Route::File)
        .map_err(|e| e.to_string())
}

/// A file the API can look up: by SHA-1 or SHA-256, said before any call.
fn lookup(arg: &str) -> Result<Route, String> {
    let route = open(arg)?;
    match &route {
        Route::File(hash) if !hash.is_lookup() => Err(format!(
            "{hash}: the API finds files by SHA-1 or SHA-256, not MD5"
        )),
        _ => Ok(route),
    }
}

/// A file reached by SHA-256 becomes its SHA-1's view once the file is held (its answer just
/// came, or a prefetch or an earlier visit brought it), keeping the answer under the SHA-1
/// too; one reached by MD5 becomes the view of the file held with that MD5. An unknown MD5's
/// view stays and says it cannot be looked up.
fn settle(route: &Route, held: &dyn Held) -> Option<Settled> {
    let Route::File(hash) = route else {
        return None;
    };
    match hash {
        FileHash::Sha1(_) => None,
        FileHash::Sha256(_) => {
            let payload = held.loaded(&Resource::File(hash.clone()))?;
            let Payload::File(file) = payload else {
                return None;
            };
            let sha1 = sha1_of(file)?;
            Some(Settled {
                route: Route::File(sha1.clone()),
                keep: vec![(Resource::File(sha1), payload.clone())],
            })
        }
        FileHash::Md5(md5) => {
            let sha1 = held.each().find_map(|p| match p {
                Payload::File(f)
                    if f.md5
                        .as_deref()
                        .is_some_and(|m| m.eq_ignore_ascii_case(md5)) =>
                {
                    sha1_of(f)
                }
                _ => None,
            })?;
            Some(Settled {
                route: Route::File(sha1),
                keep: Vec::new(),
            })
        }
    }
}

fn sha1_of(file: &File) -> Option<FileHash> {
    file.sha1
        .as_deref()
        .and_then(|h| crate::api::Sha1::parse(h).ok())
        .map(FileHash::Sha1)
}
