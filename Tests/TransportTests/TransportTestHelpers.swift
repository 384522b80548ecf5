import Glibc
import Transport

/// Reads from `transport` until exactly `count` bytes have arrived or `within` has passed (then returns what came).
///
/// Waits on data with a deadline, never on the wall clock.
func readExactly(_ transport: any ByteTransport, count: Int, within: Duration = .seconds(10)) async throws -> [UInt8] {
    let deadline = ContinuousClock.now.advanced(by: within)
    var received: [UInt8] = []
    while received.count < count {
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero { break }
        received += try await transport.read(upTo: count - received.count, timeout: remaining)
    }
    return received
}

/// A byte pattern whose every position is recognisable, so a lost, doubled or reordered byte shows.
func pattern(count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 % 251) }
}

/// The terminal settings of the tty at `path`, read through a separate descriptor as another program would see them.
func terminalSettings(of path: String) throws -> termios {
    let descriptor = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw SettingsUnreadable(path: path) }
    defer { close(descriptor) }
    var settings = termios()
    guard tcgetattr(descriptor, &settings) == 0 else { throw SettingsUnreadable(path: path) }
    return settings
}

struct SettingsUnreadable: Error {
    let path: String
}
