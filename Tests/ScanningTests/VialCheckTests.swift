import ConfigFile
import Foundation
import Testing
import TestSupport
@testable import Scanning

/// The vial check against a small hand-written product list: one tocilizumab pack and one other substance.
struct VialCheckTests {
    /// 09520000080013: tocilizumab 80 mg/4 mL (check digit worked in GTINTests).
    /// 09520000990015: another substance. 0952000099001 -> odd positions 0+5+0+0+9+0+1 = 15 (x3 = 45),
    /// even 9+2+0+0+9+0 = 20, sum 65, check digit 5.
    static let listYAML = """
    products:
      - gtin: "09520000080013"
        gtinSource: sample
        activeSubstance: tocilizumab
        tradeName: 雅美罗® / ACTEMRA®
        strengthMg: 80
        volumeMl: 4
        vialsPerPack: 1
        marketingAuthorisationHolder: Roche Pharma (Schweiz) AG
        manufacturer: Chugai Pharma Manufacturing Co., Ltd.
        packDescription: 80 mg/4 mL glass vial, 1 vial per carton
        source: test
      - gtin: "09520000990015"
        gtinSource: sample
        activeSubstance: sarilumab
        tradeName: Other Product
        strengthMg: 200
        volumeMl: 1.14
        vialsPerPack: 1
        marketingAuthorisationHolder: Someone Else
        manufacturer: Someone Else
        packDescription: pre-filled syringe
        source: test

    """

    static let gs = "\u{1D}"
    static let today = CalendarDay(year: 2026, month: 5, day: 15)!

    func products(_ yaml: String = Self.listYAML) throws -> ProductList {
        try ProductList.parse(ConfigDocument.parse(Data(yaml.utf8), file: "products.yaml"))
    }

    func scan(_ text: String) throws -> GS1ElementString {
        try GS1ElementString.parse(text, referenceDay: Self.today)
    }

    func check(_ text: String, on day: CalendarDay = Self.today) throws -> Result<ScannedVial, VialRefusal> {
        let scanned = try scan(text)
        let list = try products()
        do {
            return .success(try VialCheck.check(scanned, products: list, today: day))
        } catch {
            return .failure(error)
        }
    }

    func gtin(_ digits: String) throws -> GTIN { try GTIN(validating: digits) }

    @Test func acceptedVialCarriesWhatTheRecordNeeds() throws {
        let vial = try check("]d2" + "0109520000080013" + "17271231" + "10B1234X" + Self.gs + "21SN42").get()
        #expect(vial.gtin.digits == "09520000080013")
        #expect(vial.product.tradeName == "雅美罗® / ACTEMRA®")
        #expect(vial.product.strengthMg == 80)
        #expect(vial.batchLot == "B1234X")
        #expect(vial.expiry.lastDayOfUse == CalendarDay(year: 2027, month: 12, day: 31))
        #expect(vial.serial == "SN42")
    }

    @Test func serialIsOptional() throws {
        let vial = try check("(01)09520000080013(17)271231(10)B1").get()
        #expect(vial.serial == nil)
    }

    @Test func usableOnTheExpiryDayItself() throws {
        let vial = try check("(01)09520000080013(17)260515(10)B1").get()
        #expect(vial.expiry.lastDayOfUse == Self.today)
    }

