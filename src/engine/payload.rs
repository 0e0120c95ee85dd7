//! What an answer can hold, as one table of payload types: one entity, a list gathered page
//! by page, a list in one answer, or a table of its own making. Adding a kind adds its row
//! here.

use std::any::Any;
use std::sync::Arc;

use crate::api::model::{Alert, DomainStats, Evidence, File, FileStats, IpStats, Machine, User};
use crate::api::{HuntTable, Indicator, MachineAction, PackageLink};

/// Declares [`Payload`] and [`Partial`] from the types an answer can hold: `one` entity,
/// `paged` lists gathered page by page (with the entity type whose view an item opens, if
/// any), `whole` lists that come in one answer, and `table`s that are a list of their own
/// making (a hunt's rows, whose columns the answer names).
macro_rules! payloads {
    (
        one: $($one:ident($one_ty:ty)),* ;
        paged: $($paged:ident($paged_ty:ty) $(=> $each:ident)?),* ;
        whole: $($whole:ident($whole_ty:ty)),* ;
        table: $($table:ident($table_ty:ty)),* ;
    ) => {
        /// A fetched resource. Shared, because the cache and every view that shows it hold it.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum Payload {
            $( $one(Arc<$one_ty>), )*
            $( $paged(Arc<[$paged_ty]>), )*
            $( $whole(Arc<[$whole_ty]>), )*
            $( $table(Arc<$table_ty>), )*
        }

        impl Payload {
            /// The one entity it holds, for the registry to see which kind it is.
            pub fn entity(&self) -> Option<&dyn Any> {
                match self {
                    $( Self::$one(v) => Some(&**v), )*
                    _ => None,
                }
            }

            /// The list it holds (an `Arc<[T]>`), for the registry to see which kind.
            pub fn entities(&self) -> Option<&dyn Any> {
                match self {
                    $( Self::$paged(v) => Some(v), )*
                    $( Self::$whole(v) => Some(v), )*
                    $( Self::$table(v) => Some(&**v), )*
                    _ => None,
                }
            }

            /// Item `index` of the list it holds, as a payload of its own, for the kinds
            /// whose items have a view of their own.
            pub fn item(&self, index: usize) -> Option<Payload> {
                match self {
                    $($( Self::$paged(v) => Some(Self::$each(Arc::new(v.get(index)?.clone()))), )?)*
                    _ => None,
                }
            }
        }

        /// List items gathered page by page, each page as it came (joined once, at the end).
        #[derive(Debug, Clone)]
        pub enum Partial {
            $( $paged(Vec<Vec<$paged_ty>>), )*
        }

        impl Partial {
            pub(super) fn append(&mut self, more: Partial) {
                match (self, more) {
                    $( (Self::$paged(a), Self::$paged(b)) => a.extend(b), )*
                    #[allow(unreachable_patterns)]
                    _ => unreachable!("pages of one resource share a type"),
                }
            }

            /// Items in the last page gathered: the size the server pages this list by.
            pub fn last_page(&self) -> usize {
                match self {
                    $( Self::$paged(pages) => pages.last().map_or(0, Vec::len), )*
                }
            }

            /// Pages gathered so far.
            pub fn pages(&self) -> usize {
                match self {
                    $( Self::$paged(pages) => pages.len(), )*
                }
            }

            /// Items gathered so far.
            pub fn count(&self) -> usize {
                match self {
                    $( Self::$paged(pages) => pages.iter().map(Vec::len).sum(), )*
                }
            }

            /// A copy of the items gathered so far, as a list of its own: to show while the
            /// rest is on its way.
            pub fn so_far(&self) -> Payload {
                match self {
                    $( Self::$paged(pages) => {
                        Payload::$paged(pages.iter().flatten().cloned().collect())
                    } )*
                }
            }

            pub fn into_payload(self) -> Payload {
                match self {
                    $( Self::$paged(pages) => Payload::$paged(join(pages)), )*
                }
            }
        }
    };
}

payloads! {
    one: User(User), Alert(Alert), Machine(Machine), File(File), FileStats(FileStats),
        IpStats(IpStats), DomainStats(DomainStats), Action(MachineAction), Link(PackageLink);
    paged: Alerts(Alert) => Alert, Machines(Machine) => Machine, Users(User) => User,
        Indicators(Indicator), Actions(MachineAction);
    whole: Evidence(Evidence);
    table: Hunt(HuntTable);
}

/// A list's pages as one array, made at its exact size with no copy of the whole: each page
/// is moved in and freed in turn, so joining 100,000 alerts holds them once plus one page
/// (a `Vec` grown page by page and then copied into an `Arc` held them up to three times).
fn join<T>(pages: Vec<Vec<T>>) -> Arc<[T]> {
    if pages.len() == 1 {
        return pages.into_iter().next().expect("one page").into();
    }
    let total = pages.iter().map(Vec::len).sum();
    let mut joined = Arc::<[T]>::new_uninit_slice(total);
    let slots = Arc::get_mut(&mut joined).expect("just made: not shared");
    let mut filled = 0;
    for page in pages {
        for item in page {
            slots[filled].write(item);
            filled += 1;
        }
    }
    assert_eq!(filled, total, "every slot written");
    // SAFETY: the loop wrote each of the `total` slots once (checked above).
    unsafe { joined.assume_init() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_join_in_order_at_their_exact_size() {
        let pages = vec![vec![1, 2], vec![], vec![3], vec![4, 5, 6]];
        let joined = join(pages);
        assert_eq!(&joined[..], &[1, 2, 3, 4, 5, 6]);
        let strings = join(vec![vec!["a".to_owned()], vec!["b".to_owned()]]);
        assert_eq!(&strings[..], &["a", "b"]);
        assert!(join::<u8>(vec![vec![], vec![]]).is_empty());
    }
}
