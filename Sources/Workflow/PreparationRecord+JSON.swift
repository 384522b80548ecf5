import Foundation
import Preparation

extension PreparationRecord: Encodable {
    private enum CodingKeys: String, CodingKey {
        case preparationId, patientId, indication, episodeId, state, heldFrom, plan, pharmacist, preparer, checker, vials
        case pump, startRequested, startedAt, volumeInfusedMl, lastSequence
    }

    private enum PlanKeys: String, CodingKey {
        case decision, mgPerKg, doseMg, drugVolumeMl, salineWithdrawMl, bagVolumeMl, finalVolumeMl, concentrationMgPerMl
        case rateMlPerHour, durationMinutes, vials, beyondUseAt, monographSha256
    }

    private enum VialKeys: String, CodingKey { case gtin, lot, expiry, serial, strengthMg, tradeName, strengthMgCount = "count" }
    private enum PumpKeys: String, CodingKey { case endpoint, address, serial, bootId, token }

    /// The record as JSON for scripts and pharmacy systems: every field present, null where it does not apply.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .preparationId)
        try container.encode(patientId, forKey: .patientId)
        try container.encode(indication, forKey: .indication)
        try container.encode(episodeId, forKey: .episodeId)
        try container.encode(state, forKey: .state)
        try container.encode(heldFrom, forKey: .heldFrom)
        if let plan {
            var nested = container.nestedContainer(keyedBy: PlanKeys.self, forKey: .plan)
            try nested.encode(plan.decision, forKey: .decision)
            try nested.encode(plan.mgPerKg, forKey: .mgPerKg)
            try nested.encode(plan.doseMg, forKey: .doseMg)
            try nested.encode(plan.drugVolumeMl, forKey: .drugVolumeMl)
            try nested.encode(plan.salineWithdrawMl, forKey: .salineWithdrawMl)
            try nested.encode(plan.bagVolumeMl, forKey: .bagVolumeMl)
            try nested.encode(plan.finalVolumeMl, forKey: .finalVolumeMl)
            try nested.encode(plan.concentrationMgPerMl, forKey: .concentrationMgPerMl)
            try nested.encode(plan.rateMlPerHour, forKey: .rateMlPerHour)
            try nested.encode(plan.durationMinutes, forKey: .durationMinutes)
            var vials = nested.nestedUnkeyedContainer(forKey: .vials)
            for strength in plan.vials.keys.sorted(by: >) {
                var vial = vials.nestedContainer(keyedBy: VialKeys.self)
                try vial.encode(strength, forKey: .strengthMg)
                try vial.encode(plan.vials[strength] ?? 0, forKey: .strengthMgCount)
            }
            try nested.encode(Timestamp.format(plan.beyondUseAt), forKey: .beyondUseAt)
            try nested.encode(plan.monographSha256, forKey: .monographSha256)
        } else {
            try container.encodeNil(forKey: .plan)
        }
        try container.encode(pharmacist, forKey: .pharmacist)
        try container.encode(preparer, forKey: .preparer)
        try container.encode(checker, forKey: .checker)
        var vialList = container.nestedUnkeyedContainer(forKey: .vials)
        for vial in vials {
            var item = vialList.nestedContainer(keyedBy: VialKeys.self)
            try item.encode(vial.gtin, forKey: .gtin)
            try item.encode(vial.lot, forKey: .lot)
            try item.encode(vial.expiry, forKey: .expiry)
            try item.encode(vial.serial, forKey: .serial)
            try item.encode(vial.strengthMg, forKey: .strengthMg)
            try item.encode(vial.tradeName, forKey: .tradeName)
        }
        if let pump {
            var nested = container.nestedContainer(keyedBy: PumpKeys.self, forKey: .pump)
            try nested.encode(pump.endpoint, forKey: .endpoint)
            try nested.encode(pump.address, forKey: .address)
            try nested.encode(pump.serial, forKey: .serial)
            try nested.encode(pump.bootId, forKey: .bootId)
            try nested.encode(pump.token, forKey: .token)
        } else {
            try container.encodeNil(forKey: .pump)
        }
        try container.encode(startRequested, forKey: .startRequested)
        try container.encode(startedAt.map(Timestamp.format), forKey: .startedAt)
        try container.encode(volumeInfusedMl, forKey: .volumeInfusedMl)
        try container.encode(lastSequence, forKey: .lastSequence)
    }
}
