import Glibc

/// What a path names, as far as choosing and explaining a transport goes.
///
/// libserialport drives only ports the kernel lists under `/sys/class/tty`; a pseudo-terminal (the simulator's line,
/// or a test bed's fake adapter) must go through termios instead. Telling them apart by device number works without
/// sysfs, inside test sandboxes, and after a symlink such as `/dev/serial/by-id/...`.
public enum DeviceNode: Equatable, Sendable {
    /// Nothing exists at the path.
    case missing
    /// A pseudo-terminal (either side) or the multiplexer `/dev/ptmx`.
    case pseudoTerminal
    /// Some other character device: a real serial port, or something that only looks like one (`/dev/null`).
    case characterDevice
    /// A regular file, directory, socket or anything else that is no device.
    case notADevice

    /// Classifies the node at `path`, following symlinks.
    public static func classify(_ path: String) -> DeviceNode {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFCHR else { return .notADevice }
        return classify(deviceNumber: UInt64(info.st_rdev))
    }

    /// Classifies a character device by its number (Linux `Documentation/admin-guide/devices.txt`): majors 136-143
    /// are Unix98 pseudo-terminal slaves, 128-135 their masters, 2 and 3 the legacy BSD pairs, and 5:2 is /dev/ptmx.
    static func classify(deviceNumber: UInt64) -> DeviceNode {
        let major = ((deviceNumber >> 8) & 0xfff) | ((deviceNumber >> 32) & ~UInt64(0xfff))
        let minor = (deviceNumber & 0xff) | ((deviceNumber >> 12) & ~UInt64(0xff))
        switch major {
        case 2, 3, 128...143: return .pseudoTerminal
        case 5 where minor == 2: return .pseudoTerminal
        default: return .characterDevice
        }
    }
}
