/// One way to recognise a pump's adapter: its USB vendor and product id, and optionally its serial number.
///
/// A rule with a serial number pins one particular adapter (and so one particular pump) to a profile; a rule without
/// one covers every adapter of that model.
public struct ProfileMatchRule: Sendable, Hashable {
    /// 4 lowercase hex digits.
    public let vendorId: String
    /// 4 lowercase hex digits.
    public let productId: String
    /// The exact USB serial number, or nil for any.
    public let serialNumber: String?

    /// Creates a rule; ids are expected as 4 lowercase hex digits.
    public init(vendorId: String, productId: String, serialNumber: String?) {
        self.vendorId = vendorId
        self.productId = productId
        self.serialNumber = serialNumber
    }

    /// True when `adapter` fits this rule.
    public func matches(_ adapter: SerialAdapter) -> Bool {
        adapter.vendorId == vendorId && adapter.productId == productId
            && (serialNumber == nil || serialNumber == adapter.serialNumber)
    }

    /// `0403:6001` or `0403:6001 serial A12345`.
    public var summary: String {
        "\(vendorId):\(productId)" + (serialNumber.map { " serial \($0)" } ?? "")
    }
}
