//! What the explorer knows of each resource, and the budget as the engine last reported it.

use std::collections::HashMap;
use std::time::Instant;

use crate::api::ApiError;
use crate::engine::{BudgetStatus, Payload, Pending, Resource};
use crate::entity::{self, Entity, List};

/// What the explorer knows of one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Pending(Pending),
    Loaded {
        payload: Payload,
        at: Instant,
        /// Bumped on every answer stored, so derived rows know their data changed.
        generation: u64,
    },
    Failed(ApiError),
}

#[derive(Debug, Default)]
pub struct Store {
    slots: HashMap<Resource, Slot>,
    generation: u64,
    pub budget: Option<BudgetStatus>,
}

impl Store {
    pub fn slot(&self, resource: &Resource) -> Option<&Slot> {
        self.slots.get(resource)
    }

    pub fn loaded(&self, resource: &Resource) -> Option<&Payload> {
        match self.slots.get(resource) {
            Some(Slot::Loaded { payload, .. }) => Some(payload),
            _ => None,
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

    pub fn store(&mut self, resource: Resource, payload: Payload, at: Instant) {
        self.generation += 1;
        let generation = self.generation;
        self.slots.insert(
            resource,
            Slot::Loaded {
                payload,
                at,
                generation,
            },
        );
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

    /// Every loaded payload, for completions.
    pub fn payloads(&self) -> impl Iterator<Item = &Payload> {
        self.slots.values().filter_map(|s| match s {
            Slot::Loaded { payload, .. } => Some(payload),
            _ => None,
        })
    }
}