    @Test func expiredTheDayAfter() throws {
        let dayAfter = try #require(CalendarDay(year: 2026, month: 5, day: 16))
        let result = try check("(01)09520000080013(17)260515(10)B1", on: dayAfter)
        let expiry = ExpiryDate(yymmdd: "260515", lastDayOfUse: Self.today)
        #expect(throws: VialRefusal.expired(try gtin("09520000080013"), expiry: expiry, checkedOn: dayAfter)) { try result.get() }
        let refusal = VialRefusal.expired(try gtin("09520000080013"), expiry: expiry, checkedOn: dayAfter)
        #expect(refusal.description
            == "GTIN 09520000080013 expired: last day of use 2026-05-15 (AI 17: 260515), today is 2026-05-16; do not use this vial")
    }

    /// Day 00 in May: usable through 31 May, expired on 1 June.
    @Test func dayZeroExpiryRunsToTheEndOfTheMonth() throws {
        let lastDay = try #require(CalendarDay(year: 2026, month: 5, day: 31))
        let firstOfJune = try #require(CalendarDay(year: 2026, month: 6, day: 1))
        #expect(try check("(01)09520000080013(17)260500(10)B1", on: lastDay).get().expiry.lastDayOfUse == lastDay)
        let expiry = ExpiryDate(yymmdd: "260500", lastDayOfUse: lastDay)
        #expect(throws: VialRefusal.expired(try gtin("09520000080013"), expiry: expiry, checkedOn: firstOfJune)) {
            try check("(01)09520000080013(17)260500(10)B1", on: firstOfJune).get()
        }
    }

    /// 1778862600 s is 2026-05-15 16:30 UTC, already 2026-05-16 00:30 in Shanghai: a vial expiring on 15 May is
    /// still usable in London's afternoon but expired after midnight in Shanghai. The site's zone decides.
    @Test func siteTimeZoneDecidesTheDay() throws {
        let instant = Date(timeIntervalSince1970: 1_778_862_600)
        let shanghaiZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let londonZone = try #require(TimeZone(identifier: "Europe/London"))
        let shanghai = try #require(CalendarDay(instant, in: shanghaiZone))
        let london = try #require(CalendarDay(instant, in: londonZone))
        #expect(shanghai == CalendarDay(year: 2026, month: 5, day: 16))
        #expect(london == CalendarDay(year: 2026, month: 5, day: 15))
        #expect(throws: VialRefusal.self) { try check("(01)09520000080013(17)260515(10)B1", on: shanghai).get() }
        #expect(try check("(01)09520000080013(17)260515(10)B1", on: london).get().batchLot == "B1")
    }

    /// GS1's example GTIN is valid but not stocked.
    @Test func unknownGTIN() throws {
        let expected = VialRefusal.unknownGTIN(try gtin("09506000134352"), listFile: "products.yaml")
        #expect(throws: expected) { try check("(01)09506000134352(17)271231(10)B1").get() }
        #expect(expected.description
            == "GTIN 09506000134352 is not in the site product list products.yaml: this pack is not stocked; do not use it unless the pharmacy adds it to the list")
    }

    @Test func notATocilizumabProduct() throws {
        let expected = VialRefusal.notTocilizumab(try gtin("09520000990015"), tradeName: "Other Product", activeSubstance: "sarilumab")
        #expect(throws: expected) { try check("(01)09520000990015(17)271231(10)B1").get() }
        #expect(expected.description
            == "GTIN 09520000990015 is Other Product (sarilumab), not tocilizumab: do not use it for this preparation")
    }

    @Test func substanceIsComparedIgnoringCase() throws {
        let yaml = Self.listYAML.replacingOccurrences(of: "activeSubstance: tocilizumab", with: "activeSubstance: Tocilizumab")
        let list = try products(yaml)
        let vial = try VialCheck.check(try scan("(01)09520000080013(17)271231(10)B1"), products: list, today: Self.today)
        #expect(vial.product.activeSubstance == "Tocilizumab")
    }

    @Test func missingLot() throws {
        let expected = VialRefusal.missingLot(try gtin("09520000080013"))
        #expect(throws: expected) { try check("(01)09520000080013(17)271231(21)SN1").get() }
        #expect(expected.description
            == "scan of GTIN 09520000080013 has no AI (10) batch/lot: the label requires the lot in the record; scan the vial's GS1 DataMatrix again")
    }

    @Test func missingExpiry() throws {
        #expect(throws: VialRefusal.missingExpiry(try gtin("09520000080013"))) { try check("(01)09520000080013(10)B1").get() }
    }

    @Test func missingGTIN() throws {
        #expect(throws: VialRefusal.missingGTIN) { try check("(17)271231(10)B1").get() }
    }

    /// Not stocked and expired and without a lot: the first reason in the documented order is given.
    @Test func firstReasonWins() throws {
        #expect(throws: VialRefusal.unknownGTIN(try gtin("09506000134352"), listFile: "products.yaml")) {
            try check("(01)09506000134352(17)200101").get()
        }
        // Stocked, expired and lot missing: expiry is reported before the lot.
        let expiry = ExpiryDate(yymmdd: "200101", lastDayOfUse: CalendarDay(year: 2020, month: 1, day: 1)!)
        #expect(throws: VialRefusal.expired(try gtin("09520000080013"), expiry: expiry, checkedOn: Self.today)) {
            try check("(01)09520000080013(17)200101").get()
        }
    }

    @Test func shippedListAcceptsASampleVial() throws {
        let list = try ProductList.load(path: RepositoryLayout.config("products.yaml").path)
        let scanned = try scan("]d2" + "0109520000200046" + "17270600" + "10H0123")
        let vial = try VialCheck.check(scanned, products: list, today: Self.today)
        #expect(vial.product.strengthMg == 200)
        #expect(vial.product.volumeMl == 10)
        #expect(vial.product.vialsPerPack == 4)
        #expect(vial.expiry.lastDayOfUse == CalendarDay(year: 2027, month: 6, day: 30))
    }
}
