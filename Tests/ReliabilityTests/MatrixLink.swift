/// The endpoint the simulator serves in a cell: a pseudo-terminal behind a symlink, or a TCP device server.
enum MatrixLink: String, Sendable, CaseIterable {
    case pty
    case tcp
}
