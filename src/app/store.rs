//! What the explorer knows of each resource, and the budget as the engine last reported it.

use std::collections::HashMap;
use std::time::Instant;

use crate::api::ApiError;
use crate::engine::{BudgetStatus, Payload, Pending, Resource};
use crate::entity::{self, Entity, List, OwnedList, PaneSpec, Project, Route};

/// What the explorer knows of one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Pending(Pending),
    Loaded {
        payload: Payload,
        at: Instant,
        /// Bumped on every answer stored, so derived rows know their data changed.
        generation: u64,
        /// Taken from a list row while the whole entity is on its way: shown at once, and
        /// replaced when the answer comes.
        preview: bool,
    },
    Failed(ApiError),
}

/// A list a pane projects from another (see [`entity::project`]), with the generation of the
/// source it was made from.
#[derive(Clone)]
struct Projected(u64, std::sync::Arc<dyn List>);

impl std::fmt::Debug for Projected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projected(generation {}, {} rows)", self.0, self.1.len())
    }
}

#[derive(Debug, Default)]
pub struct Store {
    slots: HashMap<Resource, Slot>,
    /// The lists projected panes show, made once per answer of their source.
    projected: HashMap<(Resource, Project), Projected>,
    generation: u64,
    pub budget: Option<BudgetStatus>,
    /// Hunts on their way, since when (their view counts the seconds).
    pub running: HashMap<Resource, std::time::Instant>,
    /// How long each hunt took, for its view's title.
    pub took: HashMap<Resource, std::time::Duration>,
}

impl Store {
    /// A hunt was asked for (its first word from the engine): its clock starts.
    pub fn note_asked(&mut self, resource: &Resource, now: std::time::Instant) {
        if matches!(resource, Resource::Hunt(_)) {
            self.running.entry(resource.clone()).or_insert(now);
        }
    }

    /// A hunt was answered (or failed) at `at`: how long it took.
    pub fn note_answered(&mut self, resource: &Resource, at: std::time::Instant) {
        if let Some(since) = self.running.remove(resource) {
            self.took
                .insert(resource.clone(), at.saturating_duration_since(since));
        }
    }

    /// What is known of `resource`; a resource read from another (an alert's evidence) is
    /// on its way or failed as that one is.
    pub fn slot(&self, resource: &Resource) -> Option<&Slot> {
        self.slots.get(resource).or_else(|| {
            let source = resource.source()?;
            self.slots
                .get(&source)
                .filter(|s| !matches!(s, Slot::Loaded { .. }))
        })
    }

    pub fn loaded(&self, resource: &Resource) -> Option<&Payload> {
        match self.slots.get(resource) {
            Some(Slot::Loaded { payload, .. }) => Some(payload),
            _ => None,
        }
    }

    /// A pane's list: its resource's, or what its resource's alerts name.
    pub fn pane_list(&self, spec: &PaneSpec) -> Option<(&dyn List, u64)> {
        let (list, generation) = self.list(&spec.resource)?;
        let Some(project) = spec.project else {
            return Some((list, generation));
        };
        let Projected(made, rows) = self.projected.get(&(spec.resource.clone(), project))?;
        (*made == generation).then(|| (rows.as_ref(), generation))
    }

    /// A pane's list as [`Store::pane_list`] finds it, owned: to be read on another thread.
    pub fn pane_owned(&self, spec: &PaneSpec) -> Option<OwnedList> {
        self.pane_list(spec)?;
        match spec.project {
            None => OwnedList::of(self.loaded(&spec.resource)?),
            Some(project) => {
                let Projected(_, rows) = self.projected.get(&(spec.resource.clone(), project))?;
                Some(OwnedList::Made(rows.clone()))
            }
        }
    }

    /// Makes a projected pane's list from its source's latest answer, once per answer.
    pub fn project(&mut self, spec: &PaneSpec) {
        let Some(project) = spec.project else {
            return;
        };
        let Some(Slot::Loaded {
            payload,
            generation,
            ..
        }) = self.slots.get(&spec.resource)
        else {
            return;
        };
        let key = (spec.resource.clone(), project);
        if self.projected.get(&key).is_some_and(|p| p.0 == *generation) {
            return;
        }
        if let Some(rows) = entity::project::project(project, payload) {
            self.projected.insert(key, Projected(*generation, rows));
        }
    }

    /// The loaded list behind `resource`, with its generation.
    pub fn list(&self, resource: &Resource) -> Option<(&dyn List, u64)> {
        match self.slots.get(resource) {
            Some(Slot::Loaded {
                payload,
                generation,
                ..
            }) => entity::list(payload).map(|l| (l, *generation)),
            _ => None,
        }
    }

    /// The loaded single entity behind `resource`.
    pub fn one(&self, resource: &Resource) -> Option<&dyn Entity> {
        self.loaded(resource).and_then(entity::one)
    }

