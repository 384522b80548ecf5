import CUdev
import Foundation
import Synchronization

/// Watches udev for serial adapters being plugged in and pulled out, so a pump whose adapter was unplugged is found
/// again, by its ``AdapterIdentity``, at whatever device node it comes back on.
///
/// Race-free reconnection: start the monitor first, then ``SerialAdapterScanner/find(_:)``; if the adapter is not
/// there yet, wait on ``events`` for an `.added` event whose adapter the identity matches. Events are buffered from the
/// moment ``start()`` returns, so none falls between the scan and the wait.
///
/// Events come from udev (after its rules have filled in vendor, model and serial), not from the raw kernel: on a
/// system without a udev daemon (some containers) no events arrive, though scanning still works.
public actor PortMonitor {
    /// Arrivals and removals of serial adapters, in the order udev reported them; finishes when the monitor stops.
    /// One consumer at a time.
    public nonisolated let events: AsyncStream<PortEvent>
    private nonisolated let loop: MonitorLoop

    private init(events: AsyncStream<PortEvent>, loop: MonitorLoop) {
        self.events = events
        self.loop = loop
    }

    deinit {
        loop.stop()
    }

    /// Starts listening: when this returns, every later arrival or removal will be reported on ``events``.
    public static func start() throws(DiscoveryError) -> PortMonitor {
        let (events, continuation) = AsyncStream.makeStream(of: PortEvent.self)
        let loop = try MonitorLoop(continuation: continuation)
        continuation.onTermination = { _ in loop.stop() }
        loop.run()
        return PortMonitor(events: events, loop: loop)
    }

    /// Stops listening and finishes ``events``. Idempotent.
    public func stop() {
        loop.stop()
    }
}

/// The udev monitor and the thread that waits on it.
///
/// `@unchecked Sendable` because the libudev pointers are used only by the monitor thread once ``run()`` has started
/// it (and by `init`, before); other threads only write to the wake pipe, through ``stop()``, under a lock that the
/// thread also takes to close the pipe, so a late ``stop()`` can never write into a reused descriptor number.
final class MonitorLoop: @unchecked Sendable {
    private let udev: OpaquePointer
    private let monitor: OpaquePointer
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let pipeClosed = Mutex(false)
    private let continuation: AsyncStream<PortEvent>.Continuation

    init(continuation: AsyncStream<PortEvent>.Continuation) throws(DiscoveryError) {
        guard let udev = udev_new() else { throw .monitorUnavailable(detail: "udev_new failed") }
        guard let monitor = udev_monitor_new_from_netlink(udev, "udev") else {
            udev_unref(udev)
            throw .monitorUnavailable(detail: "cannot open the udev netlink socket")
        }
        var fds: [Int32] = [-1, -1]
        let filtered = udev_monitor_filter_add_match_subsystem_devtype(monitor, "tty", nil)
        let enabled = filtered >= 0 ? udev_monitor_enable_receiving(monitor) : filtered
        guard enabled >= 0, pipe(&fds) == 0 else {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw .monitorUnavailable(detail: String(cString: strerror(enabled < 0 ? -enabled : errno)))
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        self.udev = udev
        self.monitor = monitor
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.continuation = continuation
    }

    /// Starts the monitor thread.
    func run() {
        let thread = Thread { [self] in loop() }
        thread.name = "discovery.udev-monitor"
        thread.start()
    }

    /// Asks the monitor thread to finish; it releases everything on its way out.
    func stop() {
        pipeClosed.withLock { closed in
            guard !closed else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    private func loop() {
        let monitorDescriptor = udev_monitor_get_fd(monitor)
        while true {
            var fds = [
                pollfd(fd: monitorDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let count = poll(&fds, 2, -1)
            if count < 0 && errno == EINTR { continue }
            if count < 0 || fds[1].revents != 0 || fds[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { break }
            guard fds[0].revents & Int16(POLLIN) != 0, let device = udev_monitor_receive_device(monitor) else { continue }
            if let action = udev_device_get_action(device).map({ String(cString: $0) }),
               let record = UdevDevice.record(of: device),
               let event = PortEvent(action: action, record: record) {
                continuation.yield(event)
            }
            udev_device_unref(device)
        }
        udev_monitor_unref(monitor)
        udev_unref(udev)
        pipeClosed.withLock { closed in
            close(wakeRead)
            close(wakeWrite)
            closed = true
        }
        continuation.finish()
    }
}
