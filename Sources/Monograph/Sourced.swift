/// A monograph value together with where it comes from.
public struct Sourced<Value: Sendable>: Sendable {
    /// The value.
    public let value: Value
    /// Its label section or policy rationale.
    public let source: Source

    /// Pairs a value with its source.
    public init(_ value: Value, source: Source) {
        self.value = value
        self.source = source
    }
}

extension Sourced: Equatable where Value: Equatable {}
extension Sourced: Hashable where Value: Hashable {}
