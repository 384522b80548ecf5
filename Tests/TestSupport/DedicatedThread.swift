import Foundation

/// Runs blocking test code (waiting on a child's output, its exit, a condition with a deadline) on a thread created
/// for it, and suspends the calling task until it is done.
///
/// Swift Testing runs every test, synchronous ones included, on the cooperative pool, which has one thread per core:
/// two on the CI machine. A test that blocked one of them for the life of a child process held back every
/// in-process actor of the tests running beside it (measured: an in-process pump's replies delayed past the
/// command's whole 2 s retry budget, so `infusion pump status` failed only when the full suite ran in parallel).
public enum DedicatedThread {
    /// Runs `body` on a new thread named `name`; returns what it returned or rethrows what it threw.
    public static func run<Value: Sendable>(
        _ name: String = "blocking test work", _ body: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }
}
