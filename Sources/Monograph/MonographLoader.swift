import ConfigFile
import Crypto
import Foundation

/// Reads `Config/tocilizumab.yaml` into a ``Monograph`` and refuses it unless it is complete and consistent.
///
/// A monograph drives doses, so a half-right file is worse than none: every field is required, unknown fields are
/// refused, every value must cite its source, weight bands must cover every weight without overlap, laboratory bands
/// of one table must not overlap, and the vials must agree with the stated concentration. Errors name the file, the
/// field and the line.
public enum MonographLoader {
    /// The schema version this loader understands.
    public static let schemaVersion = 1

    /// Loads and checks the monograph at `path`.
    public static func load(path: String) throws(ConfigError) -> Monograph {
        try build(ConfigDocument.load(path: path), file: path)
    }

    /// Parses and checks monograph `bytes`, naming them `file` in errors.
    public static func parse(_ bytes: Data, file: String) throws(ConfigError) -> Monograph {
        try build(ConfigDocument.parse(bytes, file: file), file: file)
    }

    private static func build(_ document: ConfigDocument, file: String) throws(ConfigError) -> Monograph {
        let root = document.root
        try root.requireOnlyFields([
            "schemaVersion", "drug", "preparation", "storage", "inputRanges", "doseCapMg", "indications",
            "ageRules", "contraindications", "laboratory", "preAdministrationChecklist",
        ])
        let version = try root.field("schemaVersion")
        guard try version.int() == schemaVersion else {
            throw version.error("this program reads schema version \(schemaVersion)")
        }
        let drug = try readDrug(root.field("drug"))
        let preparation = try readPreparation(root.field("preparation"))
        let inputRanges = try readInputRanges(root.field("inputRanges"), preparation: preparation)
        let doseCap = try sourced(root.field("doseCapMg")) { node throws(ConfigError) in try positive(node) }
        let indications = try root.field("indications")
        try indications.requireOnlyFields(Set(Indication.allCases.map(\.rawValue)))
        let contraindications = try root.field("contraindications")
        try contraindications.requireOnlyFields(["hypersensitivity", "activeInfection"])
        let digest = SHA256.hash(data: document.bytes).map { String(format: "%02x", $0) }.joined()
        return Monograph(
            file: file,
            sha256: digest,
            drug: drug,
            preparation: preparation,
            storage: try readStorage(root.field("storage")),
            inputRanges: inputRanges,
            doseCapMg: doseCap,
            ra: try readIndication(.ra, indications.field("ra")),
            sjia: try readIndication(.sjia, indications.field("sjia")),
            crs: try readIndication(.crs, indications.field("crs")),
            ageRules: try root.field("ageRules").nonEmptyItems().map { node throws(ConfigError) in try readAgeRule(node) },
            hypersensitivity: try readCondition(contraindications.field("hypersensitivity")),
            activeInfection: try readCondition(contraindications.field("activeInfection")),
            laboratory: try readLaboratory(root.field("laboratory")),
            checklist: try root.field("preAdministrationChecklist").nonEmptyItems().map { node throws(ConfigError) in
                try node.requireOnlyFields(["item", "source"])
                return ChecklistItem(item: try node.field("item").string(), source: try source(node.field("source")))
            }
        )
    }

    // MARK: Sections

    private static func readDrug(_ node: ConfigNode) throws(ConfigError) -> Drug {
        try node.requireOnlyFields(["genericName", "tradeNames", "concentrationMgPerMl", "vials", "pumpDrugId", "appearance"])
        let pumpDrugId = try sourcedString(node.field("pumpDrugId"))
        let allowed = pumpDrugId.value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        guard allowed, pumpDrugId.value.count <= 32 else {
            throw try node.field("pumpDrugId").field("value").error("a pump drug id is 1-32 letters, digits, '.', '_' or '-'")
        }
        let concentration = try sourced(node.field("concentrationMgPerMl")) { n throws(ConfigError) in try positive(n) }
        let vials = try sourced(node.field("vials")) { list throws(ConfigError) -> [VialSize] in
            var sizes: [VialSize] = []
            for item in try list.nonEmptyItems() {
                try item.requireOnlyFields(["strengthMg", "volumeMl"])
                let size = VialSize(strengthMg: try positive(item.field("strengthMg")), volumeMl: try positive(item.field("volumeMl")))
                guard size.strengthMg / size.volumeMl == concentration.value else {
                    throw item.error("\(size.strengthMg) mg in \(size.volumeMl) mL is not the stated \(concentration.value) mg/mL")
                }
                guard !sizes.contains(where: { $0.strengthMg == size.strengthMg }) else {
                    throw item.error("lists the \(size.strengthMg) mg vial twice")
                }
                sizes.append(size)
            }
            return sizes.sorted { $0.strengthMg < $1.strengthMg }
        }
        return Drug(
            genericName: try sourcedString(node.field("genericName")),
            tradeNames: try sourced(node.field("tradeNames")) { n throws(ConfigError) in
                try n.nonEmptyItems().map { item throws(ConfigError) in try item.string() }
            },
            concentrationMgPerMl: concentration,
            vials: vials,
            pumpDrugId: pumpDrugId,
            appearance: try sourcedString(node.field("appearance"))
        )
    }

