import Foundation
import TestSupport
import Testing
import Transport

/// `infusion ports` end to end: the built binary, under umockdev with fake USB-serial adapters where it needs them.
@Suite("infusion ports")
struct PortsCommandTests {
    let infusion = RepositoryLayout.product("infusion")
    let configArguments = ["--config-dir", RepositoryLayout.configDirectory.path]

    let ftdi = FakeDeviceBed.adapter(
        usbPort: "1-2", tty: "ttyUSB0", vendorId: "0403", productId: "6001", serial: "A12345",
        manufacturer: "FTDI", product: "FT232R USB UART")

    /// Runs `infusion` with `arguments` under umockdev-wrapper inside `bed`.
    func runInBed(_ bed: FakeDeviceBed, _ arguments: [String]) async throws -> ProcessOutcome {
        try await ProcessRunner.run(
            try Tools.path("umockdev-wrapper"), [infusion.path] + arguments + configArguments,
            environment: bed.environment, deadlineSeconds: 60)
    }

    /// Each JSON object as key -> string value, nil for JSON null.
    func objects(_ text: String) throws -> [[String: String?]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let array = try #require(parsed as? [[String: Any]])
        return array.map(object)
    }

    func object(_ dictionary: [String: Any]) -> [String: String?] {
        dictionary.mapValues { $0 is NSNull ? nil : "\($0)" }
    }

