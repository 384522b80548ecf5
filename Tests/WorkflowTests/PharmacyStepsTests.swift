import Foundation
import Journal
import Preparation
import Testing
import Workflow

/// The bench half of the workflow against a real journal: each step, each guard, each refusal journalled.
@Suite("Pharmacy steps")
struct PharmacyStepsTests {
    @Test func theHappyPathToTheBedsideIsJournalledStepByStep() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.atBedsideRA()
        let record = try await fixture.workflow.record(id)
        #expect(record.state == .atBedside)
        #expect(record.pharmacist == "ph-wang")
        #expect(record.preparer == "tech-zhao")
        #expect(record.checker == "ph-chen")
        #expect(record.vials.map(\.lot) == ["B1234", "B1234", "B1234"])
        #expect(record.vials.map(\.strengthMg) == [400, 80, 80])
        // 8 mg/kg x 70 kg = 560 mg = 28.0 mL into 100 mL: 5.60 mg/mL at 100.0 mL/h.
        let plan = try #require(record.plan)
        #expect(plan.doseMg == 560)
        #expect(plan.drugVolumeMl == 28)
        #expect(plan.concentrationMgPerMl == Decimal(string: "5.6"))
        #expect(plan.rateMlPerHour == 100)
        #expect(plan.beyondUseAt == startTime.addingTimeInterval(24 * 3600))
        #expect(try await fixture.events() == [
            "workflow.order", "workflow.calculate", "workflow.verify", "workflow.scan-vial", "workflow.scan-vial",
            "workflow.scan-vial", "workflow.compound", "workflow.check", "workflow.label", "workflow.dispense", "workflow.bedside",
        ])
        let entries = try await fixture.journal.entries()
        #expect(entries.map(\.actor) == ["dr-li", "system", "ph-wang", "tech-zhao", "tech-zhao", "tech-zhao", "tech-zhao", "ph-chen", "ph-chen", "ph-chen", "rn-liu"])
        #expect(entries.allSatisfy { $0.preparationId == id })
        guard case .intact = try await fixture.journal.verify() else {
            Issue.record("journal does not verify")
            return
        }
    }

    @Test func aRestartRebuildsTheSameRecordFromTheJournal() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.atBedsideRA()
        let before = try await fixture.workflow.record(id)
        let reopened = try await fixture.reopened()
        #expect(try await reopened.record(id) == before)
    }

    @Test func theLabelCarriesDoseRateBeyondUseAndEveryLot() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.compoundedRA()
        try await fixture.workflow.check(id, checker: "ph-chen")
        let label = try await fixture.workflow.label(id, by: "ph-chen")
        for expected in ["BAG \(id)", "PATIENT PAT-001", "Tocilizumab 560 mg in 100 mL", "5.60 mg/mL", "100.0 mL/h",
                         "Beyond use: 2026-11-27T08:00:00Z", "lot B1234", "ACTEMRA"] {
            #expect(label.contains(expected), "label lacks \(expected)")
        }
    }

    @Test func illegalTransitionsAreRefusedAndJournalled() async throws {
        let fixture = try await WorkflowFixture.make()
        let (record, _) = try await fixture.workflow.order(WorkflowFixture.raOrder(), by: "dr-li")
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.check(record.id, checker: "ph-chen") }
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.dispense(record.id, by: "ph-chen") }
        let refusals = try await fixture.journal.entries().filter { $0.event == "workflow.refused" }
        #expect(refusals.count == 2)
        #expect(refusals.map(\.actor) == ["ph-chen", "ph-chen"])
        #expect(refusals.first?.data["step"] == .string("check"))
        #expect(refusals.first?.data["state"] == .string("calculated"))
        #expect(try await fixture.workflow.record(record.id).state == .calculated)
    }

    @Test func theCheckerMustNotBeThePreparer() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.compoundedRA()
        do {
            try await fixture.workflow.check(id, checker: "tech-zhao")
            Issue.record("the preparer checked their own work")
        } catch {
            #expect(error.description.contains("must not be the preparer"))
            #expect(error.isBadInput)
        }
        #expect(try await fixture.workflow.record(id).state == .compounded)
        #expect(try await fixture.events().last == "workflow.refused")
    }

    @Test("vial scans are refused unless the plan still needs that vial", arguments: [
        (vialCode(strengthMg: 200, serial: "X1"), "not in the plan"),
        (vialCode(strengthMg: 400, serial: "S400B"), "already scanned"),
        (vialCode(strengthMg: 80, serial: "E1", expiry: "261125"), "expired"),
        ("]d20109520000999995172712311012345", "not stocked"),
        ("not a barcode", "not a valid GS1"),
        (vialCode(strengthMg: 400, serial: "S400A"), "already scanned"),
    ])
    func vialGuards(code: String, words: String) async throws {
        let fixture = try await WorkflowFixture.make()
        let (record, _) = try await fixture.workflow.order(WorkflowFixture.raOrder(), by: "dr-li")
        try await fixture.workflow.verify(record.id, pharmacist: "ph-wang")
        try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: 400, serial: "S400A"), by: "tech-zhao")
        do {
            try await fixture.workflow.scanVial(record.id, code: code, by: "tech-zhao")
            Issue.record("accepted \(code)")
        } catch {
            #expect(error.description.contains(words), "\(error)")
        }
        #expect(try await fixture.workflow.record(record.id).vials.count == 1)
    }

    @Test func compoundingNeedsEveryVialAndTheExactVolumes() async throws {
        let fixture = try await WorkflowFixture.make()
        let (record, _) = try await fixture.workflow.order(WorkflowFixture.raOrder(), by: "dr-li")
        try await fixture.workflow.verify(record.id, pharmacist: "ph-wang")
        try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: 400, serial: "S400A"), by: "tech-zhao")
        await #expect(throws: WorkflowError.self) {
            try await fixture.workflow.compound(record.id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        }
        try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: 80, serial: "S80A"), by: "tech-zhao")
        try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: 80, serial: "S80B"), by: "tech-zhao")
        for (drug, saline) in [(Decimal(string: "27.9")!, Decimal(28)), (Decimal(28), Decimal(string: "28.1")!)] {
            await #expect(throws: WorkflowError.self) {
                try await fixture.workflow.compound(record.id, drugDrawnMl: drug, salineWithdrawnMl: saline, inspectionPassed: true, by: "tech-zhao")
            }
        }
        await #expect(throws: WorkflowError.self) {
            try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: 80, serial: "S80C"), by: "someone-else")
        }
        try await fixture.workflow.compound(record.id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        #expect(try await fixture.workflow.record(record.id).state == .compounded)
    }

    @Test func aFailedInspectionDiscardsTheBag() async throws {
        let fixture = try await WorkflowFixture.make()
        let (record, _) = try await fixture.workflow.order(WorkflowFixture.raOrder(), by: "dr-li")
        try await fixture.workflow.verify(record.id, pharmacist: "ph-wang")
        for (strength, serial) in [(400, "A"), (80, "B"), (80, "C")] {
            try await fixture.workflow.scanVial(record.id, code: vialCode(strengthMg: strength, serial: serial), by: "tech-zhao")
        }
        let after = try await fixture.workflow.compound(record.id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: false, by: "tech-zhao")
        #expect(after.state == .discarded)
        let last = try #require(try await fixture.journal.entries().last)
        #expect(last.event == "workflow.discard")
        #expect(last.data["inspection"] == .string("failed"))
    }

    @Test func wrongBagOrWrongPatientIsRefusedAtTheBedside() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.compoundedRA()
        try await fixture.workflow.check(id, checker: "ph-chen")
        _ = try await fixture.workflow.label(id, by: "ph-chen")
        try await fixture.workflow.dispense(id, by: "ph-chen")
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.bedside(id, bagId: "P-OTHER", patientId: "PAT-001", nurse: "rn-liu") }
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.bedside(id, bagId: id, patientId: "PAT-002", nurse: "rn-liu") }
        #expect(try await fixture.workflow.record(id).state == .dispensed)
        try await fixture.workflow.bedside(id, bagId: id, patientId: "PAT-001", nurse: "rn-liu")
    }

    @Test func aBagPastItsBeyondUseTimeIsNotDispensed() async throws {
        let fixture = try await WorkflowFixture.make()
        let id = try await fixture.compoundedRA()
        try await fixture.workflow.check(id, checker: "ph-chen")
        _ = try await fixture.workflow.label(id, by: "ph-chen")
        fixture.clock.advance(24 * 3600 + 1)
        do {
            try await fixture.workflow.dispense(id, by: "ph-chen")
            Issue.record("dispensed an expired bag")
        } catch {
            #expect(error.description.contains("beyond-use"))
        }
        try await fixture.workflow.discard(id, reason: "beyond-use time passed", by: "ph-chen")
        #expect(try await fixture.workflow.record(id).state == .discarded)
    }

    @Test func anEngineHoldIsRecalculatedOnRelease() async throws {
        let fixture = try await WorkflowFixture.make()
        // Previous RA dose 27 days ago: held until day 28.
        let previous = Timestamp.format(startTime.addingTimeInterval(-27 * 86400))
        let (record, result) = try await fixture.workflow.order(WorkflowFixture.raOrder(firstDose: false, previous: [previous]), by: "dr-li")
        #expect(result.decision == .hold)
        #expect(record.state == .onHold)
        #expect(record.plan == nil)
        fixture.clock.advance(86400)
        let released = try await fixture.workflow.release(record.id, by: "ph-wang")
        #expect(released.state == .calculated)
        #expect(released.plan?.doseMg == 560)
        #expect(Array(try await fixture.events().suffix(2)) == ["workflow.release", "workflow.calculate"])
    }

    @Test func aRefusedOrderIsCancelledWithItsReasons() async throws {
        let fixture = try await WorkflowFixture.make()
        var order = WorkflowFixture.raOrder()
        order.input.hypersensitivity = true
        let (record, result) = try await fixture.workflow.order(order, by: "dr-li")
        #expect(result.decision == .refuse)
        #expect(record.state == .cancelled)
        let calculation = try #require(try await fixture.journal.entries().last)
        #expect(calculation.data["decision"] == .string("refuse"))
        #expect(calculation.data["plan"] == .null)
    }

    @Test func crsOrdersNeedAnEpisode() async throws {
        let fixture = try await WorkflowFixture.make()
        var input = PreparationInput()
        input.indication = "crs"
        input.weightKg = "40"
        input.ageYears = "30"
        input.firstDose = true
        do {
            _ = try await fixture.workflow.order(PreparationOrder(patientId: "PAT-9", input: input), by: "dr-li")
            Issue.record("a CRS order without an episode was accepted")
        } catch {
            #expect(error.description.hasPrefix("--episode"))
        }
        let (record, _) = try await fixture.workflow.order(PreparationOrder(patientId: "PAT-9", episodeId: "CRS-1", input: input), by: "dr-li")
        #expect(record.episodeId == "CRS-1")
        #expect(try await fixture.events() == ["workflow.order", "workflow.calculate"])
    }

    @Test func badIdentifiersAreInputErrorsAndWriteNothing() async throws {
        let fixture = try await WorkflowFixture.make()
        for (patient, prescriber) in [("", "dr-li"), ("PAT 1", "dr-li"), ("PAT-1", ""), ("PAT-1", String(repeating: "x", count: 65))] {
            do {
                _ = try await fixture.workflow.order(WorkflowFixture.raOrder(patient: patient), by: prescriber)
                Issue.record("accepted patient '\(patient)' by '\(prescriber)'")
            } catch {
                #expect(error.isBadInput)
            }
        }
        #expect(try await fixture.journal.entries().isEmpty)
    }
}