    private static func readPreparation(_ node: ConfigNode) throws(ConfigError) -> PreparationRules {
        try node.requireOnlyFields([
            "diluent", "asepticTechnique", "method", "mixing", "inspection", "disposal", "traceability",
            "minimumInfusionMinutes", "defaultInfusionMinutes", "drugVolumeStepMl", "concentrationStepMgPerMl",
            "rateStepMlPerHour",
        ])
        let minimum = try sourced(node.field("minimumInfusionMinutes")) { n throws(ConfigError) in try positive(n) }
        let defaultMinutes = try sourced(node.field("defaultInfusionMinutes")) { n throws(ConfigError) in try positive(n) }
        if defaultMinutes.value < minimum.value {
            throw try node.field("defaultInfusionMinutes").error("must not be shorter than minimumInfusionMinutes (\(minimum.value))")
        }
        return PreparationRules(
            diluent: try sourcedString(node.field("diluent")),
            asepticTechnique: try sourcedString(node.field("asepticTechnique")),
            method: try sourcedString(node.field("method")),
            mixing: try sourcedString(node.field("mixing")),
            inspection: try sourcedString(node.field("inspection")),
            disposal: try sourcedString(node.field("disposal")),
            traceability: try sourcedString(node.field("traceability")),
            minimumInfusionMinutes: minimum,
            defaultInfusionMinutes: defaultMinutes,
            drugVolumeStepMl: try sourced(node.field("drugVolumeStepMl")) { n throws(ConfigError) in try positive(n) },
            concentrationStepMgPerMl: try sourced(node.field("concentrationStepMgPerMl")) { n throws(ConfigError) in try positive(n) },
            rateStepMlPerHour: try sourced(node.field("rateStepMlPerHour")) { n throws(ConfigError) in try positive(n) }
        )
    }

    private static func readStorage(_ node: ConfigNode) throws(ConfigError) -> Storage {
        try node.requireOnlyFields(["unopenedVials", "dilutedBag"])
        let vials = try sourced(node.field("unopenedVials")) { n throws(ConfigError) -> VialStorage in
            try n.requireOnlyFields(["minimumCelsius", "maximumCelsius", "protectFromLight", "doNotFreeze"])
            let (low, high) = try temperatures(n)
            return VialStorage(
                minimumCelsius: low, maximumCelsius: high,
                protectFromLight: try n.field("protectFromLight").bool(), doNotFreeze: try n.field("doNotFreeze").bool()
            )
        }
        let bag = try sourced(node.field("dilutedBag")) { n throws(ConfigError) -> BagStorage in
            try n.requireOnlyFields(["instruction", "beyondUseHours", "minimumCelsius", "maximumCelsius"])
            let (low, high) = try temperatures(n)
            return BagStorage(
                instruction: try n.field("instruction").string(), beyondUseHours: try positive(n.field("beyondUseHours")),
                minimumCelsius: low, maximumCelsius: high
            )
        }
        return Storage(unopenedVials: vials, dilutedBag: bag)
    }

    private static func temperatures(_ node: ConfigNode) throws(ConfigError) -> (Decimal, Decimal) {
        let low = try node.field("minimumCelsius").decimal()
        let high = try node.field("maximumCelsius").decimal()
        guard low < high else { throw try node.field("maximumCelsius").error("must be above minimumCelsius (\(low))") }
        return (low, high)
    }

