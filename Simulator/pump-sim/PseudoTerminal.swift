import CPty
import Glibc

/// A pseudo-terminal pair standing in for a serial cable: the simulator talks on the master; the controller opens
/// the slave (through the `--link` symlink).
///
/// The simulator keeps its own descriptor of the slave open so the line never hangs up when a client closes it
/// (clients may open and close the port freely, as with a real serial port); closing both ends is how `unplug`
/// makes the client see a hangup.
struct PseudoTerminal {
    let master: Int32
    let slave: Int32
    let slavePath: String

    /// Opens a pair in raw mode (no echo, no CR/LF translation: the protocol's bytes pass unchanged), the master
    /// non-blocking.
    static func open() throws(SystemError) -> PseudoTerminal {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        guard cpty_open(&master, &slave, &name, UInt(name.count)) == 0 else {
            throw SystemError.current("cannot open a pseudo-terminal")
        }
        var settings = termios()
        if tcgetattr(slave, &settings) == 0 {
            cfmakeraw(&settings)
            _ = tcsetattr(slave, TCSANOW, &settings)
        }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return PseudoTerminal(master: master, slave: slave, slavePath: path)
    }

    /// Closes both ends: the client's reads now fail (EIO) and poll reports a hangup.
    func close() {
        _ = Glibc.close(master)
        _ = Glibc.close(slave)
    }
}
