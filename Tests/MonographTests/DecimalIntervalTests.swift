import Foundation
import Monograph
import Testing

@Suite("Decimal intervals")
struct DecimalIntervalTests {
    @Test func endsAreIncludedAsWritten() throws {
        let band = try #require(DecimalInterval(notation: "(3, 5]"))
        #expect(!band.contains(3))
        #expect(band.contains(Decimal(string: "3.0001")!))
        #expect(band.contains(5))
        #expect(!band.contains(Decimal(string: "5.0001")!))
        let open = try #require(DecimalInterval(notation: "[65, inf)"))
        #expect(open.contains(65) && open.contains(1_000_000) && !open.contains(Decimal(string: "64.99")!))
    }

    @Test("malformed notation is refused", arguments: ["", "3, 5", "[5, 3]", "(3, 3]", "[a, 5]", "[1, inf]", "[1,2,3]", "[1e1, 20]", "[1., 2]"])
    func malformed(_ notation: String) {
        #expect(DecimalInterval(notation: notation) == nil)
    }

    @Test func overlapRespectsOpenEnds() throws {
        let lower = try #require(DecimalInterval(notation: "[0, 30)"))
        let upper = try #require(DecimalInterval(notation: "[30, inf)"))
        #expect(!lower.overlaps(upper))
        #expect(try #require(DecimalInterval(notation: "[0, 30]")).overlaps(upper))
    }
}
