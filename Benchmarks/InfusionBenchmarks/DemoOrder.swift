import ConfigFile
import Foundation

/// The sample order `infusion demo` infuses (Sources/infusion/Workflow/DemoCommand.swift): RA, 72.3 kg, 54 years,
/// first dose, normal laboratory values. `infusion prepare` with the same options gives its plan, hence how long the
/// infusion takes in simulated time.
enum DemoOrder {
    static let prepareArguments = [
        "prepare", "--indication", "ra", "--weight-kg", "72.3", "--age-years", "54", "--first-dose",
        "--alt-xuln", "0.8", "--ast-xuln", "0.9", "--anc", "3.2", "--platelets", "210", "--format", "json",
    ]

    /// The plan's infusion time in seconds, final volume / rate, read exactly from `prepare --format json`.
    static func infusionSeconds(fromPrepareJSON output: [UInt8]) throws(BenchError) -> Decimal {
        let text = String(decoding: output, as: UTF8.self)
        let volumeMl = try decimal("finalVolumeMl", in: text)
        let rateMlPerHour = try decimal("rateMlPerHour", in: text)
        guard rateMlPerHour > 0 else {
            throw .unexpectedOutput(source: "infusion prepare", detail: "rateMlPerHour is \(rateMlPerHour), not positive")
        }
        return volumeMl * 3600 / rateMlPerHour
    }

    /// The number after `"key":` in `text`, read with the strict decimal rule (`-?digits(.digits)?`).
    private static func decimal(_ key: String, in text: String) throws(BenchError) -> Decimal {
        guard let range = text.range(of: "\"\(key)\"") else {
            throw .unexpectedOutput(source: "infusion prepare --format json", detail: "no \(key) field")
        }
        let rest = text[range.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else {
            throw .unexpectedOutput(source: "infusion prepare --format json", detail: "\(key) is not followed by ':'")
        }
        let number = rest.dropFirst().drop { $0 == " " }.prefix { "-0123456789.".contains($0) }
        guard let value = StrictDecimal.parse(String(number)) else {
            throw .unexpectedOutput(source: "infusion prepare --format json", detail: "\(key) is not a plain decimal number")
        }
        return value
    }
}
