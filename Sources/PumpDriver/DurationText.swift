/// Durations as people read them in messages: `2.0 s`, `500 ms`.
enum DurationText {
    /// Seconds with one decimal, rounded half up: `2.0 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = max(0, milliseconds(duration))
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }

    /// Whole milliseconds, truncated.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
