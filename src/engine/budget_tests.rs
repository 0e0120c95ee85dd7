use super::*;

#[tokio::test(start_paused = true)]
async fn absurd_retry_after_is_capped_at_the_hour() {
    let mut budget: Budget<&str> = Budget::new(Limits::default());
    let now = crate::engine::now();
    let until = budget.throttled("a", Some(Duration::from_secs(999_999_999)), now);
    assert_eq!(until, now + HOUR);
    // Zero (or nothing usable) is a back-off, not an immediate retry.
    let mut budget: Budget<&str> = Budget::new(Limits::default());
    assert_eq!(
        budget.throttled("b", Some(Duration::ZERO), now),
        now + Duration::from_secs(2)
    );
    assert_eq!(
        budget.throttled("c", None, now),
        now + Duration::from_secs(2)
    );
}

#[tokio::test(start_paused = true)]
async fn minute_window_slides() {
    let mut budget = Budget::new(Limits {
        per_minute: 3,
        per_hour: 100,
    });
    let t0 = crate::engine::now();
    for _ in 0..3 {
        assert!(budget.try_acquire("a", t0).is_ok());
    }
    assert_eq!(budget.try_acquire("a", t0), Err(t0 + MINUTE));
    // Another family has its own windows.
    assert!(budget.try_acquire("b", t0).is_ok());
    tokio::time::advance(Duration::from_secs(59)).await;
    assert!(budget.try_acquire("a", crate::engine::now()).is_err());
    tokio::time::advance(Duration::from_secs(1)).await;
    assert!(budget.try_acquire("a", crate::engine::now()).is_ok());
}

/// A call counts from its answer: a slow one frees its slot that much later, as the
/// server (which counted it on arrival) frees it no earlier.
#[test]
fn an_answered_call_counts_from_its_answer() {
    let t0 = Instant::now();
    let mut budget = Budget::new(Limits {
        per_minute: 2,
        per_hour: 100,
    });
    budget.try_acquire("a", t0).unwrap();
    budget.try_acquire("a", t0).unwrap();
    assert_eq!(budget.try_acquire("a", t0), Err(t0 + MINUTE));
    let late = t0 + Duration::from_millis(700);
    budget.answered("a", t0, late);
    // The call answered on the spot frees its slot a minute after it was sent; the slow
    // one a minute after its answer.
    assert!(budget.try_acquire("a", t0 + MINUTE).is_ok());
    assert_eq!(budget.try_acquire("a", t0 + MINUTE), Err(late + MINUTE));
    assert!(budget.try_acquire("a", late + MINUTE).is_ok());
    // An answer for a call it does not know leaves the window as it was.
    budget.answered("a", t0 - MINUTE, late);
}

#[tokio::test(start_paused = true)]
async fn hour_window_binds_after_the_minute_one() {
    let mut budget = Budget::new(Limits {
        per_minute: 10,
        per_hour: 15,
    });
    let t0 = crate::engine::now();
    for _ in 0..10 {
        budget.try_acquire(1, t0).unwrap();
    }
    tokio::time::advance(MINUTE).await;
    let t1 = crate::engine::now();
    for _ in 0..5 {
        budget.try_acquire(1, t1).unwrap();
    }
    // Minute has room (5/10) but the hour is full until the first calls age out.
    assert_eq!(budget.try_acquire(1, t1), Err(t0 + HOUR));
    let snap = budget.snapshot(t1);
    assert_eq!(
        snap.hour,
        WindowUse {
            used: 15,
            limit: 15
        }
    );
    assert_eq!(snap.minute.used, 5);
    assert_eq!(snap.blocked_until, Some(HOUR - MINUTE));
}

#[tokio::test(start_paused = true)]
async fn throttling_blocks_and_backs_off() {
    let mut budget = Budget::new(Limits::default());
    let t0 = crate::engine::now();
    let until = budget.throttled("x", Some(Duration::from_secs(2)), t0);
    assert_eq!(until, t0 + Duration::from_secs(2));
    assert_eq!(budget.try_acquire("x", t0), Err(until));
    // No Retry-After: 2 s, then 4 s.
    assert_eq!(budget.throttled("y", None, t0), t0 + Duration::from_secs(2));
    assert_eq!(budget.throttled("y", None, t0), t0 + Duration::from_secs(4));
    budget.succeeded("y");
    assert_eq!(budget.throttled("y", None, t0), t0 + Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn snapshot_names_the_tightest_family() {
    let mut budget = Budget::new(Limits::default());
    let now = crate::engine::now();
    for _ in 0..5 {
        budget.try_acquire("busy", now).unwrap();
    }
    budget.try_acquire("quiet", now).unwrap();
    let snap = budget.snapshot(now);
    assert_eq!(snap.tightest, Some("busy"));
    assert_eq!(snap.minute.used, 5);
    assert_eq!(snap.minute.left(), 95);
    assert_eq!(snap.total_minute, 6);
    assert_eq!(snap.blocked_until, None);
}

/// A family with an allowance of its own is measured against it: two of a package link's 2
/// a minute is fuller than 50 of a common 100, and is what the status bar shows.
#[test]
fn a_family_with_its_own_allowance_is_measured_by_it() {
    let mut budget = Budget::new(Limits {
        per_minute: 100,
        per_hour: 1500,
    });
    budget.set_limits(
        "link",
        Limits {
            per_minute: 2,
            per_hour: 120,
        },
    );
    let now = Instant::now();
    for _ in 0..50 {
        budget.try_acquire("alerts", now).unwrap();
    }
    budget.try_acquire("link", now).unwrap();
    budget.try_acquire("link", now).unwrap();
    assert_eq!(
        budget.limits_of("link").per_minute,
        2,
        "the team holds it to its own"
    );
    assert_eq!(budget.limits_of("alerts").per_minute, 100);
    let snapshot = budget.snapshot(now);
    assert_eq!(snapshot.tightest, Some("link"));
    assert_eq!((snapshot.minute.used, snapshot.minute.limit), (2, 2));
    assert_eq!(snapshot.hour.limit, 120);
}
