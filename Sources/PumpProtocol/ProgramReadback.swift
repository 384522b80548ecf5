/// The reply to READ PROGRAM (docs/protocol.md §7.5): the program exactly as the pump stored it, and its token.
///
/// The client compares `program` with what it sent, field by field as decimal values, and only then may send START
/// with `token`; this is the only place the token is revealed.
public struct ProgramReadback: Sendable, Hashable {
    /// The stored program.
    public let program: PumpProgram
    /// The token START must carry.
    public let token: ProgramToken

    /// Creates a read-back.
    public init(program: PumpProgram, token: ProgramToken) {
        self.program = program
        self.token = token
    }

    var fields: [PayloadField] {
        program.fields + [PayloadField(.token, token.description)]
    }

    init(reading frame: Frame) throws(MessageError) {
        let keys = PumpProgram.keys + [.token]
        let reader = try FieldReader(frame, accepted: keys, required: keys, strict: false)
        program = try PumpProgram(reading: reader)
        token = try reader.parsed(.token, ProgramToken.init(wireText:))
    }
}
