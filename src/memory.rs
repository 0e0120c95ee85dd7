//! How long lists keep memory down: the explorer joins a list's pages and frees each page's
//! body, a one-shot prints and frees each page before the next — and the allocator must give
//! those freed blocks back rather than keep them.

/// Large blocks (a page's body, its rows' array) always come from and go back to the system.
/// glibc otherwise raises its threshold for that each time such a block is freed, so later
/// pages' blocks land among small ones, where freeing cannot return them, and the peak of a
/// 100,000-alert list crept 30 % above a 10,000-alert one's (measured; see the README).
pub fn large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator tunable, under the allocator's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