    private static func readInputRanges(_ node: ConfigNode, preparation: PreparationRules) throws(ConfigError) -> InputRanges {
        try node.requireOnlyFields(["weightKg", "ageYears", "liverXUln", "ancE9PerL", "plateletsE3PerUl", "durationMinutes"])
        func range(_ key: String) throws(ConfigError) -> Sourced<DecimalInterval> {
            let ranged = try sourced(node.field(key)) { n throws(ConfigError) in try interval(n) }
            guard ranged.value.upper != nil, ranged.value.lower >= 0 else {
                throw try node.field(key).error("an input range needs a lower end of 0 or more and a finite upper end")
            }
            return ranged
        }
        let duration = try range("durationMinutes")
        let minimum = preparation.minimumInfusionMinutes.value
        guard duration.value.lower >= minimum, duration.value.contains(preparation.defaultInfusionMinutes.value) else {
            throw try node.field("durationMinutes").error(
                "must start at or above minimumInfusionMinutes (\(minimum)) and contain defaultInfusionMinutes")
        }
        return InputRanges(
            weightKg: try range("weightKg"), ageYears: try range("ageYears"), liverXUln: try range("liverXUln"),
            ancE9PerL: try range("ancE9PerL"), plateletsE3PerUl: try range("plateletsE3PerUl"), durationMinutes: duration
        )
    }

    private static func readIndication(_ indication: Indication, _ node: ConfigNode) throws(ConfigError) -> IndicationMonograph {
        try node.requireOnlyFields([
            "name", "worksheetNote", "dosing", "doseCap", "dosingIntervalHours", "maximumDosesPerEpisode",
            "repeatDoseCondition", "resume",
        ])
        let dosingNode = try node.field("dosing")
        let mode = try dosingNode.field("mode").string()
        let dosing: DosingMode
        switch mode {
        case "prescribed":
            try dosingNode.requireOnlyFields(["mode", "prescribableMgPerKg", "firstDoseDefaultMgPerKg", "reducedMgPerKg", "bands"])
            let allowed = try sourced(dosingNode.field("prescribableMgPerKg")) { n throws(ConfigError) in
                try n.nonEmptyItems().map { item throws(ConfigError) in try positive(item) }
            }
            let firstDefault = try sourced(dosingNode.field("firstDoseDefaultMgPerKg")) { n throws(ConfigError) in try positive(n) }
            let reduced = try sourced(dosingNode.field("reducedMgPerKg")) { n throws(ConfigError) in try positive(n) }
            guard allowed.value.contains(firstDefault.value) else {
                throw try dosingNode.field("firstDoseDefaultMgPerKg").error("must be one of prescribableMgPerKg")
            }
            guard allowed.value.contains(reduced.value) else {
                throw try dosingNode.field("reducedMgPerKg").error("must be one of prescribableMgPerKg")
            }
            dosing = .prescribed(allowedMgPerKg: allowed, firstDoseDefaultMgPerKg: firstDefault, reducedMgPerKg: reduced)
        case "byWeight":
            try dosingNode.requireOnlyFields(["mode", "bands", "bandEdgeMarginKg"])
            let margin = try dosingNode.optionalField("bandEdgeMarginKg").map { n throws(ConfigError) in
                try sourced(n) { v throws(ConfigError) in try positive(v) }
            }
            dosing = .byWeight(bandEdgeMarginKg: margin)
        default:
            throw try dosingNode.field("mode").error("expected prescribed or byWeight, found '\(mode)'")
        }
        let bands = try readBands(dosingNode.field("bands"), byWeight: mode == "byWeight")

        let cap = try node.field("doseCap")
        try cap.requireOnlyFields(["source", "policy"])
        let capSource = try source(cap.field("source"))
        let capIsPolicy = try cap.field("policy").bool()
        guard capIsPolicy == capSource.isPolicy else {
            throw try cap.field("policy").error("must agree with the source: \(capIsPolicy) but the source is \(capSource.isPolicy ? "policy" : "label")")
        }

        let maximumDoses = try node.optionalField("maximumDosesPerEpisode").map { n throws(ConfigError) in
            try sourced(n) { v throws(ConfigError) in try v.int(in: 1...100) }
        }
        let repeatCondition = try node.optionalField("repeatDoseCondition").map { n throws(ConfigError) -> ConditionRule in
            try n.requireOnlyFields(["note", "source"])
            return ConditionRule(action: .hold, note: try n.field("note").string(), source: try source(n.field("source")))
        }
        var resume: [HoldCause: ResumeDose] = [:]
        if let resumeNode = try node.optionalField("resume") {
            let keys: [HoldCause: String] = [.liver: "afterLiver", .anc: "afterAnc", .platelets: "afterPlatelets"]
            try resumeNode.requireOnlyFields(Set(keys.values))
            for cause in HoldCause.allCases {
                guard let key = keys[cause] else { continue }
                resume[cause] = try readResumeDose(resumeNode.field(key), dosing: dosing)
            }
        }
        return IndicationMonograph(
            indication: indication,
            name: try node.field("name").string(),
            worksheetNote: try sourcedString(node.field("worksheetNote")),
            dosing: dosing,
            bands: bands,
            doseCapIsPolicy: capIsPolicy,
            doseCapSource: capSource,
            dosingIntervalHours: try sourced(node.field("dosingIntervalHours")) { n throws(ConfigError) in try positive(n) },
            maximumDosesPerEpisode: maximumDoses,
            repeatDoseCondition: repeatCondition,
            resume: resume
        )
    }

