import Foundation
import PumpProtocol
import Workflow

/// What supervision of one soak infusion reported, awaited with wall-clock deadlines (events, never sleeps).
actor SoakObserver {
    /// A wait that ended without its condition.
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    private var volumeMl: Decimal = 0
    private var state: PreparationState?
    private var waiters: [(condition: @Sendable (Decimal, PreparationState?) -> Bool, continuation: CheckedContinuation<Void, any Error>, id: Int)] = []
    private var nextWaiter = 0

    /// Supervision's progress callback.
    func note(_ update: SupervisionUpdate) {
        guard case .status(let status, let record) = update else { return }
        volumeMl = status.volumeInfusedMl
        state = record.state
        let ready = waiters.filter { $0.condition(volumeMl, state) }
        waiters.removeAll { $0.condition(volumeMl, state) }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Waits until `condition` holds for the last status (volume infused, preparation state), or `seconds` pass.
    func wait(_ what: String, seconds: Double, _ condition: @escaping @Sendable (Decimal, PreparationState?) -> Bool) async throws {
        if condition(volumeMl, state) { return }
        nextWaiter += 1
        let id = nextWaiter
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiters.append((condition, continuation, id))
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                Task { await self.expire(id, what) }
            }
        }
    }

    private func expire(_ id: Int, _ what: String) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: Timeout(description: "\(what): last status \(volumeMl) mL, \(state?.rawValue ?? "none")"))
    }

    /// The value of `task`, or a `Timeout` after `seconds` (the task is then cancelled): how a stuck infusion is told
    /// from a slow one without sleeping.
    static func value<T: Sendable>(of task: Task<T, any Error>, within seconds: Double, _ what: String) async throws -> T {
        let gate = SoakGate<T>()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            Task { await gate.settle(.failure(Timeout(description: "\(what) did not end within \(seconds) s"))) }
        }
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await task.value) } catch { result = .failure(error) }
            await gate.settle(result)
        }
        let outcome = await gate.outcome()
        if case .failure(let error) = outcome, error is Timeout { task.cancel() }
        return try outcome.get()
    }
}

/// The first of two results (a task's value or its deadline) to arrive.
actor SoakGate<T: Sendable> {
    private var result: Result<T, any Error>?
    private var waiter: CheckedContinuation<Result<T, any Error>, Never>?

    func settle(_ value: Result<T, any Error>) {
        guard result == nil else { return }
        result = value
        waiter?.resume(returning: value)
        waiter = nil
    }

    func outcome() async -> Result<T, any Error> {
        if let result { return result }
        return await withCheckedContinuation { waiter = $0 }
    }
}
