import Foundation
import Monograph

/// How many vials of one strength to take.
public struct VialCount: Sendable, Hashable, Encodable {
    /// Vial strength, mg.
    public let strengthMg: Decimal
    /// Number of vials.
    public let count: Int
}

/// One draw at the bench: the whole vial, or the partial remainder from the last one.
public struct VialDraw: Sendable, Hashable, Encodable {
    /// Vial strength, mg.
    public let strengthMg: Decimal
    /// The vial's fill volume, mL.
    public let vialVolumeMl: Decimal
    /// How many vials this line covers.
    public let vialCount: Int
    /// Volume to draw from each of them, mL.
    public let drawMlPerVial: Decimal
    /// True when each vial is drawn completely.
    public let whole: Bool
}

/// The vials that cover a dose with the least waste, then the fewest vials.
public struct VialPlan: Sendable, Hashable {
    /// Vials by strength, largest first.
    public let vials: [VialCount]
    /// Drug opened but not given, mg.
    public let wasteMg: Decimal
    /// What to draw, whole vials first, then the partial one.
    public let draws: [VialDraw]

    /// Chooses vials for `doseMg` from `sizes` at `concentrationMgPerMl`; nil only when `sizes` is empty.
    ///
    /// Exhaustive over every combination that covers the dose with no vial to spare (a vial is never added once the
    /// dose is covered), so the choice is provably optimal; the search is tiny for doses capped at a few vials.
    public static func choose(doseMg: Decimal, from sizes: [VialSize], concentrationMgPerMl: Decimal) -> VialPlan? {
        let largestFirst = sizes.sorted { $0.strengthMg > $1.strengthMg }
        guard !largestFirst.isEmpty, doseMg > 0 else { return nil }
        var best: (counts: [Int], totalMg: Decimal, vials: Int)?
        var counts = Array(repeating: 0, count: largestFirst.count)

        func search(_ index: Int, _ totalMg: Decimal, _ vials: Int) {
            if totalMg >= doseMg {
                if let current = best {
                    if totalMg > current.totalMg || (totalMg == current.totalMg && vials >= current.vials) { return }
                }
                best = (counts, totalMg, vials)
                return
            }
            guard index < largestFirst.count else { return }
            let strength = largestFirst[index].strengthMg
            // Enough of this strength alone to cover what is left, and no more.
            let needed = NSDecimalNumber(decimal: DecimalRounding.up((doseMg - totalMg) / strength, step: 1)).intValue
            for count in stride(from: needed, through: 0, by: -1) {
                counts[index] = count
                search(index + 1, totalMg + Decimal(count) * strength, vials + count)
            }
            counts[index] = 0
        }
        search(0, 0, 0)
        guard let chosen = best else { return nil }

        let vials = zip(largestFirst, chosen.counts).filter { $0.1 > 0 }.map { VialCount(strengthMg: $0.0.strengthMg, count: $0.1) }
        let wasteMg = chosen.totalMg - doseMg
        // Least waste means the waste is smaller than any chosen vial, so exactly one vial (take the smallest) is partial.
        var draws: [VialDraw] = []
        var partial: VialDraw?
        let chosenSizes = zip(largestFirst, chosen.counts).filter { $0.1 > 0 }
        for (index, (size, count)) in chosenSizes.enumerated() {
            let isSmallest = index == chosenSizes.count - 1
            let wholeCount = isSmallest && wasteMg > 0 ? count - 1 : count
            if wholeCount > 0 {
                draws.append(VialDraw(strengthMg: size.strengthMg, vialVolumeMl: size.volumeMl, vialCount: wholeCount,
                                      drawMlPerVial: size.volumeMl, whole: true))
            }
            if isSmallest && wasteMg > 0 {
                let remainderMl = (size.strengthMg - wasteMg) / concentrationMgPerMl
                partial = VialDraw(strengthMg: size.strengthMg, vialVolumeMl: size.volumeMl, vialCount: 1,
                                   drawMlPerVial: remainderMl, whole: false)
            }
        }
        if let partial { draws.append(partial) }
        return VialPlan(vials: vials, wasteMg: wasteMg, draws: draws)
    }
}
