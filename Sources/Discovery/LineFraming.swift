/// How each byte is framed on the serial line. The pump protocol defines only 8N1, and both transports set only it.
public enum LineFraming: String, Sendable, CaseIterable {
    /// 8 data bits, no parity, 1 stop bit.
    case eightNoneOne = "8N1"
}
