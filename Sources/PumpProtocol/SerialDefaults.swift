/// The serial line settings of docs/protocol.md §2: 38400 baud 8N1, no flow control, unless a pump profile says
/// otherwise.
public enum SerialDefaults {
    /// Default baud rate.
    public static let baudRate = 38400
    /// The baud rates a pump profile may choose.
    public static let allowedBaudRates = [9600, 19200, 38400, 57600, 115200]
    /// Data bits per character.
    public static let dataBits = 8
    /// Stop bits.
    public static let stopBits = 1
    /// Parity: none (the CRC protects the frame).
    public static let parityEnabled = false
    /// Hardware or software flow control: none.
    public static let flowControlEnabled = false
    /// Bits on the line per byte with 8N1: start, 8 data, stop.
    public static let bitsPerByte = 10
}
