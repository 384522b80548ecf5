/// The pump state a fault hits, and how the cell reaches it and injects the fault there.
///
/// | State | Reached by | Fault injected | Then the operator |
/// |---|---|---|---|
/// | programmed | `program` | pump faults on the control channel; line faults by a `--fault ...@STRT` rule, so they hit the START exchange itself | starts |
/// | running | `program`, `start`, supervision sees the volume rise | control channel | watches (supervision runs) |
/// | paused | ... then the nurse pauses | pump faults on the control channel; line faults by `...@RESM`, so they hit the resume | resumes |
/// | completing | supervision runs | a `...@vi=96` rule: 96 of 100 mL, 144 s before the end, `nearend` raised (rem ≤ 300 s) | watches to the end |
enum MatrixState: String, CaseIterable, Sendable {
    case programmed
    case running
    case paused
    case completing

    /// The simulator's clock factor: 100 mL at 100 mL/h lasts 60 wall seconds at 60 (no cell lasts that long, so
    /// running stays running); at 900 the bag reaches 96 mL in 3.84 wall seconds and the last 4 mL take 0.16 s.
    var speed: Int { self == .completing ? 900 : 60 }

    /// The volume at which a completing cell's rule fires (of the 100 mL bag).
    static let completingVolumeMl = 96
}
