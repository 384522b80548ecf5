import Foundation
import FuzzSupport
import Monograph

/// The promises `MonographLoader` makes about every monograph it accepts, restated independently of its code.
///
/// The loader's documentation says a half-right monograph is worse than none: weight bands cover every weight with
/// no gap or overlap, laboratory bands of one table do not overlap, vials agree with the concentration, every value
/// cites a source. A fuzzer that only watched for crashes would miss a loader that accepts a broken file, so each
/// accepted monograph is checked here; a broken promise aborts (a finding). Interval arithmetic is written out again
/// rather than calling `DecimalInterval.contains`/`overlaps`, so a bug there is caught too.
enum MonographInvariants {
    /// Checks every promise; aborts on the first one broken.
    static func check(_ monograph: Monograph, file: String) {
        FuzzInvariant.require(monograph.file == file, "file is '\(monograph.file)', expected '\(file)'")
        FuzzInvariant.require(
            monograph.sha256.unicodeScalars.count == 64
                && monograph.sha256.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) },
            "sha256 '\(monograph.sha256)' is not 64 lowercase hex digits")
        checkDrug(monograph.drug)
        checkPreparation(monograph)
        checkStorage(monograph.storage)
        checkPositive(monograph.doseCapMg.value, "doseCapMg")
        checkSource(monograph.doseCapMg.source, "doseCapMg")
        for indication in Indication.allCases {
            checkIndication(monograph.rules(for: indication), expected: indication)
        }
        FuzzInvariant.require(!monograph.ageRules.isEmpty, "ageRules is empty")
        for (index, rule) in monograph.ageRules.enumerated() {
            let place = "ageRules[\(index)]"
            FuzzInvariant.require(rule.action != .reduce && rule.action != .discontinue, "\(place) action \(rule.action)")
            FuzzInvariant.require(!rule.indications.isEmpty, "\(place) has no indication")
            checkInterval(rule.years, place)
            checkCode(rule.code, place)
            checkText(rule.note, place)
            checkSource(rule.source, place)
        }
        for (name, rule) in [("hypersensitivity", monograph.hypersensitivity), ("activeInfection", monograph.activeInfection)] {
            FuzzInvariant.require(rule.action == .refuse || rule.action == .hold, "\(name) action \(rule.action)")
            checkText(rule.note, name)
            checkSource(rule.source, name)
        }
        checkLaboratory(monograph.laboratory)
        FuzzInvariant.require(!monograph.checklist.isEmpty, "preAdministrationChecklist is empty")
        for item in monograph.checklist {
            checkText(item.item, "checklist item")
            checkSource(item.source, "checklist item")
        }
    }

    // MARK: Sections

    private static func checkDrug(_ drug: Drug) {
        let concentration = drug.concentrationMgPerMl.value
        checkPositive(concentration, "concentrationMgPerMl")
        FuzzInvariant.require(!drug.vials.value.isEmpty, "no vials")
        for (index, vial) in drug.vials.value.enumerated() {
            checkPositive(vial.strengthMg, "vials[\(index)].strengthMg")
            checkPositive(vial.volumeMl, "vials[\(index)].volumeMl")
            FuzzInvariant.require(vial.strengthMg / vial.volumeMl == concentration,
                                  "vial \(vial.strengthMg) mg / \(vial.volumeMl) mL is not \(concentration) mg/mL")
            if index > 0 {
                let previous = drug.vials.value[index - 1]
                FuzzInvariant.require(previous.strengthMg < vial.strengthMg,
                                      "vials not strictly ascending: \(previous.strengthMg) then \(vial.strengthMg)")
            }
        }
        FuzzInvariant.require(!drug.tradeNames.value.isEmpty, "no trade names")
        drug.tradeNames.value.forEach { checkText($0, "tradeNames") }
        checkText(drug.genericName.value, "genericName")
        checkText(drug.appearance.value, "appearance")
        for (name, source) in [("genericName", drug.genericName.source), ("tradeNames", drug.tradeNames.source),
                               ("concentrationMgPerMl", drug.concentrationMgPerMl.source), ("vials", drug.vials.source),
                               ("appearance", drug.appearance.source)] {
            checkSource(source, "drug.\(name)")
        }
    }

    private static func checkPreparation(_ monograph: Monograph) {
        let rules = monograph.preparation
        let minimum = rules.minimumInfusionMinutes.value
        let standard = rules.defaultInfusionMinutes.value
        checkPositive(minimum, "minimumInfusionMinutes")
        FuzzInvariant.require(standard >= minimum, "defaultInfusionMinutes \(standard) < minimumInfusionMinutes \(minimum)")
        checkPositive(rules.drugVolumeStepMl.value, "drugVolumeStepMl")
        checkPositive(rules.concentrationStepMgPerMl.value, "concentrationStepMgPerMl")
        checkPositive(rules.rateStepMlPerHour.value, "rateStepMlPerHour")
        for text in [rules.diluent, rules.asepticTechnique, rules.method, rules.mixing, rules.inspection, rules.disposal,
                     rules.traceability] {
            checkText(text.value, "preparation")
            checkSource(text.source, "preparation")
        }
        let ranges = monograph.inputRanges
        for (name, range) in [("weightKg", ranges.weightKg), ("ageYears", ranges.ageYears), ("liverXUln", ranges.liverXUln),
                              ("ancE9PerL", ranges.ancE9PerL), ("plateletsE3PerUl", ranges.plateletsE3PerUl),
                              ("durationMinutes", ranges.durationMinutes)] {
            checkInterval(range.value, "inputRanges.\(name)")
            FuzzInvariant.require(range.value.lower >= 0 && range.value.upper != nil,
                                  "inputRanges.\(name) \(range.value) is not a finite range from 0 or more")
            checkSource(range.source, "inputRanges.\(name)")
        }
        let duration = ranges.durationMinutes.value
        FuzzInvariant.require(duration.lower >= minimum && holds(duration, standard),
                              "durationMinutes \(duration) must start at or above \(minimum) and hold \(standard)")
    }

    private static func checkStorage(_ storage: Storage) {
        let vials = storage.unopenedVials.value
        FuzzInvariant.require(vials.minimumCelsius < vials.maximumCelsius, "unopenedVials temperatures not ascending")
        let bag = storage.dilutedBag.value
        FuzzInvariant.require(bag.minimumCelsius < bag.maximumCelsius, "dilutedBag temperatures not ascending")
        checkPositive(bag.beyondUseHours, "beyondUseHours")
        checkText(bag.instruction, "dilutedBag.instruction")
        checkSource(storage.unopenedVials.source, "unopenedVials")
        checkSource(storage.dilutedBag.source, "dilutedBag")
    }

    private static func checkIndication(_ rules: IndicationMonograph, expected: Indication) {
        let place = expected.rawValue
        FuzzInvariant.require(rules.indication == expected, "\(place) holds the rules of \(rules.indication)")
        checkText(rules.name, "\(place).name")
        checkText(rules.worksheetNote.value, "\(place).worksheetNote")
        checkSource(rules.worksheetNote.source, "\(place).worksheetNote")
        FuzzInvariant.require(rules.doseCapIsPolicy == rules.doseCapSource.isPolicy, "\(place) doseCap policy flag disagrees")
        checkSource(rules.doseCapSource, "\(place).doseCap")
        checkPositive(rules.dosingIntervalHours.value, "\(place).dosingIntervalHours")
        if let maximum = rules.maximumDosesPerEpisode {
            FuzzInvariant.require((1...100).contains(maximum.value), "\(place) maximumDosesPerEpisode \(maximum.value)")
        }
        if let condition = rules.repeatDoseCondition {
            FuzzInvariant.require(condition.action == .hold, "\(place) repeatDoseCondition action \(condition.action)")
            checkText(condition.note, "\(place).repeatDoseCondition")
        }
        var allowed: [Decimal]?
        switch rules.dosing {
        case .prescribed(let allowedMgPerKg, let firstDose, let reduced):
            FuzzInvariant.require(!allowedMgPerKg.value.isEmpty, "\(place) prescribableMgPerKg is empty")
            allowedMgPerKg.value.forEach { checkPositive($0, "\(place).prescribableMgPerKg") }
            FuzzInvariant.require(allowedMgPerKg.value.contains(firstDose.value), "\(place) first dose not prescribable")
            FuzzInvariant.require(allowedMgPerKg.value.contains(reduced.value), "\(place) reduced dose not prescribable")
            FuzzInvariant.require(rules.bands.allSatisfy { $0.mgPerKg == nil }, "\(place) prescribed dosing has band doses")
            allowed = allowedMgPerKg.value
        case .byWeight(let margin):
            if let margin { checkPositive(margin.value, "\(place).bandEdgeMarginKg") }
            for band in rules.bands {
                guard let dose = band.mgPerKg else { FuzzInvariant.fail("\(place) weight band \(band.weightKg) has no dose") }
                checkPositive(dose, "\(place) band mgPerKg")
            }
        }
        checkBandsCoverEveryWeight(rules.bands, place)
        FuzzInvariant.require(rules.resume.isEmpty || rules.resume.count == HoldCause.allCases.count,
                              "\(place) resume lists \(rules.resume.count) of the \(HoldCause.allCases.count) hold causes")
        for (cause, resume) in rules.resume {
            checkCode(resume.code, "\(place).resume.\(cause)")
            checkText(resume.note, "\(place).resume.\(cause)")
            checkSource(resume.source, "\(place).resume.\(cause)")
            if case .mgPerKg(let dose) = resume.choice {
                checkPositive(dose, "\(place).resume.\(cause)")
                if let allowed {
                    FuzzInvariant.require(allowed.contains(dose), "\(place) resumes at \(dose) mg/kg, not prescribable")
                }
            }
        }
    }

    /// Weight bands must own every weight from 0 up exactly once.
    ///
    /// Checked at every band edge, between every two neighbouring edges and beyond the last one: any gap or overlap
    /// contains one of these points, whatever order the bands are listed in.
    private static func checkBandsCoverEveryWeight(_ bands: [WeightBand], _ place: String) {
        FuzzInvariant.require(!bands.isEmpty, "\(place) has no weight band")
        for band in bands {
            checkInterval(band.weightKg, "\(place) band")
            FuzzInvariant.require(band.weightKg.lower >= 0, "\(place) band \(band.weightKg) reaches below 0 kg")
            checkPositive(band.bagVolumeMl, "\(place) band bagVolumeMl")
            checkSource(band.source, "\(place) band")
        }
        FuzzInvariant.require(bands.filter { $0.weightKg.upper == nil }.count == 1, "\(place) bands do not end in exactly one inf)")
        var edges: [Decimal] = [0]
        for band in bands {
            edges.append(band.weightKg.lower)
            if let upper = band.weightKg.upper { edges.append(upper) }
        }
        edges = Array(Set(edges)).sorted()
        var samples = edges
        for (low, high) in zip(edges, edges.dropFirst()) { samples.append((low + high) / 2) }
        if let last = edges.last { samples.append(last + 1) }
        for weight in samples {
            let owners = bands.filter { holds($0.weightKg, weight) }.count
            FuzzInvariant.require(owners == 1, "\(place): weight \(weight) kg lies in \(owners) bands, expected exactly 1")
        }
    }

    private static func checkLaboratory(_ laboratory: LaboratoryRules) {
        FuzzInvariant.require(!laboratory.required.indications.isEmpty, "laboratory.required has no indication")
        checkSource(laboratory.required.source, "laboratory.required")
        FuzzInvariant.require(!laboratory.tables.isEmpty, "no laboratory table")
        for table in laboratory.tables {
            let place = "laboratory table '\(table.name)'"
            checkText(table.name, place)
            FuzzInvariant.require(!table.indications.isEmpty, "\(place) has no indication")
            FuzzInvariant.require(!table.rules.isEmpty, "\(place) has no rule")
            for (index, rule) in table.rules.enumerated() {
                checkInterval(rule.range, "\(place) rule \(index)")
                checkCode(rule.code, "\(place) rule \(index)")
                checkText(rule.note, "\(place) rule \(index)")
                checkSource(rule.source, "\(place) rule \(index)")
                FuzzInvariant.require(rule.persistentAction == nil || rule.measure == .liverXUln,
                                      "\(place) rule \(index): persistentAction on \(rule.measure)")
                for other in table.rules[..<index] where other.measure == rule.measure {
                    FuzzInvariant.require(!share(other.range, rule.range),
                                          "\(place): \(rule.measure) bands \(other.range) and \(rule.range) overlap")
                }
            }
        }
        for cause in HoldCause.allCases {
            FuzzInvariant.require(laboratory.resumeRules.contains { $0.after == cause }, "no resume rule after a \(cause) hold")
        }
        for rule in laboratory.resumeRules {
            checkInterval(rule.range, "resume rule after \(rule.after)")
            checkCode(rule.code, "resume rule after \(rule.after)")
            checkSource(rule.source, "resume rule after \(rule.after)")
        }
    }

    // MARK: Leaves

    private static func checkPositive(_ value: Decimal, _ place: String) {
        FuzzInvariant.require(value > 0 && !value.isNaN, "\(place) is \(value), expected a number above 0")
    }

    /// Text fields are trimmed and never empty (the loader refuses empty values).
    private static func checkText(_ text: String, _ place: String) {
        FuzzInvariant.require(!text.isEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines) == text,
                              "\(place) text '\(text)' is empty or untrimmed")
    }

    /// Reason codes are UPPER_SNAKE_CASE ASCII: they are matched by tests, logs and other programs.
    private static func checkCode(_ code: String, _ place: String) {
        FuzzInvariant.require(!code.isEmpty && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" },
                              "\(place) code '\(code)' is not UPPER_SNAKE_CASE ASCII")
    }

    /// A citation is `label 【section】 ...` with a non-empty section, or `policy: rationale`.
    private static func checkSource(_ source: Source, _ place: String) {
        switch source.kind {
        case .label(let section):
            let scalars = Array(section.unicodeScalars)
            FuzzInvariant.require(source.text.hasPrefix("label ") && scalars.count >= 3 && scalars.first == "【" && scalars.last == "】",
                                  "\(place) label citation '\(source.text)' has section '\(section)'")
        case .policy:
            let rationale = source.text.dropFirst("policy:".count).trimmingCharacters(in: .whitespaces)
            FuzzInvariant.require(source.text.hasPrefix("policy:") && !rationale.isEmpty, "\(place) policy citation '\(source.text)'")
        }
    }

    /// Every interval the loader accepts holds at least one value.
    private static func checkInterval(_ interval: DecimalInterval, _ place: String) {
        guard let upper = interval.upper else {
            FuzzInvariant.require(!interval.includesUpper, "\(place) \(interval) includes infinity")
            return
        }
        FuzzInvariant.require(interval.lower < upper || (interval.lower == upper && interval.includesLower && interval.includesUpper),
                              "\(place) interval \(interval) is empty")
    }

    /// Whether `value` lies in `interval`, written out here rather than calling `DecimalInterval.contains`.
    private static func holds(_ interval: DecimalInterval, _ value: Decimal) -> Bool {
        let aboveLower = interval.includesLower ? value >= interval.lower : value > interval.lower
        guard aboveLower else { return false }
        guard let upper = interval.upper else { return true }
        return interval.includesUpper ? value <= upper : value < upper
    }

    /// Whether two intervals share a value: their intersection, from the higher lower end to the lower upper end.
    private static func share(_ a: DecimalInterval, _ b: DecimalInterval) -> Bool {
        let low: (value: Decimal, included: Bool)
        if a.lower == b.lower {
            low = (a.lower, a.includesLower && b.includesLower)
        } else {
            low = a.lower > b.lower ? (a.lower, a.includesLower) : (b.lower, b.includesLower)
        }
        let high: (value: Decimal, included: Bool)
        switch (a.upper, b.upper) {
        case (nil, nil):
            return true
        case (let upper?, nil):
            high = (upper, a.includesUpper)
        case (nil, let upper?):
            high = (upper, b.includesUpper)
        case (let upperA?, let upperB?):
            if upperA == upperB {
                high = (upperA, a.includesUpper && b.includesUpper)
            } else {
                high = upperA < upperB ? (upperA, a.includesUpper) : (upperB, b.includesUpper)
            }
        }
        if low.value < high.value { return true }
        return low.value == high.value && low.included && high.included
    }
}