    @Test("a fake FTDI adapter (0403:6001, serial A12345) is listed and matches the generic FTDI profile")
    func listsFakeAdapters() async throws {
        let bed = try await FakeDeviceBed.start()
        try await bed.plug(ftdi.description)
        // An adapter on a machine without a udev daemon: only the USB device's sysfs attributes, no serial number.
        let prolific = FakeDeviceBed.adapter(
            usbPort: "1-4", tty: "ttyUSB2", vendorId: "067b", productId: "2303", serial: nil,
            manufacturer: "Prolific Technology Inc.", product: "USB-Serial Controller", udevProperties: false)
        try await bed.plug(prolific.description)
        // A built-in UART: a tty, but no adapter.
        try await bed.plug("P: /devices/platform/serial8250/tty/ttyS0\nN: ttyS0\nE: DEVNAME=/dev/ttyS0\nE: SUBSYSTEM=tty\n")

        let outcome = try await runInBed(bed, ["ports", "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let expected: [[String: String?]] = [
            [
                "devNode": "/dev/ttyUSB0", "vendorId": "0403", "productId": "6001", "serialNumber": "A12345",
                "manufacturer": "FTDI", "model": "FT232R USB UART", "sysPath": ftdi.sysPath, "profile": "generic-ftdi",
            ],
            [
                "devNode": "/dev/ttyUSB2", "vendorId": "067b", "productId": "2303", "serialNumber": nil as String?,
                "manufacturer": "Prolific Technology Inc.", "model": "USB-Serial Controller", "sysPath": prolific.sysPath,
                "profile": nil as String?,
            ],
        ]
        #expect(try objects(outcome.stdout) == expected)

        let text = try await runInBed(bed, ["ports"])
        #expect(text.exitCode == 0)
        #expect(text.stdout.split(separator: "\n") == [
            "/dev/ttyUSB0  0403:6001  serial A12345  FTDI FT232R USB UART  profile generic-ftdi  (\(ftdi.sysPath))",
            "/dev/ttyUSB2  067b:2303  no serial number  Prolific Technology Inc. USB-Serial Controller  no matching profile  (\(prolific.sysPath))",
        ])
    }

    @Test("--watch reports an unplug and the same adapter coming back at a new node, then a new adapter")
    func watchSeesHotPlug() async throws {
        let bed = try await FakeDeviceBed.start()
        try await bed.plug(ftdi.description)
        let watcher = try InteractiveProcess(
            try Tools.path("umockdev-wrapper"),
            [infusion.path, "ports", "--watch", "--format", "json", "--max-events", "3"] + configArguments,
            environment: bed.environment)
        let watching = try await DedicatedThread.run { watcher.waitForLine(.stderr, containing: "watching") }
        try #require(watching != nil, "\(watcher.everything(.stderr))")

        try await bed.unplug(sysPath: ftdi.sysPath)
        let replugged = FakeDeviceBed.adapter(
            usbPort: "1-3", tty: "ttyUSB1", vendorId: "0403", productId: "6001", serial: "A12345",
            manufacturer: "FTDI", product: "FT232R USB UART")
        try await bed.plug(replugged.description)
        let simulator = FakeDeviceBed.adapter(
            usbPort: "1-5", tty: "ttyUSB3", vendorId: "1209", productId: "0001", serial: "PUMP-SIM",
            manufacturer: "pump-sim", product: "Simulated pump")
        try await bed.plug(simulator.description)

        var events: [[String: String?]] = []
        for _ in 0..<3 {
            let next = try await DedicatedThread.run { watcher.nextLine() }
            let line = try #require(next, "stdout: \(watcher.everything(.stdout)) stderr: \(watcher.everything(.stderr))")
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            events.append(object(try #require(parsed as? [String: Any])))
        }
        let exitCode = try await DedicatedThread.run { watcher.waitForExit() }
        #expect(exitCode == 0)
        let expected: [[String: String?]] = [
            [
                "event": "remove", "devNode": "/dev/ttyUSB0", "vendorId": "0403", "productId": "6001",
                "serialNumber": "A12345", "manufacturer": "FTDI", "model": "FT232R USB UART", "sysPath": ftdi.sysPath,
                "profile": "generic-ftdi",
            ],
            [
                "event": "add", "devNode": "/dev/ttyUSB1", "vendorId": "0403", "productId": "6001",
                "serialNumber": "A12345", "manufacturer": "FTDI", "model": "FT232R USB UART", "sysPath": replugged.sysPath,
                "profile": "generic-ftdi",
            ],
            [
                "event": "add", "devNode": "/dev/ttyUSB3", "vendorId": "1209", "productId": "0001",
                "serialNumber": "PUMP-SIM", "manufacturer": "pump-sim", "model": "Simulated pump",
                "sysPath": simulator.sysPath, "profile": "simulator",
            ],
        ]
        #expect(events == expected)
    }

    /// A copy of the binary and the profiles in a world-readable directory, so `nobody` can run them whatever the
    /// checkout's permissions; the caller removes the directory.
    func copyForNobody() throws -> URL {
        let scratch = try RepositoryLayout.temporaryDirectory("nobody")
        try FileManager.default.copyItem(at: infusion, to: scratch.appendingPathComponent("infusion"))
        try FileManager.default.copyItem(at: RepositoryLayout.config("pumps.yaml"), to: scratch.appendingPathComponent("pumps.yaml"))
        return scratch
    }

    /// `setpriv` arguments that run the rest of the command line as `nobody`, without supplementary groups.
    let asNobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]

    @Test("opening a port this user may not open says permission denied, names the port and the dialout group",
          .enabled(if: geteuid() == 0, "dropping to nobody needs root"))
    func permissionDenied() async throws {
        let bed = try await FakeDeviceBed.start()
        try await bed.plug(ftdi.description)
        try await bed.share()
        let scratch = try copyForNobody()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let binary = scratch.appendingPathComponent("infusion")
        let expected = "error: /dev/ttyUSB0: permission denied; add the user running infusion to the group owning the device (usually `dialout`: sudo usermod -aG dialout USER, then log in again)"
        for transport in ["libserialport", "tty"] {
            let outcome = try await ProcessRunner.run(
                try Tools.path("setpriv"),
                asNobody + [try Tools.path("umockdev-wrapper").path, binary.path, "ports", "--check", "/dev/ttyUSB0", "--transport", transport, "--config-dir", scratch.path],
                environment: bed.environment, deadlineSeconds: 60)
            #expect(outcome.exitCode == 1, "\(transport): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr == expected + "\n", "\(transport)")
        }
    }

    @Test("while a transport holds a line, other programs are refused it as busy; after close they may open it",
          .enabled(if: geteuid() == 0, "dropping to nobody needs root"))
    func exclusiveAgainstOtherPrograms() async throws {
        let pump = try PseudoTerminal.open()
        #expect(chmod(pump.devicePath, 0o666) == 0)  // so that only exclusivity, not permissions, can refuse nobody
        let scratch = try copyForNobody()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let check = asNobody + [scratch.appendingPathComponent("infusion").path, "ports", "--check", pump.devicePath,
                                "--config-dir", scratch.path]
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        let whileHeld = try await ProcessRunner.run(try Tools.path("setpriv"), check)
        #expect(whileHeld.exitCode == 1)
        #expect(whileHeld.stderr == "error: \(TransportError.busy(port: pump.devicePath))\n")
        await line.close()
        // The pseudo-terminal's other side is still held open, as the simulator holds it: the kernel would keep the
        // exclusive flag unless close() cleared it.
        let afterClose = try await ProcessRunner.run(try Tools.path("setpriv"), check)
        #expect(afterClose.exitCode == 0, "\(afterClose.stderr)")
        await pump.close()
    }

    @Test("--check opens a pseudo-terminal through termios and reports it")
    func checkPseudoTerminal() async throws {
        let pump = try PseudoTerminal.open()
        let outcome = try await ProcessRunner.run(infusion, ["ports", "--check", pump.devicePath] + configArguments)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "\(pump.devicePath): opened and closed through \(pump.devicePath) (termios, 38400 baud)\n")
        let forced = try await ProcessRunner.run(
            infusion, ["ports", "--check", pump.devicePath, "--transport", "libserialport"] + configArguments)
        #expect(forced.exitCode == 1)
        #expect(forced.stderr == "error: \(TransportError.pseudoTerminalNotSupported(port: pump.devicePath))\n")
        await pump.close()
    }

    @Test("--check on a missing port fails with exit 1 and names it")
    func checkMissingPort() async throws {
        let outcome = try await ProcessRunner.run(infusion, ["ports", "--check", "/dev/ttyUSB-absent-4711"] + configArguments)
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "error: \(TransportError.deviceMissing(port: "/dev/ttyUSB-absent-4711"))\n")
    }

    @Test("without a test bed the listing is still a JSON array (empty on a machine without adapters)")
    func hostListingIsJSON() async throws {
        let outcome = try await ProcessRunner.run(infusion, ["ports", "--format", "json"] + configArguments)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        #expect(parsed is [Any])
    }

    @Test("bad options: one line on stderr, nothing on stdout, exit 2", arguments: [
        (["--format", "xml"], "'xml'"),
        (["--max-events", "2"], "--max-events applies only with --watch"),
        (["--watch", "--max-events", "0"], "--max-events must be 1 or more, found 0"),
        (["--watch", "--max-events", "two"], "'two'"),
        (["--transport", "tty"], "--transport applies only with --check"),
        (["--check", "/dev/ttyUSB0", "--transport", "usb"], "'usb'"),
        (["--watch", "--check", "/dev/ttyUSB0"], "--watch and --check cannot be combined"),
        (["--config-dir", "/nonexistent-config"], "/nonexistent-config/pumps.yaml"),
    ])
    func badOptions(arguments: [String], mention: String) async throws {
        let outcome = try await ProcessRunner.run(infusion, ["ports"] + arguments)
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.contains(mention), "\(outcome.stderr)")
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)")
    }
}
