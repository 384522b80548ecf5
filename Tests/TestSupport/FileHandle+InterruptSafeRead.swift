import Foundation

extension FileHandle {
    /// Reads what is available (blocking until at least one byte or end of file), retrying reads a signal interrupted.
    ///
    /// `availableData` and `readDataToEndOfFile()` turn EINTR (a child's SIGCHLD landing on the reading thread) into
    /// a fatal error inside Foundation; test helpers read their children's pipes through this instead.
    /// - Returns: the bytes read; empty at end of file or on any error other than EINTR.
    public func readAvailableRetryingInterrupts(maximumCount: Int = 65_536) -> Data {
        var buffer = [UInt8](repeating: 0, count: maximumCount)
        while true {
            let count = Glibc.read(fileDescriptor, &buffer, buffer.count)
            if count > 0 { return Data(buffer[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            return Data()
        }
    }
}