    private static func readBands(_ node: ConfigNode, byWeight: Bool) throws(ConfigError) -> [WeightBand] {
        var bands: [WeightBand] = []
        for item in try node.nonEmptyItems() {
            try item.requireOnlyFields(byWeight ? ["weightKg", "mgPerKg", "bagVolumeMl", "source"] : ["weightKg", "bagVolumeMl", "source"])
            let band = WeightBand(
                weightKg: try interval(item.field("weightKg")),
                mgPerKg: byWeight ? try positive(item.field("mgPerKg")) : nil,
                bagVolumeMl: try positive(item.field("bagVolumeMl")),
                source: try source(item.field("source"))
            )
            if let clash = bands.first(where: { $0.weightKg.overlaps(band.weightKg) }) {
                throw try item.field("weightKg").error("overlaps the band \(clash.weightKg)")
            }
            bands.append(band)
        }
        bands.sort { $0.weightKg.lower < $1.weightKg.lower }
        // The bands must cover [0, inf) with no gap: each starts where the previous ended, with exactly one owning the edge.
        guard let first = bands.first, first.weightKg.lower == 0, first.weightKg.includesLower else {
            throw node.error("weight bands must start at [0")
        }
        for (previous, next) in zip(bands, bands.dropFirst()) {
            guard let end = previous.weightKg.upper, end == next.weightKg.lower,
                  previous.weightKg.includesUpper != next.weightKg.includesLower
            else { throw node.error("weight bands \(previous.weightKg) and \(next.weightKg) leave a gap or overlap") }
        }
        guard bands.last?.weightKg.upper == nil else { throw node.error("the last weight band must end at inf)") }
        return bands
    }

    private static func readResumeDose(_ node: ConfigNode, dosing: DosingMode) throws(ConfigError) -> ResumeDose {
        try node.requireOnlyFields(["mgPerKg", "code", "note", "source"])
        let dose = try node.field("mgPerKg")
        let choice: ResumeDose.Choice
        switch try dose.string() {
        case "prescribed": choice = .prescribed
        case "weight": choice = .weightBand
        default:
            let value = try positive(dose)
            if case .prescribed(let allowed, _, _) = dosing, !allowed.value.contains(value) {
                throw dose.error("must be one of prescribableMgPerKg, prescribed or weight")
            }
            choice = .mgPerKg(value)
        }
        return ResumeDose(choice: choice, code: try code(node.field("code")), note: try node.field("note").string(),
                          source: try source(node.field("source")))
    }

    private static func readAgeRule(_ node: ConfigNode) throws(ConfigError) -> AgeRule {
        try node.requireOnlyFields(["indications", "years", "action", "code", "note", "source"])
        let action = try node.field("action").oneOf(RuleAction.self)
        guard action != .reduce, action != .discontinue else {
            throw try node.field("action").error("an age rule can refuse, hold or caution")
        }
        return AgeRule(
            indications: try indicationSet(node.field("indications")), years: try interval(node.field("years")),
            action: action, code: try code(node.field("code")), note: try node.field("note").string(),
            source: try source(node.field("source"))
        )
    }

    private static func readCondition(_ node: ConfigNode) throws(ConfigError) -> ConditionRule {
        try node.requireOnlyFields(["action", "note", "source"])
        let action = try node.field("action").oneOf(RuleAction.self)
        guard action == .refuse || action == .hold else { throw try node.field("action").error("expected refuse or hold") }
        return ConditionRule(action: action, note: try node.field("note").string(), source: try source(node.field("source")))
    }

