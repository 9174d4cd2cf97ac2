import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A body as libcurl writes it: one malloc'd block, sized from Content-Length when the server
/// sends one (so a large page is not copied each time `Data` would double), grown with realloc
/// otherwise (which large blocks do in place with mremap), and handed out as `Data` without a copy.
final class BodyBuffer {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private(set) var count = 0

    deinit { free(base) }

    /// Makes room for `bytes` in all.
    func reserve(_ bytes: Int) {
        guard bytes > capacity, let grown = realloc(base, bytes) else { return }
        base = grown
        capacity = bytes
    }

    /// Appends `n` bytes; growth doubles but stops at `limit`, the most the body may hold.
    func append(_ bytes: UnsafeRawPointer, count n: Int, limit: Int) {
        if count + n > capacity { reserve(max(count + n, min(limit, max(capacity * 2, 16_384)))) }
        guard let base, count + n <= capacity else { return }
        (base + count).copyMemory(from: bytes, byteCount: n)
        count += n
    }

    /// The bytes as `Data` owning the block (the buffer is empty afterwards); `freed` runs when
    /// the last copy of the `Data` is released.
    func take(freed: (@Sendable () -> Void)? = nil) -> Data {
        guard let block = base, count > 0 else {
            freed?()
            return Data()
        }
        base = nil
        let n = count
        capacity = 0
        count = 0
        nonisolated(unsafe) let address = block
        return Data(bytesNoCopy: address, count: n, deallocator: .custom { _, _ in
            free(address)
            freed?()
        })
    }
}

/// Bodies handed to callers and not yet freed, when `FetchSettings.bodiesHoldSlots` is on: each
/// keeps its transfer slot, so the engine starts a transfer only while transfers in flight plus
/// bodies held stay under `maxConcurrency`. Freeing a body wakes the engine's loop.
final class HeldBodies: @unchecked Sendable {
    private let lock = NSLock()
    private var held = 0
    private var wake: (@Sendable () -> Void)?

    var count: Int { lock.withLock { held } }

    func onRelease(_ wake: (@Sendable () -> Void)?) { lock.withLock { self.wake = wake } }

    /// Counts a body handed out; the returned closure, run once when it is freed, gives the slot back.
    func hold() -> @Sendable () -> Void {
        lock.withLock { held += 1 }
        return { [self] in
            // Under the lock, so `shutdown` cannot free the multi handle between reading `wake` and calling it.
            lock.withLock {
                held -= 1
                wake?()
            }
        }
    }
}
