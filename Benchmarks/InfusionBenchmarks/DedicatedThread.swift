import Foundation

/// Runs blocking work on a thread of its own and awaits its result.
///
/// The raw baselines block in read(), write() and fsync() on purpose (that is the floor); doing it on a dedicated
/// thread keeps Swift's small cooperative pool free and lets `CPUTime.thread()` charge exactly that work.
enum DedicatedThread {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