    private static func readLaboratory(_ node: ConfigNode) throws(ConfigError) -> LaboratoryRules {
        try node.requireOnlyFields(["required", "tables", "resumeRules"])
        let requiredNode = try node.field("required")
        try requiredNode.requireOnlyFields(["indications", "action", "note", "source"])
        let required = LaboratoryRequirement(
            indications: try indicationSet(requiredNode.field("indications")),
            action: try requiredNode.field("action").oneOf(RuleAction.self),
            note: try requiredNode.field("note").string(),
            source: try source(requiredNode.field("source"))
        )
        var tables: [LaboratoryTable] = []
        for tableNode in try node.field("tables").nonEmptyItems() {
            try tableNode.requireOnlyFields(["name", "indications", "therapy", "source", "rules"])
            let tableSource = try source(tableNode.field("source"))
            var rules: [LaboratoryRule] = []
            for ruleNode in try tableNode.field("rules").nonEmptyItems() {
                try ruleNode.requireOnlyFields(["measure", "range", "action", "persistentAction", "code", "note"])
                let measure = try ruleNode.field("measure").oneOf(LaboratoryMeasure.self)
                let persistent = try ruleNode.optionalField("persistentAction").map { n throws(ConfigError) in
                    try n.oneOf(RuleAction.self)
                }
                if persistent != nil && measure != .liverXUln {
                    throw try ruleNode.field("persistentAction").error("only liverXUln rows have a persistent variant")
                }
                let rule = LaboratoryRule(
                    measure: measure, range: try interval(ruleNode.field("range")),
                    action: try ruleNode.field("action").oneOf(RuleAction.self), persistentAction: persistent,
                    code: try code(ruleNode.field("code")), note: try ruleNode.field("note").string(), source: tableSource
                )
                if let clash = rules.first(where: { $0.measure == measure && $0.range.overlaps(rule.range) }) {
                    throw try ruleNode.field("range").error("overlaps the \(measure.rawValue) band \(clash.range) of the same table")
                }
                rules.append(rule)
            }
            tables.append(LaboratoryTable(
                name: try tableNode.field("name").string(), indications: try indicationSet(tableNode.field("indications")),
                therapy: try tableNode.field("therapy").oneOf(TherapyScope.self), rules: rules
            ))
        }
        var resumeRules: [ResumeRule] = []
        for ruleNode in try node.field("resumeRules").nonEmptyItems() {
            try ruleNode.requireOnlyFields(["after", "measure", "range", "action", "code", "note", "source"])
            resumeRules.append(ResumeRule(
                after: try ruleNode.field("after").oneOf(HoldCause.self),
                measure: try ruleNode.field("measure").oneOf(LaboratoryMeasure.self),
                range: try interval(ruleNode.field("range")),
                action: try ruleNode.field("action").oneOf(RuleAction.self),
                code: try code(ruleNode.field("code")), note: try ruleNode.field("note").string(),
                source: try source(ruleNode.field("source"))
            ))
        }
        for cause in HoldCause.allCases where !resumeRules.contains(where: { $0.after == cause }) {
            throw try node.field("resumeRules").error("has no rule for resuming after a \(cause.rawValue) hold")
        }
        return LaboratoryRules(required: required, tables: tables, resumeRules: resumeRules)
    }

    // MARK: Leaves

    private static func source(_ node: ConfigNode) throws(ConfigError) -> Source {
        let text = try node.string()
        guard let source = Source(citation: text) else {
            throw node.error("expected 'label 【section】 ...' or 'policy: rationale', found '\(text)'")
        }
        return source
    }

    private static func sourced<T: Sendable>(
        _ node: ConfigNode, _ read: (ConfigNode) throws(ConfigError) -> T
    ) throws(ConfigError) -> Sourced<T> {
        try node.requireOnlyFields(["value", "source"])
        return Sourced(try read(node.field("value")), source: try source(node.field("source")))
    }

    private static func sourcedString(_ node: ConfigNode) throws(ConfigError) -> Sourced<String> {
        try sourced(node) { n throws(ConfigError) in try n.string() }
    }

    private static func positive(_ node: ConfigNode) throws(ConfigError) -> Decimal {
        let value = try node.decimal()
        guard value > 0 else { throw node.error("must be greater than 0, found \(value)") }
        return value
    }

    private static func interval(_ node: ConfigNode) throws(ConfigError) -> DecimalInterval {
        let text = try node.string()
        guard let interval = DecimalInterval(notation: text) else {
            throw node.error("expected an interval such as [0, 30), (3, 5] or [65, inf), found '\(text)'")
        }
        return interval
    }

    private static func code(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.string()
        guard text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
            throw node.error("a reason code is UPPER_SNAKE_CASE ASCII, found '\(text)'")
        }
        return text
    }

    private static func indicationSet(_ node: ConfigNode) throws(ConfigError) -> Set<Indication> {
        Set(try node.nonEmptyItems().map { item throws(ConfigError) in try item.oneOf(Indication.self) })
    }
}