    pub fn is_loaded(&self, resource: &Resource) -> bool {
        matches!(self.slots.get(resource), Some(Slot::Loaded { .. }))
    }

    /// Keeps an answer, and what else it holds that a view shows apart (an alert's
    /// evidence rows).
    pub fn store(&mut self, resource: Resource, payload: Payload, at: Instant) {
        if let Some((derived, rows)) = entity::derived(&resource, &payload) {
            self.put(derived, rows, at, false);
        }
        self.put(resource, payload, at, false);
    }

    /// The first rows of a long list while the rest is on its way: shown as a preview, unless
    /// the whole list is shown already (asked again, it stays until the new whole comes).
    pub fn arriving(&mut self, resource: Resource, payload: Payload, at: Instant) {
        if !matches!(
            self.slots.get(&resource),
            Some(Slot::Loaded { preview: false, .. })
        ) {
            self.put(resource, payload, at, true);
        }
    }

    fn put(&mut self, resource: Resource, payload: Payload, at: Instant, preview: bool) {
        self.generation += 1;
        let generation = self.generation;
        self.slots.insert(
            resource,
            Slot::Loaded {
                payload,
                at,
                generation,
                preview,
            },
        );
    }

    /// Drops what is known of every resource `stale` names: the next view that shows one
    /// asks for it.
    pub fn forget(&mut self, stale: impl Fn(&Resource) -> bool) {
        self.slots.retain(|resource, _| !stale(resource));
    }

    /// Whether `resource` is held whole and younger than `fresh_for` at `now`.
    pub fn is_fresh(
        &self,
        resource: &Resource,
        now: Instant,
        fresh_for: std::time::Duration,
    ) -> bool {
        matches!(
            self.slots.get(resource),
            Some(Slot::Loaded { at, preview: false, .. }) if now.saturating_duration_since(*at) < fresh_for
        )
    }

    /// Whether `resource` shows a list row's copy while the whole entity is on its way.
    pub fn is_preview(&self, resource: &Resource) -> bool {
        matches!(
            self.slots.get(resource),
            Some(Slot::Loaded { preview: true, .. })
        )
    }

    /// Puts the entity `route` names into `resource` from a list that holds it, fresh (younger
    /// than `fresh_for` at `now`): whole where a list row carries all the entity's fields,
    /// else as a preview. True when the copy is whole (no need to ask the API).
    pub fn take_held(
        &mut self,
        resource: &Resource,
        route: &Route,
        now: Instant,
        fresh_for: std::time::Duration,
    ) -> bool {
        if self.is_loaded(resource) {
            return false;
        }
        let (kind, _) = route.kind_and_id();
        let held = self.slots.values().find_map(|slot| {
            let Slot::Loaded { payload, at, .. } = slot else {
                return None;
            };
            let list = entity::list(payload).filter(|l| l.kind() == kind)?;
            if now.saturating_duration_since(*at) >= fresh_for {
                return None;
            }
            let index = (0..list.len()).find(|&i| list.get(i).route().as_ref() == Some(route))?;
            Some((payload.item(index)?, list.whole_in_lists(), *at))
        });
        match held {
            Some((payload, whole, at)) => {
                self.put(resource.clone(), payload, at, !whole);
                whole
            }
            None => false,
        }
    }

    pub fn fail(&mut self, resource: Resource, error: ApiError) {
        self.slots.insert(resource, Slot::Failed(error));
    }

    /// Marks a resource as on its way, unless data is already shown for it: known data stays
    /// on screen while it is asked for again.
    pub fn pending(&mut self, resource: Resource, state: Pending) {
        if !self.is_loaded(&resource) {
            self.slots.insert(resource, Slot::Pending(state));
        }
    }

    /// Shows a finished write in everything held: answered alerts replace their copies,
    /// the rest get the update's fields; each changed payload is a new generation.
    pub fn apply_write(
        &mut self,
        done: &[crate::api::AlertId],
        update: &crate::api::AlertUpdate,
        answers: &[crate::api::model::Alert],
    ) {
        for (resource, slot) in &mut self.slots {
            if let Slot::Loaded {
                payload,
                generation,
                ..
            } = slot
            {
                let before = payload.clone();
                crate::engine::apply_write(resource, payload, done, update, answers);
                if *payload != before {
                    self.generation += 1;
                    *generation = self.generation;
                }
            }
        }
    }

    /// Every loaded payload, for completions.
    pub fn payloads(&self) -> impl Iterator<Item = &Payload> {
        self.slots.values().filter_map(|s| match s {
            Slot::Loaded { payload, .. } => Some(payload),
            _ => None,
        })
    }
}

impl crate::entity::Held for Store {
    fn loaded(&self, resource: &Resource) -> Option<&Payload> {
        Store::loaded(self, resource)
    }

    fn each(&self) -> Box<dyn Iterator<Item = &Payload> + '_> {
        Box::new(self.payloads())
    }
}
