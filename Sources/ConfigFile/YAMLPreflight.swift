import CYaml
import Foundation

/// A first pass over libyaml's event stream, before anything is composed, refusing what a configuration file never
/// needs and what makes composing explode: anchors and aliases (a "billion laughs" expands exponentially, and an
/// alias used as a key makes the composer hash its whole expansion), non-scalar mapping keys (comparing duplicate
/// complex keys takes exponential time), explicit tags (`!!binary` would be silently read as text), and nesting
/// deeper than any configuration has.
///
/// Found by fuzzing the monograph loader (docs/fuzzing.md): each of these made a few hundred bytes hang the loader.
enum YAMLPreflight {
    /// Deeper nesting is refused; the monograph nests 6 levels.
    static let maximumDepth = 32

    static func check(_ text: String, file: String) throws(ConfigError) {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw ConfigError(file: file, field: "", line: nil, problem: "cannot be read (the YAML parser could not start)")
        }
        defer { yaml_parser_delete(&parser) }
        var containers: [(isMapping: Bool, expectingKey: Bool)] = []
        try bytes.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<UInt8>) throws(ConfigError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                // A syntax error is left to the composer, which reports it with its line and problem.
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                func refuse(_ problem: String) -> ConfigError {
                    ConfigError(file: file, field: "", line: line, problem: problem)
                }
                func startNode(scalar: Bool) throws(ConfigError) {
                    if let top = containers.last, top.isMapping, top.expectingKey, !scalar {
                        throw refuse("mapping keys must be plain names, not lists or mappings")
                    }
                }
                func endNode() {
                    if let last = containers.indices.last, containers[last].isMapping {
                        containers[last].expectingKey.toggle()
                    }
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    throw refuse("YAML aliases are not accepted; write the value out")
                case YAML_SCALAR_EVENT:
                    if event.data.scalar.anchor != nil { throw refuse("YAML anchors are not accepted; write the value out") }
                    if event.data.scalar.tag != nil { throw refuse("YAML tags (!!...) are not accepted") }
                    try startNode(scalar: true)
                    endNode()
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                    let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                    if anchor != nil { throw refuse("YAML anchors are not accepted; write the value out") }
                    if tag != nil { throw refuse("YAML tags (!!...) are not accepted") }
                    try startNode(scalar: false)
                    containers.append((isMapping, true))
                    if containers.count > maximumDepth {
                        throw refuse("nests deeper than \(maximumDepth) levels")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    _ = containers.popLast()
                    endNode()
                default:
                    continue
                }
            }
        }
    }
}
