/// What identifies a pump's serial adapter across unplugging: USB vendor id, product id and serial number.
///
/// The device node is not part of it: an adapter plugged back in may come back as `/dev/ttyUSB1`. The driver keeps the
/// identity of the adapter it was talking to and finds it again by it.
public struct AdapterIdentity: Sendable, Hashable, CustomStringConvertible {
    /// 4 lowercase hex digits (`0403`).
    public let vendorId: String
    /// 4 lowercase hex digits (`6001`).
    public let productId: String
    /// The USB serial number, when the adapter has one (many cheap adapters do not).
    public let serialNumber: String?

    /// Creates an identity; ids are expected as 4 hex digits.
    public init(vendorId: String, productId: String, serialNumber: String?) {
        self.vendorId = vendorId.lowercased()
        self.productId = productId.lowercased()
        self.serialNumber = serialNumber
    }

    /// True when `adapter` is this adapter: same ids, and the same serial number (or neither has one).
    public func matches(_ adapter: SerialAdapter) -> Bool {
        adapter.vendorId == vendorId && adapter.productId == productId && adapter.serialNumber == serialNumber
    }

    /// `0403:6001 serial A12345`, or `0403:6001 (no serial number)`.
    public var description: String {
        "\(vendorId):\(productId) " + (serialNumber.map { "serial \($0)" } ?? "(no serial number)")
    }
}
